/*
 * x86_64 exception and interrupt entry. Every vector the IDT fills has a
 * 16-byte stub that makes the frame uniform (a zero error code where the
 * CPU pushes none, then the vector) and joins the common path, which saves
 * all registers as struct pt_regs and calls do_trap_entry().
 *
 * The common path holds real paravirt sites: the pv interrupt flag is
 * saved on entry and restored on exit, and interrupts are disabled before
 * the registers are restored, whatever the C handler left them as.
 */
#include <asm/asm.h>
#include <asm/irqflags.h>
#include <asm/desc.h>
#include <generated/asm-offsets.h>

#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	/* Entry code has its own section so that tests can tell asm sites from C ones. */
	.section .text.entry, "ax", @progbits
	.balign 16
	.globl idt_entry_stubs
idt_entry_stubs:
	vector = 0
	.rept NR_ENTRY_STUBS
	.balign 16
	.if !HAS_ERROR_CODE(vector)
	pushq	$0
	.endif
	pushq	$vector
	jmp	common_entry
	vector = vector + 1
	.endr

SYM_FUNC_START(common_entry)
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	cld
	SAVE_FLAGS(CLBR_ANY)
	push	%rax			/* pt_regs.pvflags */
	mov	%rsp, %rdi
	call	do_trap_entry
	DISABLE_INTERRUPTS(CLBR_ANY)
	pop	%rdi
	RESTORE_FLAGS(CLBR_ANY)
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp		/* vector and error code */
	iretq
SYM_FUNC_END(common_entry)
