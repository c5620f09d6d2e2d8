/*
 * Multiboot2 header, next to the multiboot1 one in the same image: GRUB's
 * `multiboot2` command finds this one, QEMU's -kernel the other.
 *
 * No address tag: GRUB's multiboot2 loader reads the ELF program headers
 * itself (ELF64 included) and enters e_entry (_start) in 32-bit protected
 * mode, so the ELF file is the single description of where things go.
 * The information request names the tags multiboot2_info.c needs; GRUB
 * gives them anyway, the tag documents (and makes GRUB check) that we need
 * them.
 */
#include <asm/multiboot2.h>

	.section .head.text, "ax", @progbits
	.balign MB2_HEADER_ALIGN
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_HEADER_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_HEADER_ARCH_I386 + (mb2_header_end - mb2_header))

	.balign 8
mb2_info_request:
	.word MB2_HEADER_TAG_INFO_REQUEST, 0
	.long mb2_info_request_end - mb2_info_request
	.long MB2_TAG_CMDLINE
	.long MB2_TAG_LOADER_NAME
	.long MB2_TAG_MMAP
mb2_info_request_end:

	/* A framebuffer for the screen console (arch/x86/platform/bare_metal/fbcon.c), if the
	 * loader can set one up; 640x480 keeps redrawing cheap. Optional: without
	 * one GRUB leaves VGA text (BIOS) or nothing (UEFI), and says which. */
	.balign 8
	.word MB2_HEADER_TAG_FRAMEBUFFER, MB2_HEADER_TAG_OPTIONAL
	.long 20
	.long 640, 480, 32

	.balign 8
	.word MB2_HEADER_TAG_END, 0
	.long 8
mb2_header_end:
