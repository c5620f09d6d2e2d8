/*
 * PV_DEBUG trampolines, x86_64 (see debug.c). Each calls the real op, then
 * poisons every register in its site's clobber mask; save_fl keeps rax,
 * which carries its result.
 */
#ifdef CONFIG_PV_DEBUG
#include <asm/asm.h>
#include <asm/paravirt_types.h>

#define POISON $0xdeadbeefdeadbeef

.macro TRAMPOLINE op, type, keep_ret
	.text
SYM_FUNC_START(pv_debug_\op)
	call	*pv_debug_targets + (\type) * 8
	push	$\keep_ret
	jmp	pv_debug_trash
SYM_FUNC_END(pv_debug_\op)
.endm

TRAMPOLINE save_fl, PV_IRQ_save_fl, 1
TRAMPOLINE restore_fl, PV_IRQ_restore_fl, 0
TRAMPOLINE irq_disable, PV_IRQ_irq_disable, 0
TRAMPOLINE irq_enable, PV_IRQ_irq_enable, 0

.macro POISON_IF bit, reg
	testl	$\bit, (%rsp)
	jz	1f
	movabs	POISON, \reg
1:
.endm

/* Stack: keep-rax flag, then the return address into the site. */
SYM_FUNC_START(pv_debug_trash)
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	mov	80(%rsp), %rdi
	call	pv_debug_site_clobbers
	cmpq	$0, 72(%rsp)
	je	1f
	and	$~CLBR_RET_REG, %rax
1:	mov	%rax, 72(%rsp)		/* the flag becomes the mask to apply */
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	POISON_IF CLBR_RAX, %rax
	POISON_IF CLBR_RCX, %rcx
	POISON_IF CLBR_RDX, %rdx
	POISON_IF CLBR_RDI, %rdi
	POISON_IF CLBR_RSI, %rsi
	POISON_IF CLBR_R8, %r8
	POISON_IF CLBR_R9, %r9
	POISON_IF CLBR_R10, %r10
	POISON_IF CLBR_R11, %r11
	lea	8(%rsp), %rsp		/* drop the mask; lea keeps the flags */
	ret
SYM_FUNC_END(pv_debug_trash)
#endif
