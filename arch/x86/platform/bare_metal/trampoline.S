/*
 * Where an application processor starts: a startup IPI sends it, in real
 * mode, to the page TRAMPOLINE_BASE, to which smpboot.c copies these bytes.
 * They load the boot GDT, enter protected mode and jump to ap_start32 in
 * the kernel's head code, which does the rest as the boot CPU did.
 */
#include <asm/apic.h>
#include <asm/segment.h>

/* The address a label has once the trampoline is copied to TRAMPOLINE_BASE. */
#define TRAMP(sym) ((sym) - trampoline_start + TRAMPOLINE_BASE)

	.section .rodata
	.balign 16
	.globl trampoline_start, trampoline_end
	.code16
trampoline_start:
	cli
	cld
	xor	%ax, %ax
	mov	%ax, %ds
	lgdtl	TRAMP(trampoline_gdt_desc)
	mov	%cr0, %eax
	or	$1, %eax		/* CR0.PE */
	mov	%eax, %cr0
	ljmpl	$GDT_KERNEL_CS32, $ap_start32

	.balign 8
trampoline_gdt_desc:
	.word	GDT_ENTRIES * 8 - 1
	.long	boot_gdt
trampoline_end:
	.code32
