/*
 * The xen backend's interrupt flag is vcpu_info's evtchn_upcall_mask, and
 * an event that became pending while it was set must be delivered by the
 * enabling op itself (irq_enable, or restore_fl of an enabled state):
 * before the instruction after the site, not at some later hypercall or
 * tick. The events are sent to ourselves on an IPI port (EVTCHNOP_send)
 * or are the timer's own VIRQ.
 */
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/timer.h>
#include <pvops/backend.h>
#include <xen-guest/events.h>
#include <pvops/xen.h>
#include <xen-guest/xen.h>
#include "tick_expect.h"
#include "xen_self_ipi.h"

static int ipi_irq = -1;
static volatile unsigned int ipi_hits;

static void count_ipi(unsigned int irq, struct pt_regs *regs)
{
	ipi_hits++;
}

static const char *xen_events_skip(void)
{
	return pv_backend_active() == &xen_backend ? NULL : "needs the xen backend (a Xen PV guest)";
}

static bool ipi_ready(struct ktest *t)
{
	return xen_self_ipi_ready(t, &ipi_irq, count_ipi);
}

static void test_save_fl_reflects_upcall_mask(struct ktest *t)
{
	struct vcpu_info *v = xen_vcpu();
	unsigned long flags;

	KASSERT_TRUE(t, !irqs_disabled());
	KEXPECT_EQ(t, 0, v->evtchn_upcall_mask);
	local_irq_disable();
	KEXPECT_EQ(t, 1, v->evtchn_upcall_mask);
	local_save_flags(flags);
	KEXPECT_EQ(t, 0, flags & X86_EFLAGS_IF);
	local_irq_enable();
	KEXPECT_EQ(t, 0, v->evtchn_upcall_mask);

	/* save_fl reads the mask itself, whoever set it. */
	local_irq_disable();
	WRITE_ONCE(v->evtchn_upcall_mask, 0);
	local_save_flags(flags);
	KEXPECT_EQ(t, X86_EFLAGS_IF, flags & X86_EFLAGS_IF);
	WRITE_ONCE(v->evtchn_upcall_mask, 1);
	local_save_flags(flags);
	KEXPECT_EQ(t, 0, flags & X86_EFLAGS_IF);
	local_irq_enable();
}

static void test_event_held_while_masked_delivered_by_irq_enable(struct ktest *t)
{
	unsigned int before;
	bool pending;

	KASSERT_TRUE(t, ipi_ready(t));
	local_irq_disable();
	before = ipi_hits;
	KEXPECT_EQ(t, 0, xen_send_event(xen_irq_port(ipi_irq)));
	pending = xen_vcpu()->evtchn_upcall_pending;
	KEXPECT_EQ(t, before, ipi_hits); /* a hypercall returned, still not delivered */
	local_irq_enable();
	KEXPECT_EQ(t, before + 1, ipi_hits); /* the first instruction after the site */
	KEXPECT_TRUE(t, pending);
	KEXPECT_FALSE(t, xen_port_pending(xen_irq_port(ipi_irq)));
}

static void test_event_held_while_masked_delivered_by_restore_fl(struct ktest *t)
{
	unsigned long outer, inner;
	unsigned int before;

	KASSERT_TRUE(t, ipi_ready(t));
	local_irq_save(outer);
	local_irq_save(inner);
	before = ipi_hits;
	KEXPECT_EQ(t, 0, xen_send_event(xen_irq_port(ipi_irq)));
	local_irq_restore(inner); /* restores "disabled": nothing may run */
	KEXPECT_EQ(t, before, ipi_hits);
	KEXPECT_TRUE(t, irqs_disabled());
	local_irq_restore(outer);
	KEXPECT_EQ(t, before + 1, ipi_hits);
}

static void test_event_delivered_at_once_when_unmasked(struct ktest *t)
{
	unsigned int before;

	KASSERT_TRUE(t, ipi_ready(t));
	KASSERT_TRUE(t, !irqs_disabled());
	before = ipi_hits;
	/* The hypercall's way back to the guest delivers the event. */
	KEXPECT_EQ(t, 0, xen_send_event(xen_irq_port(ipi_irq)));
	KEXPECT_EQ(t, before + 1, ipi_hits);
}

/* A masked port keeps its event pending until unmasked (EVTCHNOP_unmask). */
static void test_masked_port_waits_for_unmask(struct ktest *t)
{
	unsigned int before;

	KASSERT_TRUE(t, ipi_ready(t));
	before = ipi_hits;
	xen_irq_mask(ipi_irq);
	KEXPECT_EQ(t, 0, xen_send_event(xen_irq_port(ipi_irq)));
	KEXPECT_EQ(t, before, ipi_hits);
	KEXPECT_TRUE(t, xen_port_pending(xen_irq_port(ipi_irq)));
	KEXPECT_TRUE(t, xen_irq_latched(ipi_irq));
	xen_irq_unmask(ipi_irq);
	KEXPECT_EQ(t, before + 1, ipi_hits);
	KEXPECT_FALSE(t, xen_irq_latched(ipi_irq));
}

static int masked_irq = -1;
static volatile unsigned int masked_hits;

static void count_masked(unsigned int irq, struct pt_regs *regs)
{
	masked_hits++;
}

#define PORTS_PER_WORD (sizeof(xen_ulong_t) * 8)

/* A second IPI port whose pending bit shares a bitmap word with the first one's. */
static bool masked_neighbour_ready(struct ktest *t)
{
	while (masked_irq < 0 || xen_irq_port(masked_irq) / PORTS_PER_WORD !=
				 xen_irq_port(ipi_irq) / PORTS_PER_WORD) {
		/* Ports come in order: the next one is in the same word or the one after. */
		masked_irq = xen_bind_ipi_to_irq();
		if (masked_irq < 0) {
			KTEST_FAIL(t, "cannot bind a second IPI event channel: %d", masked_irq);
			return false;
		}
	}
	irq_set_handler(masked_irq, count_masked);
	return true;
}

/*
 * The upcall scans a whole word of pending bits: a masked port's bit in
 * it stays pending, undispatched, while its unmasked neighbour fires.
 */
static void test_masked_port_in_same_word_not_dispatched(struct ktest *t)
{
	evtchn_port_t fires, masked;
	unsigned int before;

	KASSERT_TRUE(t, ipi_ready(t));
	KASSERT_TRUE(t, masked_neighbour_ready(t));
	fires = xen_irq_port(ipi_irq);
	masked = xen_irq_port(masked_irq);
	KASSERT_EQ(t, fires / PORTS_PER_WORD, masked / PORTS_PER_WORD);
	before = ipi_hits;
	masked_hits = 0;
	xen_irq_mask(masked_irq);
	local_irq_disable();
	KEXPECT_EQ(t, 0, xen_send_event(masked));
	KEXPECT_EQ(t, 0, xen_send_event(fires));
	/* Both bits pending in the one word when the upcall scans it. */
	KEXPECT_TRUE(t, xen_port_pending(masked));
	KEXPECT_TRUE(t, xen_port_pending(fires));
	local_irq_enable();
	KEXPECT_EQ(t, before + 1, ipi_hits);
	KEXPECT_EQ(t, 0, masked_hits);
	KEXPECT_TRUE(t, xen_port_pending(masked));
	xen_irq_unmask(masked_irq);
	KEXPECT_EQ(t, 1, masked_hits);
	KEXPECT_FALSE(t, xen_port_pending(masked));
	irq_set_handler(masked_irq, NULL);
}

/* The timer's VIRQ fires while masked and comes in on the enabling site. */
static void test_timer_event_pending_while_masked(struct ktest *t)
{
	evtchn_port_t port = xen_irq_port(TIMER_IRQ);
	u64 ticks, after, t0, span = timer_tsc_per_tick() * 3;
	bool fired = false;

	KASSERT_GT(t, timer_tsc_per_tick(), 0);
	KASSERT_TRUE(t, port != 0);
	local_irq_disable();
	ticks = timer_ticks();
	t0 = rdtsc();
	/* halt with events masked blocks until a bound port is pending. */
	while (!fired && rdtsc() - t0 < span) {
		halt();
		fired = xen_port_pending(port);
	}
	KEXPECT_EQ(t, ticks, timer_ticks());
	KEXPECT_TRUE(t, xen_vcpu()->evtchn_upcall_pending);
	local_irq_enable();
	after = timer_ticks();
	KEXPECT_TRUE(t, fired);
	KEXPECT_PENDING_TICK_DELIVERED(t, ticks, after);
}

/*
 * Both implementations, called directly rather than through the installed
 * table: each must hold an event while masked and deliver it on enable and
 * on restore. The callee-save versions also follow the C calling
 * convention, so C may call them.
 */
typedef unsigned long (*save_fl_fn)(void);
typedef void (*restore_fl_fn)(unsigned long);
typedef void (*void_fn)(void);

static void check_ops_deliver(struct ktest *t, const char *name, const struct pv_irq_ops *ops)
{
	save_fl_fn save = (save_fl_fn)ops->save_fl.func;
	restore_fl_fn restore = (restore_fl_fn)ops->restore_fl.func;
	void_fn disable = (void_fn)ops->irq_disable.func, enable = (void_fn)ops->irq_enable.func;
	unsigned int before, held, after;
	unsigned long flags;

	KASSERT_TRUE(t, ipi_ready(t));
	before = ipi_hits;
	disable();
	xen_send_event(xen_irq_port(ipi_irq));
	held = ipi_hits;
	enable();
	after = ipi_hits;
	if (held != before || after != before + 1)
		KTEST_FAIL(t, "%s irq_disable/irq_enable: %u events before, %u while masked, %u after",
			   name, before, held, after);

	before = ipi_hits;
	flags = save();
	disable();
	xen_send_event(xen_irq_port(ipi_irq));
	held = ipi_hits;
	restore(flags);
	after = ipi_hits;
	if (!(flags & X86_EFLAGS_IF) || held != before || after != before + 1)
		KTEST_FAIL(t, "%s save_fl/restore_fl: flags 0x%lx, %u events before, %u while masked, %u after",
			   name, flags, before, held, after);
	KEXPECT_FALSE(t, irqs_disabled());
}

static void test_c_ops_deliver_on_unmask(struct ktest *t)
{
	check_ops_deliver(t, "C", &xen_irq_ops_c);
}

static void test_asm_ops_deliver_on_unmask(struct ktest *t)
{
	check_ops_deliver(t, "asm", &xen_irq_ops_asm);
}

static const struct ktest_case xen_events_cases[] = {
	KTEST_CASE(test_save_fl_reflects_upcall_mask),
	KTEST_CASE(test_event_held_while_masked_delivered_by_irq_enable),
	KTEST_CASE(test_event_held_while_masked_delivered_by_restore_fl),
	KTEST_CASE(test_event_delivered_at_once_when_unmasked),
	KTEST_CASE(test_masked_port_waits_for_unmask),
	KTEST_CASE(test_masked_port_in_same_word_not_dispatched),
	KTEST_CASE(test_timer_event_pending_while_masked),
	KTEST_CASE(test_c_ops_deliver_on_unmask),
	KTEST_CASE(test_asm_ops_deliver_on_unmask),
	{},
};
KTEST_SUITE(xen_events, xen_events_cases, xen_events_skip);
