/* Selectors of the boot GDT (arch/x86/boot/gdt.S). */
#ifndef ASM_SEGMENT_H
#define ASM_SEGMENT_H

#include <pvkern/percpu.h>

#define GDT_KERNEL_CS32 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_KERNEL_CS64 0x18
/* i386: the data segment whose base is CPU cpu's per-CPU offset (%fs). */
#define GDT_PERCPU_FIRST 4
#define GDT_PERCPU(cpu) ((GDT_PERCPU_FIRST + (cpu)) * 8)
#define GDT_ENTRIES (GDT_PERCPU_FIRST + NR_CPUS)

#ifdef __x86_64__
#define KERNEL_CS GDT_KERNEL_CS64
#else
#define KERNEL_CS GDT_KERNEL_CS32
#endif
#define KERNEL_DS GDT_KERNEL_DS

#endif
