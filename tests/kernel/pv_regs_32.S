/* i386 register probes (see pv_regs.h): each runs one real asm site. */
#include <asm/asm.h>
#include <asm/paravirt.h>
#include "pv_regs.h"

#define SLOT(r) (REG_##r * 4)
#define REG_HITS SNAP_HITS

/* probe name, site type (or PROBE_THUNK), clobbers; -mregparm=3: eax = snapshot, edx = flags */
.macro PROBE name, type, clobbers
	.text
SYM_FUNC_START(\name)
	push	%ebx
	push	%esi
	push	%edi
	push	%ebp
	push	%eax			/* the snapshot pointer survives on the stack */
	.if (\type) == PV_IRQ_restore_fl
	mov	%edx, %eax		/* restore_fl's argument: real flags */
	.else
	mov	$CANARY(REG_AX), %eax
	.endif
	mov	$CANARY(REG_BX), %ebx
	mov	$CANARY(REG_CX), %ecx
	mov	$CANARY(REG_DX), %edx
	mov	$CANARY(REG_SI), %esi
	mov	$CANARY(REG_DI), %edi
	mov	$CANARY(REG_BP), %ebp
	.if (\type) == PROBE_THUNK
	call	__raw_callee_save_pv_regs_thrash
	.else
	PV_SITE \type, \clobbers
	.endif
	xchg	%eax, (%esp)		/* eax = snapshot, stack holds the site's eax */
	mov	%ebx, SLOT(BX)(%eax)
	mov	%ecx, SLOT(CX)(%eax)
	mov	%edx, SLOT(DX)(%eax)
	mov	%esi, SLOT(SI)(%eax)
	mov	%edi, SLOT(DI)(%eax)
	mov	%ebp, SLOT(BP)(%eax)
	mov	pv_probe_hits, %ebx
	mov	%ebx, SLOT(HITS)(%eax)
	pop	%ebx
	mov	%ebx, SLOT(AX)(%eax)
	pop	%ebp
	pop	%edi
	pop	%esi
	pop	%ebx
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
