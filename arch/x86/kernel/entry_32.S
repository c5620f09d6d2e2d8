/*
 * i386 exception and interrupt entry; see entry_64.S for the shape. The
 * kernel runs in one privilege level, so the CPU pushes no stack switch.
 */
#include <asm/asm.h>
#include <asm/entry.h>
#include <asm/desc.h>
#include <generated/asm-offsets.h>


	/* Entry code has its own section so that tests can tell asm sites from C ones. */
	.section .text.entry, "ax", @progbits
	.balign 16
	.globl idt_entry_stubs
idt_entry_stubs:
	vector = 0
	.rept NR_ENTRY_STUBS
	.balign 16
	.if !HAS_ERROR_CODE(vector)
	pushl	$0
	.endif
	pushl	$vector
	jmp	common_entry
	vector = vector + 1
	.endr

SYM_FUNC_START(common_entry)
	PUSH_PT_REGS
	mov	%esp, %eax		/* -mregparm=3: first argument in eax */
	call	do_trap_entry
	DISABLE_INTERRUPTS(CLBR_ANY)
	pop	%eax			/* pt_regs.pvflags */
	RESTORE_FLAGS(CLBR_ANY)
	/* If the restore turned the CPU's IF on, the interrupted code goes on with it on. */
	pushf
	pop	%eax
	and	$ASM_EFLAGS_IF, %eax
	or	%eax, PT_REGS_flags - _WORD_SIZE(%esp)
	POP_PT_REGS
	iret
SYM_FUNC_END(common_entry)
