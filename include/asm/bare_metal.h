/* The devices of the bare-metal (QEMU or PC) platform. */
#ifndef ASM_BARE_METAL_H
#define ASM_BARE_METAL_H

#include <asm/platform.h>
#include <pvkern/types.h>

void serial_init(void);
void serial_write(const char *s, size_t n);
void pic_init(void);
void pic_mask(unsigned int irq);
void pic_unmask(unsigned int irq);
void pic_eoi(unsigned int irq);
bool pic_latched(unsigned int irq);
void pit_start(unsigned int hz);
void bare_metal_percpu_load(unsigned int cpu, unsigned long offset);

extern const struct platform_ops bare_metal_platform;
/* Serial, IDT and interrupt controller: what every bare-metal entry needs. */
void bare_metal_early_setup(void);

#endif
