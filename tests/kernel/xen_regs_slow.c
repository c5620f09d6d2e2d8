/*
 * The xen ops' slow path under the register probes: irq_enable and
 * restore_fl find an event pending (sent to ourselves while masked) and
 * have Xen deliver it through the upcall before the site ends. Every
 * register but the return register must survive the upcall.
 *
 * Unpatched sites call through the ops table, so both flavours (asm and C
 * behind thunks) are probed in one boot by putting each in the enabling
 * slots in turn; PV_DEBUG's trampolines call through pv_debug_targets, so
 * that is where the flavour goes there, patched or not. A patched site of
 * another build calls the installed flavour only, which the matrix boots
 * with xen.irq_ops=asm and =c.
 */
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include <pvops/xen.h>
#include <xen-guest/events.h>
#include <xen-guest/xen.h>
#include "pv_expect.h"
#include "pv_regs.h"

extern char __raw_callee_save_xen_restore_fl[], __raw_callee_save_xen_irq_enable[];

static int ipi_irq = -1;

static const char *xen_regs_slow_skip(void)
{
	return pv_backend_active() == &xen_backend ? NULL : "needs the xen backend (a Xen PV guest)";
}

static void count_hit(unsigned int irq, struct pt_regs *regs)
{
	pv_probe_hits++;
}

static void send_event(void)
{
	xen_send_event(xen_irq_port(ipi_irq));
}

static bool event_pending(void)
{
	return xen_vcpu()->evtchn_upcall_pending && xen_port_pending(xen_irq_port(ipi_irq));
}

static const struct pv_slow_path event_pending_path = {
	.what = "an event pending",
	.arm = send_event,
	.due = event_pending,
};

/* Where a site of this type finds its op when it is not a direct call to it. */
static void **op_slot(unsigned int type)
{
#ifdef CONFIG_PV_DEBUG
	return &pv_debug_targets[type];
#else
	return &((void **)&pv_irq_ops)[type];
#endif
}

static bool sites_use_slots(void)
{
#ifdef CONFIG_PV_DEBUG
	return true;
#else
	return !pv_patching_enabled();
#endif
}

/* Puts one flavour's enabling ops in the slots, probes, puts the old ones back. */
static void probe_flavour(struct ktest *t, const char *label, void *restore_fl, void *irq_enable)
{
	void **rs = op_slot(PV_IRQ_restore_fl), **en = op_slot(PV_IRQ_irq_enable);
	void *old_rs = *rs, *old_en = *en;

	/* Both flavours keep the same state: switching is safe at any time. */
	WRITE_ONCE(*rs, restore_fl);
	WRITE_ONCE(*en, irq_enable);
	pv_regs_check_slow(t, label, &event_pending_path);
	WRITE_ONCE(*rs, old_rs);
	WRITE_ONCE(*en, old_en);
}

static void test_enable_with_event_pending_keeps_registers(struct ktest *t)
{
	if (ipi_irq < 0) {
		ipi_irq = xen_bind_ipi_to_irq();
		KASSERT_TRUE(t, ipi_irq >= 0);
		irq_set_handler(ipi_irq, count_hit);
	}
	if (!sites_use_slots()) {
		pv_regs_check_slow(t, xen_irq_ops_flavour(), &event_pending_path);
		return;
	}
	probe_flavour(t, "asm", xen_restore_fl_direct, xen_irq_enable_direct);
	probe_flavour(t, "C", __raw_callee_save_xen_restore_fl, __raw_callee_save_xen_irq_enable);
}

static const struct ktest_case xen_regs_slow_cases[] = {
	KTEST_CASE(test_enable_with_event_pending_keeps_registers),
	{},
};
KTEST_SUITE(xen_regs_slow, xen_regs_slow_cases, xen_regs_slow_skip);
