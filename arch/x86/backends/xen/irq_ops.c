/*
 * The xen pv backend: the interrupt flag is the current vCPU's
 * evtchn_upcall_mask, in its vcpu_info in the per-CPU area. Two
 * implementations of the ops: C functions reached through callee-save
 * thunks, and the assembly ones (irq_ops_asm.S), which need no thunk.
 * xen.irq_ops=c|asm picks one (default asm); both behave the same, which
 * the test suites check by booting each. Both reach the flags with one
 * per-CPU access each (this_cpu_read/this_cpu_write), never through a
 * pointer that names one vCPU.
 *
 * Enabling (irq_enable, or restore_fl with IF set) clears the mask and,
 * if an event became pending while it was set, has Xen deliver it at once.
 *
 * The backend's table entry and patch() are in patch.c, which host tools
 * build too.
 */
#include <asm/paravirt.h>
#include <asm/processor.h>
#include <pvkern/cmdline.h>
#include <pvkern/percpu.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include <xen-guest/xen.h>
#include <pvops/xen.h>

BOOT_PARAM_ENUM(param_xen_irq_ops, "xen.irq_ops", "asm|c", "xen backend ops: asm (default) or c");

#define this_vcpu_mask xen_vcpu_info.evtchn_upcall_mask
#define this_vcpu_pending xen_vcpu_info.evtchn_upcall_pending

unsigned long xen_save_fl(void)
{
	return this_cpu_read(this_vcpu_mask) ? 0 : X86_EFLAGS_IF;
}

/*
 * Clear the mask, then look for an event that arrived while it was set.
 * Xen sets pending on this vCPU before it looks at the mask, so program
 * order is all that is needed between the two accesses (both asm
 * volatile, which the compiler keeps in order).
 */
static inline void xen_unmask_and_deliver(void)
{
	this_cpu_write(this_vcpu_mask, 0);
	if (this_cpu_read(this_vcpu_pending))
		xen_force_evtchn_callback();
}

void xen_restore_fl(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		xen_unmask_and_deliver();
	else
		this_cpu_write(this_vcpu_mask, 1);
	barrier();
}

void xen_irq_disable(void)
{
	this_cpu_write(this_vcpu_mask, 1);
	barrier();
}

void xen_irq_enable(void)
{
	xen_unmask_and_deliver();
}

PV_CALLEE_SAVE_REGS_THUNK(xen_save_fl);
PV_CALLEE_SAVE_REGS_THUNK(xen_restore_fl);
PV_CALLEE_SAVE_REGS_THUNK(xen_irq_disable);
PV_CALLEE_SAVE_REGS_THUNK(xen_irq_enable);

const struct pv_irq_ops xen_irq_ops_c = {
	.save_fl = PV_CALLEE_SAVE(xen_save_fl),
	.restore_fl = PV_CALLEE_SAVE(xen_restore_fl),
	.irq_disable = PV_CALLEE_SAVE(xen_irq_disable),
	.irq_enable = PV_CALLEE_SAVE(xen_irq_enable),
	.safe_halt = PV_CALLEE_SAVE(xen_safe_halt),
	.halt = PV_CALLEE_SAVE(xen_halt),
};

/*
 * The default, and the backend's irq_ops; host tools, which see only the
 * kernel image, read the ops' targets here.
 */
const struct pv_irq_ops xen_irq_ops_asm = {
	.save_fl = __PV_IS_CALLEE_SAVE(xen_save_fl_direct),
	.restore_fl = __PV_IS_CALLEE_SAVE(xen_restore_fl_direct),
	.irq_disable = __PV_IS_CALLEE_SAVE(xen_irq_disable_direct),
	.irq_enable = __PV_IS_CALLEE_SAVE(xen_irq_enable_direct),
	.safe_halt = PV_CALLEE_SAVE(xen_safe_halt),
	.halt = PV_CALLEE_SAVE(xen_halt),
};

/* From the table installed: live re-patching may change it after boot. */
const char *xen_irq_ops_flavour(void)
{
	return pv_active_ops() == &xen_irq_ops_c ? "c" : "asm";
}

/* The template's mask: with the per-CPU segment, every vCPU's own. */
const unsigned long xen_upcall_mask_link_addr = (unsigned long)&this_vcpu_mask;

const struct pv_irq_ops *xen_backend_init(const struct pv_backend *b)
{
	struct xen_backend_data *d = b->data;
	const char *asked = cmdline_enum(&param_xen_irq_ops);
	const struct pv_irq_ops *ops = &xen_irq_ops_asm;

	/* The ops need each vCPU's vcpu_info registered: only a Xen PV domain has that. */
	if (!xen_pv_domain())
		return NULL;
	d->upcall_mask_addr = xen_upcall_mask_link_addr;
	if (asked && strcmp(asked, "c") == 0)
		ops = &xen_irq_ops_c;
	printk("xen: irq ops: %s versions\n", ops == &xen_irq_ops_c ? "c" : "asm");
	return ops;
}
