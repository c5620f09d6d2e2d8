/*
 * The GDT used from the first instruction on: flat 4 GiB segments, and a
 * 64-bit code segment for long mode. The Xen PV entry does not use it.
 */
#include <asm/segment.h>

	.section .rodata
	.balign 16
	.globl boot_gdt, boot_gdt_desc
boot_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* GDT_KERNEL_CS32: 32-bit code */
	.quad 0x00cf92000000ffff	/* GDT_KERNEL_DS: data */
	.quad 0x00af9a000000ffff	/* GDT_KERNEL_CS64: 64-bit code */
boot_gdt_end:

	.balign 8
	.word 0
boot_gdt_desc:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt		/* lgdt in 32-bit code reads a 32-bit base */
	.long 0
