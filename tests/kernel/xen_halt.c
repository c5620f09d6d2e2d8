/*
 * Under Xen an idle vCPU blocks: a wait for ticks (safe_halt, which is
 * SCHEDOP_block) and halt with events masked (SCHEDOP_poll) both show up
 * as time this vCPU spent in RUNSTATE_blocked, as Xen accounts it. A wait
 * that spun would leave that time where it was.
 */
#include <asm/irqflags.h>
#include <pvkern/ktest.h>
#include <pvkern/timer.h>
#include <pvops/backend.h>
#include <pvkern/smp.h>
#include <pvops/xen.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

static const char *xen_halt_skip(void)
{
	if (pv_backend_active() != &xen_backend)
		return "needs the xen backend (a Xen PV guest)";
	/*
	 * Open: with several vCPUs and a busy host the boot vCPU was seen not
	 * to block at all across a three-tick wait (every SCHEDOP_block ended
	 * at once); until that is understood the claim is tested on one vCPU.
	 */
	if (num_online_cpus() > 1)
		return "several vCPUs: blocking not yet shown (open)";
	return timer_tsc_per_tick() ? NULL : "the timer did not calibrate";
}

static bool blocked_ns(u64 *ns)
{
	struct vcpu_runstate_info rs;

	if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs))
		return false;
	*ns = rs.time[RUNSTATE_blocked];
	return true;
}

/* Three ticks from any phase: at least two whole periods asleep. */
static void test_tick_wait_blocks_the_vcpu(struct ktest *t)
{
	u64 period_ns = 1000000000ull / timer_hz();
	u64 before = 0, after = 0;

	KASSERT_TRUE(t, blocked_ns(&before));
	KEXPECT_TRUE(t, timer_wait_ticks(timer_ticks() + 3, timer_tsc_per_tick() * 50));
	KASSERT_TRUE(t, blocked_ns(&after));
	if (!KEXPECT_GE(t, after - before, period_ns))
		KTEST_FAIL(t, "blocked %llu ns across a three-tick wait (a tick: %llu ns)",
			   (unsigned long long)(after - before), (unsigned long long)period_ns);
}

/* halt with events masked blocks too, and returns with them still masked. */
static void test_masked_halt_blocks_the_vcpu(struct ktest *t)
{
	unsigned long flags;
	u64 before = 0, after = 0;
	bool masked;

	KASSERT_TRUE(t, blocked_ns(&before));
	local_irq_save(flags);
	halt();
	masked = irqs_disabled();
	local_irq_restore(flags);
	KASSERT_TRUE(t, blocked_ns(&after));
	KEXPECT_TRUE(t, masked);
	KEXPECT_GT(t, after, before);
}

static const struct ktest_case xen_halt_cases[] = {
	KTEST_CASE(test_tick_wait_blocks_the_vcpu),
	KTEST_CASE(test_masked_halt_blocks_the_vcpu),
	{},
};
KTEST_SUITE(xen_halt, xen_halt_cases, xen_halt_skip);
