/*
 * Exception and interrupt entry, both architectures. Every vector the IDT fills has a
 * 16-byte stub that makes the frame uniform (a zero error code where the
 * CPU pushes none, then the vector) and joins the common path, which saves
 * all registers as struct pt_regs and calls do_trap_entry().
 *
 * The common path holds real paravirt sites: the pv interrupt flag is
 * saved on entry and restored on exit, and interrupts are disabled before
 * the registers are restored, whatever the C handler left them as.
 *
 * On i386 the kernel runs in one privilege level, so the CPU pushes no
 * stack switch; struct pt_regs simply ends at the flags.
 *
 * Restoring the pv flag can run interrupts that were held back for the
 * interrupted code and turn the CPU's IF on: with the lguest-style
 * backend, when an exception (a single-step #DB, say) came inside an
 * enabling op, after it set the virtual flag and before it looked for
 * pending work, while the real IF was off for a deferral. The iret must
 * then not take the IF back, or nothing could interrupt the kernel again.
 */
#include <asm/asm.h>
#include <asm/entry.h>
#include <asm/desc.h>
#include <asm/text_poke_int3.h>
#include <asm/traps.h>
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
	push	$0
	.endif
	push	$vector
	jmp	common_entry
	vector = vector + 1
	.endr

SYM_FUNC_START(common_entry)
	PUSH_PT_REGS
	mov	_ASM_SP, _ASM_ARG0
	call	do_trap_entry
	DISABLE_INTERRUPTS(CLBR_ANY)
	pop	_ASM_ARG0		/* pt_regs.pvflags: restore_fl's argument */
	RESTORE_FLAGS(CLBR_ANY)
	/* If the restore turned the CPU's IF on, the interrupted code goes on with it on. */
	pushf
	pop	_ASM_AX
	and	$ASM_EFLAGS_IF, %eax
	or	_ASM_AX, PT_REGS_flags - _WORD_SIZE(_ASM_SP)
	POP_PT_REGS
	_ASM_IRET
SYM_FUNC_END(common_entry)

/* Vector 3's gate: live patching's int3s first (asm/text_poke_int3.h). */
SYM_FUNC_START(text_poke_int3_entry)
	TEXT_POKE_INT3_ENTRY (idt_entry_stubs+X86_TRAP_BP*ENTRY_STUB_SIZE), text_poke_int3_iret
text_poke_int3_iret:
	_ASM_IRET
SYM_FUNC_END(text_poke_int3_entry)
