/*
 * The GDT used from the first instruction on: flat 4 GiB segments, a
 * 64-bit code segment for long mode, and on i386 one data segment per CPU
 * for its per-CPU area (%fs), filled in as the CPU's area is made. It is
 * data, not rodata: the CPU sets the accessed bit of a segment it loads.
 * The Xen PV entry does not use it.
 */
#include <asm/segment.h>

	.data
	.balign 16
	.globl boot_gdt, boot_gdt_desc
boot_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* GDT_KERNEL_CS32: 32-bit code */
	.quad 0x00cf92000000ffff	/* GDT_KERNEL_DS: data */
	.quad 0x00af9a000000ffff	/* GDT_KERNEL_CS64: 64-bit code */
	.fill NR_CPUS, 8, 0		/* GDT_PERCPU(cpu), i386 only */
boot_gdt_end:
	.if boot_gdt_end - boot_gdt != GDT_ENTRIES * 8
	.error "GDT_ENTRIES (asm/segment.h) does not match the GDT"
	.endif

	.balign 8
	.word 0
boot_gdt_desc:
	.word GDT_ENTRIES * 8 - 1
	.long boot_gdt		/* lgdt in 32-bit code reads a 32-bit base */
	.long 0
