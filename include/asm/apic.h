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
u32 lapic_id(void);
void lapic_eoi(void);
void lapic_send_ipi(u32 apic_id, u8 vector);
/* INIT, then the startup IPIs, as the MP specification has it. */
void lapic_send_init(u32 apic_id);
void lapic_send_startup(u32 apic_id, u8 page);
#endif

#endif
