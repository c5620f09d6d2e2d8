/* x86_64 register probes (see pv_regs.h): each runs one real asm site. */
#include <asm/asm.h>
#include <asm/paravirt.h>
#include "pv_regs.h"

#define SLOT(r) (REG_##r * 8)
#define REG_HITS SNAP_HITS

/* probe name, site type (or PROBE_THUNK), clobbers; rdi = snapshot, rsi = flags */
.macro PROBE name, type, clobbers
	.text
SYM_FUNC_START(\name)
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi			/* the snapshot pointer survives on the stack */
	mov	$CANARY(REG_AX), %rax
	mov	$CANARY(REG_BX), %rbx
	mov	$CANARY(REG_CX), %rcx
	mov	$CANARY(REG_DX), %rdx
	.if (\type) == PV_IRQ_restore_fl
	mov	%rsi, %rdi		/* restore_fl's argument: real flags */
	.else
	mov	$CANARY(REG_DI), %rdi
	.endif
	mov	$CANARY(REG_SI), %rsi
	mov	$CANARY(REG_BP), %rbp
	mov	$CANARY(REG_R8), %r8
	mov	$CANARY(REG_R9), %r9
	mov	$CANARY(REG_R10), %r10
	mov	$CANARY(REG_R11), %r11
	mov	$CANARY(REG_R12), %r12
	mov	$CANARY(REG_R13), %r13
	mov	$CANARY(REG_R14), %r14
	mov	$CANARY(REG_R15), %r15
	.if (\type) == PROBE_THUNK
	call	__raw_callee_save_pv_regs_thrash
	.else
	PV_SITE \type, \clobbers
	.endif
	xchg	%rax, (%rsp)		/* rax = snapshot, stack holds the site's rax */
	mov	%rbx, SLOT(BX)(%rax)
	mov	%rcx, SLOT(CX)(%rax)
	mov	%rdx, SLOT(DX)(%rax)
	mov	%rsi, SLOT(SI)(%rax)
	mov	%rdi, SLOT(DI)(%rax)
	mov	%rbp, SLOT(BP)(%rax)
	mov	%r8, SLOT(R8)(%rax)
	mov	%r9, SLOT(R9)(%rax)
	mov	%r10, SLOT(R10)(%rax)
	mov	%r11, SLOT(R11)(%rax)
	mov	%r12, SLOT(R12)(%rax)
	mov	%r13, SLOT(R13)(%rax)
	mov	%r14, SLOT(R14)(%rax)
	mov	%r15, SLOT(R15)(%rax)
	mov	pv_probe_hits(%rip), %rbx
	mov	%rbx, SLOT(HITS)(%rax)
	pop	%rbx
	mov	%rbx, SLOT(AX)(%rax)
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret
SYM_FUNC_END(\name)
.endm

PROBE pv_probe_save_fl_ret, PV_IRQ_save_fl, PROBE_CLOBBERS
PROBE pv_probe_save_fl_none, PV_IRQ_save_fl, CLBR_RET_REG
PROBE pv_probe_restore_fl_ret, PV_IRQ_restore_fl, PROBE_CLOBBERS
PROBE pv_probe_restore_fl_none, PV_IRQ_restore_fl, CLBR_NONE
PROBE pv_probe_irq_disable_ret, PV_IRQ_irq_disable, PROBE_CLOBBERS
PROBE pv_probe_irq_disable_none, PV_IRQ_irq_disable, CLBR_NONE
PROBE pv_probe_irq_enable_ret, PV_IRQ_irq_enable, PROBE_CLOBBERS
PROBE pv_probe_irq_enable_none, PV_IRQ_irq_enable, CLBR_NONE
PROBE pv_probe_safe_halt_ret, PV_IRQ_safe_halt, PROBE_CLOBBERS
PROBE pv_probe_safe_halt_none, PV_IRQ_safe_halt, CLBR_NONE
PROBE pv_probe_halt_ret, PV_IRQ_halt, PROBE_CLOBBERS
PROBE pv_probe_halt_none, PV_IRQ_halt, CLBR_NONE

/* No site: the callee-save thunk of a C function that destroys every caller-saved register. */
PROBE pv_probe_thunk, PROBE_THUNK, CLBR_RET_REG
