/*
 * A kernel in miniature for the ELF seeds of paracheck and pvscan: a few
 * call sites of every op through the real wrappers, pv_irq_ops, and one
 * registered backend named like the native one, linked with the kernel's
 * own linker script (tests/fuzz/seeds.py). A few KiB instead of the real
 * kernel's hundred, so each fuzz run is short and still reaches every
 * stage of both tools.
 */
#include <asm/irqflags.h>
#include <pvops/backend.h>

void native_save_fl_op(void);
void native_restore_fl_op(void);
void native_irq_disable_op(void);
void native_irq_enable_op(void);
void native_safe_halt_op(void);
void native_halt_op(void);
void native_save_fl_op(void) {}
void native_restore_fl_op(void) {}
void native_irq_disable_op(void) {}
void native_irq_enable_op(void) {}
void native_safe_halt_op(void) {}
void native_halt_op(void) {}

static const struct pv_irq_ops mini_ops = {
	.save_fl = { native_save_fl_op },
	.restore_fl = { native_restore_fl_op },
	.irq_disable = { native_irq_disable_op },
	.irq_enable = { native_irq_enable_op },
	.safe_halt = { native_safe_halt_op },
	.halt = { native_halt_op },
};
struct pv_irq_ops pv_irq_ops = {
	.save_fl = { native_save_fl_op },
	.restore_fl = { native_restore_fl_op },
	.irq_disable = { native_irq_disable_op },
	.irq_enable = { native_irq_enable_op },
	.safe_halt = { native_safe_halt_op },
	.halt = { native_halt_op },
};

const struct pv_backend native_backend = {
	.name = "native",
	.description = "seed",
	.irq_ops = &mini_ops,
};
PV_BACKEND(native_backend);

void _start(void);
void _start(void)
{
	unsigned long flags = arch_local_irq_save();

	arch_local_irq_enable();
	arch_local_irq_disable();
	arch_local_irq_restore(flags);
	for (;;)
		;
}
