/*
 * The PVH platform: Xen's events arrive as an interrupt on the HVM
 * callback vector, so the CPU's own IF holds them off (the native irq ops
 * are the right ones) and the vCPU's upcall mask does not; the hypercall
 * page and shared_info were placed where the kernel asked.
 */
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <pvkern/ktest.h>
#include <pvkern/timer.h>
#include <pvops/backend.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/pvh.h>
#include <xen-guest/xen.h>
#include "xen_self_ipi.h"

static int ipi_irq = -1;
static volatile unsigned int hits;
static volatile unsigned long hit_vector, hit_flags;

static void count_hit(unsigned int irq, struct pt_regs *regs)
{
	hit_vector = regs->vector;
	hit_flags = regs->flags;
	hits++;
}

static const char *xen_pvh_skip(void)
{
	return xen_pvh_domain() ? NULL : "not a Xen PVH guest";
}

static bool ipi_ready(struct ktest *t)
{
	return xen_self_ipi_ready(t, &ipi_irq, count_hit);
}

static void test_native_backend(struct ktest *t)
{
	KEXPECT_TRUE(t, pv_backend_active() == &native_backend);
}

/* Held while IF is off however long we wait; delivered once, right after sti. */
static void test_event_held_by_if_delivered_by_enable(struct ktest *t)
{
	unsigned int before, during, after;
	u64 calls;

	KASSERT_TRUE(t, ipi_ready(t));
	local_irq_disable();
	before = hits;
	calls = xen_pvh_callback_count();
	KEXPECT_EQ(t, 0, xen_send_event(xen_irq_port(ipi_irq)));
	timer_spin_periods(3);
	during = hits;
	KEXPECT_TRUE(t, xen_port_pending(xen_irq_port(ipi_irq)));
	KEXPECT_EQ(t, 1, READ_ONCE(xen_vcpu()->evtchn_upcall_pending));
	local_irq_enable();
	after = hits; /* the first instruction after the enabling site */
	KEXPECT_EQ(t, before, during);
	KEXPECT_EQ(t, before + 1, after);
	KEXPECT_GT(t, xen_pvh_callback_count(), calls);
	KEXPECT_EQ(t, 0x3d, hit_vector);
	KEXPECT_EQ(t, X86_EFLAGS_IF, hit_flags & X86_EFLAGS_IF);
	timer_spin_periods(2);
	KEXPECT_EQ(t, before + 1, hits);
}

/* Under PV the upcall mask is the switch; here it must not hold an event back. */
static void test_upcall_mask_holds_nothing(struct ktest *t)
{
	unsigned int before, after;

	KASSERT_TRUE(t, ipi_ready(t));
	KASSERT_TRUE(t, !irqs_disabled());
	WRITE_ONCE(xen_vcpu()->evtchn_upcall_mask, 1);
	before = hits;
	KEXPECT_EQ(t, 0, xen_send_event(xen_irq_port(ipi_irq)));
	after = hits;
	WRITE_ONCE(xen_vcpu()->evtchn_upcall_mask, 0);
	KEXPECT_EQ(t, before + 1, after);
}

/*
 * The tick is VIRQ_TIMER, and it too comes through the vector. (One
 * callback may handle two ticks, when the next deadline has passed by the
 * time the first is handled, as on a loaded host without -icount.)
 */
static void test_ticks_come_through_the_vector(struct ktest *t)
{
	u64 calls = xen_pvh_callback_count(), ticks = timer_ticks(), t0 = rdtsc();
	u64 limit = timer_tsc_per_tick() * 50;

	/* A loaded host may deliver ticks late (the domU rows run without -icount). */
	while (timer_ticks() < ticks + 3 && rdtsc() - t0 < limit)
		cpu_relax();
	KEXPECT_GE(t, timer_ticks(), ticks + 3);
	KEXPECT_GT(t, xen_pvh_callback_count(), calls);
	KEXPECT_LE(t, xen_pvh_callback_count() - calls, timer_ticks() - ticks + 1);
}

static void test_hypercall_page_and_shared_info(struct ktest *t)
{
	u32 a = 0x40000000, b, c = 0, d;
	u64 t0, t1;

	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	KEXPECT_EQ(t, 0x566e6558, b); /* "XenV" */
	KEXPECT_EQ(t, 0x65584d4d, c); /* "MMXe" */
	KEXPECT_EQ(t, 0x4d4d566e, d); /* "nVMM" */
	/* The image holds int3 there until Xen writes the stubs. */
	KEXPECT_NE(t, 0xcc, (u8)hypercall_page[__HYPERVISOR_xen_version * 32]);
	KEXPECT_EQ(t, 4, HYPERVISOR_xen_version(XENVER_version, NULL) >> 16);
	/* shared_info is live: Xen keeps the vCPU's clock in it. */
	KEXPECT_NE(t, 0, READ_ONCE(xen_vcpu()->time.tsc_to_system_mul));
	t0 = xen_clock_ns();
	timer_spin_periods(2);
	t1 = xen_clock_ns();
	KEXPECT_GT(t, t1, t0);
}

static const struct ktest_case xen_pvh_cases[] = {
	KTEST_CASE(test_native_backend),
	KTEST_CASE(test_event_held_by_if_delivered_by_enable),
	KTEST_CASE(test_upcall_mask_holds_nothing),
	KTEST_CASE(test_ticks_come_through_the_vector),
	KTEST_CASE(test_hypercall_page_and_shared_info),
	{},
};
KTEST_SUITE(xen_pvh, xen_pvh_cases, xen_pvh_skip);
