/*
 * The local APIC (xAPIC, memory-mapped): one per CPU, for inter-processor
 * interrupts and starting the other CPUs. Bare metal only; a Xen PV guest
 * has event channels instead.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

/* Vectors above the PIC's (0x20-0x2f), each with an entry stub. */
#define IPI_VECTOR 0x30
#define SPURIOUS_VECTOR 0x3f /* low four bits must be 1 on P6-era APICs */

/* Where an AP starts: a page below 1 MiB, as a SIPI vector (page number). */
#define TRAMPOLINE_BASE 0x8000
#define TRAMPOLINE_SIZE 0x1000

#ifndef __ASSEMBLY__
#include <pvkern/types.h>

/* Maps and enables this CPU's local APIC; false if the CPU has none. */
bool lapic_init(void);
/* Whether lapic_init() found one (on the boot CPU). */
bool lapic_present(void);
u32 lapic_id(void);
void lapic_eoi(void);
void lapic_send_ipi(u32 apic_id, u8 vector);
/* INIT, then the startup IPIs, as the MP specification has it. */
void lapic_send_init(u32 apic_id);
void lapic_send_startup(u32 apic_id, u8 page);

/* The local APIC timer counts the bus clock divided by this. */
#define LAPIC_TIMER_DIVIDER 16
/* Count down once from count, masked (no interrupt): for calibration. */
void lapic_timer_oneshot(u32 count);
u32 lapic_timer_current(void);
/* An interrupt on vector every count (divided) bus clocks, on this CPU. */
void lapic_timer_periodic(u8 vector, u32 count);
void lapic_timer_mask(bool masked);
/* Whether vector waits in this CPU's request register (IRR). */
bool lapic_requested(u8 vector);
#endif

#endif
