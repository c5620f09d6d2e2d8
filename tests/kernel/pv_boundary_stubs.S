/*
 * Stubs for pv_boundary.c: each turns the trap flag on and calls one op
 * through a real site, recorded in .parainstructions like any other, so
 * it is whatever the boot made of it (patched, or the indirect call with
 * pv.nopatch). Every instruction from the site's first byte until the op
 * has returned to the end label is single-stepped; the #DB hook turns the
 * trap flag off when it sees the end label. Callable from C: the site may
 * lose only the return register, which C callers give up anyway.
 */
#include <asm/asm.h>
#include <asm/irqflags.h>
#include <generated/asm-offsets.h>
#include "trap_flag.h"

	.text
/* void pv_boundary_irq_enable(unsigned long unused) */
SYM_FUNC_START(pv_boundary_irq_enable)
	TRAP_FLAG_ON
	.globl	pv_boundary_irq_enable_site
pv_boundary_irq_enable_site:
	ENABLE_INTERRUPTS(CLBR_RET_REG)
	.globl	pv_boundary_irq_enable_end
pv_boundary_irq_enable_end:
	ret
SYM_FUNC_END(pv_boundary_irq_enable)

/* void pv_boundary_restore_fl(unsigned long flags): rdi, or eax (-mregparm=3) */
SYM_FUNC_START(pv_boundary_restore_fl)
	TRAP_FLAG_ON
	.globl	pv_boundary_restore_fl_site
pv_boundary_restore_fl_site:
	RESTORE_FLAGS(CLBR_RET_REG)
	.globl	pv_boundary_restore_fl_end
pv_boundary_restore_fl_end:
	ret
SYM_FUNC_END(pv_boundary_restore_fl)
