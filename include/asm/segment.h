/* Selectors of the boot GDT (arch/x86/boot/gdt.S). */
#ifndef ASM_SEGMENT_H
#define ASM_SEGMENT_H

#define GDT_KERNEL_CS32 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_KERNEL_CS64 0x18

#ifdef __x86_64__
#define KERNEL_CS GDT_KERNEL_CS64
#else
#define KERNEL_CS GDT_KERNEL_CS32
#endif
#define KERNEL_DS GDT_KERNEL_DS

#endif
