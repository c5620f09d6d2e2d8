/*
 * The native ops: the CPU's own instructions, written in assembly so that
 * they keep every register but the return register (callee-save by
 * construction), and the byte templates the native backend patches in.
 */
#ifndef PVOPS_NATIVE_H
#define PVOPS_NATIVE_H

#include <pvkern/types.h>

void native_save_fl_op(void);
void native_restore_fl_op(void);
void native_irq_disable_op(void);
void native_irq_enable_op(void);
void native_safe_halt_op(void);
void native_halt_op(void);

/* The native ops as a pv_irq_ops initialiser. */
#define NATIVE_IRQ_OPS_INIT                                       \
	{                                                             \
		.save_fl = __PV_IS_CALLEE_SAVE(native_save_fl_op),         \
		.restore_fl = __PV_IS_CALLEE_SAVE(native_restore_fl_op),   \
		.irq_disable = __PV_IS_CALLEE_SAVE(native_irq_disable_op), \
		.irq_enable = __PV_IS_CALLEE_SAVE(native_irq_enable_op),   \
		.safe_halt = __PV_IS_CALLEE_SAVE(native_safe_halt_op),     \
		.halt = __PV_IS_CALLEE_SAVE(native_halt_op),               \
	}

struct native_template {
	const u8 *bytes;
	unsigned int len;
};

/* Indexed by op type. */
extern const struct native_template native_templates[];

#endif
