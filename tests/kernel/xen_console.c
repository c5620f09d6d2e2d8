/*
 * A domU's console ring: the ring of start_info.console.domU (PV) or of
 * HVM_PARAM_CONSOLE_PFN (PVH) is the console, a line printed lands in it byte for byte behind out_prod,
 * xenconsoled reads it, and waiting for that blocks the vCPU in Xen
 * rather than spinning. dom0 prints through console_io: the suite skips.
 */
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <xen-guest/console.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/pvh.h>
#include <xen-guest/xen.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>

static const char probe[] = "# xen_console: a probe line, 0123456789abcdef\n";

/* Where Xen says the ring is: start_info under PV, HVM parameters under PVH. */
static void console_from_xen(u64 *frame, u64 *port)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF };

	if (xen_pv_domain()) {
		*frame = xen_start_info->console.domU.mfn;
		*port = xen_start_info->console.domU.evtchn;
		return;
	}
	p.index = HVM_PARAM_CONSOLE_PFN;
	*frame = HYPERVISOR_hvm_op(HVMOP_get_param, &p) ? 0 : p.value;
	p.index = HVM_PARAM_CONSOLE_EVTCHN;
	*port = HYPERVISOR_hvm_op(HVMOP_get_param, &p) ? 0 : p.value;
}

static void test_ring_is_the_console(struct ktest *t)
{
	u64 frame, port;

	KASSERT_TRUE(t, xen_console_ring() != NULL);
	console_from_xen(&frame, &port);
	KEXPECT_EQ(t, port, xen_console_port());
	/* PVH: identity-mapped, so the ring's address is its frame's. */
	if (xen_pvh_domain())
		KEXPECT_EQ(t, frame * XEN_PAGE_SIZE, (unsigned long)xen_console_ring());
}

static void test_printk_lands_in_ring(struct ktest *t)
{
	struct xencons_interface *r = xen_console_ring();
	size_t n = sizeof(probe) - 1;
	char seen[sizeof(probe)];
	XENCONS_RING_IDX prod;

	KASSERT_TRUE(t, r != NULL);
	/* Room for the whole line, so it goes in as one piece. */
	KASSERT_TRUE(t, xen_console_ring_drain(XEN_CONSOLE_WAIT_NS));
	prod = READ_ONCE(r->out_prod);
	printk("%s", probe);
	KEXPECT_EQ(t, prod + n, READ_ONCE(r->out_prod));
	for (size_t i = 0; i < n; i++)
		seen[i] = r->out[MASK_XENCONS_IDX(prod + i, r->out)];
	KEXPECT_MEMEQ(t, probe, seen, n);
}

static u64 blocked_ns(void)
{
	struct vcpu_runstate_info rs;

	if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs))
		return 0;
	return rs.time[RUNSTATE_blocked];
}

/*
 * xenconsoled runs in another domain, so the ring empties only when this
 * vCPU gives way; a drain that had something to wait for must have spent
 * time blocked. Xen may also preempt this vCPU after the kick or after the
 * check that the line is unread (a PVH guest's hypercall often returns
 * through the scheduler), and then xenconsoled reads the line before the
 * drain starts: try again, a bounded number of times. A drain that never
 * blocks fails every try.
 */
#define DRAIN_TRIES 10

static void test_drain_blocks_until_read(struct ktest *t)
{
	struct xencons_interface *r = xen_console_ring();
	unsigned int tries;
	u64 before;

	KASSERT_TRUE(t, r != NULL);
	for (tries = 0; tries < DRAIN_TRIES; tries++) {
		KASSERT_TRUE(t, xen_console_ring_drain(XEN_CONSOLE_WAIT_NS));
		before = blocked_ns();
		printk("%s", probe);
		if (READ_ONCE(r->out_cons) == READ_ONCE(r->out_prod))
			continue;
		KEXPECT_TRUE(t, xen_console_ring_drain(XEN_CONSOLE_WAIT_NS));
		KEXPECT_EQ(t, READ_ONCE(r->out_prod), READ_ONCE(r->out_cons));
		if (blocked_ns() > before)
			return;
	}
	KTEST_FAIL(t, "no drain of %u waited for an unread probe line", DRAIN_TRIES);
}

static const struct ktest_case xen_console_cases[] = {
	KTEST_CASE(test_ring_is_the_console),
	KTEST_CASE(test_printk_lands_in_ring),
	KTEST_CASE(test_drain_blocks_until_read),
	{},
};

static const char *xen_console_skip(void)
{
	if (!xen_pv_domain() && !xen_pvh_domain())
		return "not a Xen PV or PVH guest";
	if ((xen_pv_domain() ? xen_start_info->flags : xen_pvh_start_info.flags) & SIF_INITDOMAIN)
		return "dom0 prints through console_io, not a ring";
	return NULL;
}

KTEST_SUITE(xen_console, xen_console_cases, xen_console_skip);
