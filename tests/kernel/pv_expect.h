/*
 * What the sites and the slots of pv_irq_ops must name, by symbol, for the
 * suites that check the patched bytes: a backend's op itself, or, in a
 * PV_DEBUG build, the trampoline of its type, which then calls the op
 * through pv_debug_targets. Never read from the table the patcher reads.
 */
#ifndef TESTS_KERNEL_PV_EXPECT_H
#define TESTS_KERNEL_PV_EXPECT_H

#include <asm/paravirt_types.h>

#ifdef CONFIG_PV_DEBUG
void pv_debug_save_fl(void);
void pv_debug_restore_fl(void);
void pv_debug_irq_disable(void);
void pv_debug_irq_enable(void);
void pv_debug_safe_halt(void);
void pv_debug_halt(void);
extern void *pv_debug_targets[PV_IRQ_NR];
#endif

/* What a site of this type calls when the backend installed op there. */
static inline const void *pv_expected_callee(unsigned int type, const void *op)
{
#ifdef CONFIG_PV_DEBUG
	static void (*const trampolines[PV_IRQ_NR])(void) = {
		[PV_IRQ_save_fl] = pv_debug_save_fl,
		[PV_IRQ_restore_fl] = pv_debug_restore_fl,
		[PV_IRQ_irq_disable] = pv_debug_irq_disable,
		[PV_IRQ_irq_enable] = pv_debug_irq_enable,
		[PV_IRQ_safe_halt] = pv_debug_safe_halt,
		[PV_IRQ_halt] = pv_debug_halt,
	};

	return (const void *)trampolines[type];
#else
	return op;
#endif
}

/* The live table's slot, and the op it ends up in (past a PV_DEBUG trampoline). */
static inline const void *pv_slot(unsigned int type)
{
	return ((const void *const *)&pv_irq_ops)[type];
}

static inline const void *pv_op_behind_slot(unsigned int type)
{
#ifdef CONFIG_PV_DEBUG
	return pv_debug_targets[type];
#else
	return pv_slot(type);
#endif
}

#endif
