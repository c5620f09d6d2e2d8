/*
 * Multiboot1 header. The a.out-kludge addresses make QEMU load the x86_64
 * ELF64 image too (it refuses ELF64 otherwise); they describe exactly the
 * image's one loadable segment.
 */
#include <asm/multiboot.h>

#define MB1_FLAGS (MB1_HEADER_PAGE_ALIGN | MB1_HEADER_MEMORY_INFO | MB1_HEADER_AOUT_KLUDGE)

	.section .head.text, "ax", @progbits
	.balign 8
mb1_header:
	.long MB1_HEADER_MAGIC
	.long MB1_FLAGS
	.long -(MB1_HEADER_MAGIC + MB1_FLAGS)
	.long mb1_header	/* header_addr */
	.long __kernel_start	/* load_addr */
	.long __load_end	/* load_end_addr */
	.long __bss_end		/* bss_end_addr */
	.long _start		/* entry_addr */
