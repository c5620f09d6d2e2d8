/* PV_DEBUG trampolines, i386 (see debug.c and debug_64.S). */
#ifdef CONFIG_PV_DEBUG
#include <asm/asm.h>
#include <asm/paravirt_types.h>

#define POISON $0xdeadbeef

.macro TRAMPOLINE op, type, keep_ret
	.text
SYM_FUNC_START(pv_debug_\op)
	call	*pv_debug_targets + (\type) * 4
	push	$\keep_ret
	jmp	pv_debug_trash
SYM_FUNC_END(pv_debug_\op)
.endm

TRAMPOLINE save_fl, PV_IRQ_save_fl, 1
TRAMPOLINE restore_fl, PV_IRQ_restore_fl, 0
TRAMPOLINE irq_disable, PV_IRQ_irq_disable, 0
TRAMPOLINE irq_enable, PV_IRQ_irq_enable, 0

.macro POISON_IF bit, reg
	testl	$\bit, (%esp)
	jz	1f
	mov	POISON, \reg
1:
.endm

/* Stack: keep-eax flag, then the return address into the site. */
SYM_FUNC_START(pv_debug_trash)
	push	%eax
	push	%ecx
	push	%edx
	mov	16(%esp), %eax		/* -mregparm=3: the argument in eax */
	call	pv_debug_site_clobbers
	cmpl	$0, 12(%esp)
	je	1f
	and	$~CLBR_RET_REG, %eax
1:	mov	%eax, 12(%esp)		/* the flag becomes the mask to apply */
	pop	%edx
	pop	%ecx
	pop	%eax
	POISON_IF CLBR_EAX, %eax
	POISON_IF CLBR_ECX, %ecx
	POISON_IF CLBR_EDX, %edx
	POISON_IF CLBR_EDI, %edi
	lea	4(%esp), %esp		/* drop the mask; lea keeps the flags */
	ret
SYM_FUNC_END(pv_debug_trash)
#endif
