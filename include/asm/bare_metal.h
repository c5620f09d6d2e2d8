/* The devices of the bare-metal (QEMU or PC) platform. */
#ifndef ASM_BARE_METAL_H
#define ASM_BARE_METAL_H

#include <asm/platform.h>
#include <pvkern/types.h>

void serial_init(void);
void serial_write(const char *s, size_t n);
/* Whether a received byte waits (the byte stays unread). */
bool serial_byte_ready(void);
void pic_init(void);
void pic_mask(unsigned int irq);
void pic_unmask(unsigned int irq);
void pic_eoi(unsigned int irq);
bool pic_latched(unsigned int irq);
void pit_start(unsigned int hz);
void pit_delay_us(unsigned long us);
/* The tick (tick.c): the local APIC timer of each CPU, else the PIT. */
void bare_metal_timer_start(unsigned int hz);
/* Interrupt lines: the PIC's, and the tick's on the local APIC. */
void bare_metal_irq_mask(unsigned int irq);
void bare_metal_irq_unmask(unsigned int irq);
void bare_metal_irq_eoi(unsigned int irq);
bool bare_metal_irq_latched(unsigned int irq);
void bare_metal_percpu_load(unsigned int cpu, unsigned long offset);
void bare_metal_start_aps(const u32 *apic_ids, unsigned int n);
void bare_metal_wake_cpu(unsigned int cpu);
void bare_metal_wait_for_work(void);

/* ACPI (acpi_power.c): read the tables at boot; power off (if asked), else reset. */
void pc_acpi_init(const struct boot_info *boot);
void pc_power_off(bool try_s5) __noreturn;
/* The \_S5 values and PM1 blocks pc_acpi_init() found, or NULL. */
struct acpi_poweroff_info;
const struct acpi_poweroff_info *pc_acpi_poweroff_info(void);
struct acpi_table;
/* A table the firmware lists (e.g. "APIC", the MADT), checked as acpi_find_table() does. */
const char *pc_acpi_find_table(const char *sig, unsigned int instance, struct acpi_table *t);

extern const struct platform_ops bare_metal_platform;
/* Serial, IDT and interrupt controller: what every bare-metal entry needs. */
void bare_metal_early_setup(void);

#endif
