/*
 * Deferral and replay in the lguest-style backend: a tick that arrives
 * while the virtual flag is off waits, with the real IF off, until the
 * flag comes back on, and then runs exactly once, from the replay path;
 * deferred lines replay in arrival order; no handler ever runs for code
 * whose flag was off.
 */
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/percpu.h>
#include <pvkern/ktest.h>
#include <pvkern/timer.h>
#include <pvops/backend.h>
#include "lguest_probe.h"

/* Spin until the backend has deferred one more interrupt, or n tick periods pass. */
static bool wait_for_deferral(unsigned long deferred_before, unsigned int n)
{
	u64 t0 = rdtsc(), span = timer_tsc_per_tick() * n;

	while (lguest_irq_stats()->deferred == deferred_before)
		if (rdtsc() - t0 > span)
			return false;
	return true;
}

static void spin_periods_and_a_half(unsigned int n)
{
	u64 t0 = rdtsc(), span = timer_tsc_per_tick() * n + timer_tsc_per_tick() / 2;

	while (rdtsc() - t0 < span)
		cpu_relax();
}

/*
 * Disable with irq_disable (or save_fl + irq_disable), wait for a tick to
 * be deferred, then enable with irq_enable (or restore_fl).
 */
static void check_deferred_tick(struct ktest *t, bool use_restore)
{
	struct lguest_irq_stats s0, s1;
	unsigned long flags = 0;
	u64 ticks0, ticks_enabled, t0, span;

	KASSERT_GT(t, timer_tsc_per_tick(), 0);
	if (use_restore)
		local_irq_save(flags);
	else
		local_irq_disable();
	/* Only now: a tick that came before the disabling site ran legitimately. */
	lguest_probe_start();
	s0 = lguest_stats_snapshot();
	ticks0 = timer_ticks();
	/* A tick comes every period; the margin is for a busy host's QEMU. */
	if (!wait_for_deferral(s0.deferred, 50)) {
		local_irq_enable();
		lguest_probe_stop();
		KTEST_FAIL(t, "no tick was deferred in 50 periods with the flag off");
		return;
	}
	/* Back from the interrupt: not handled, and the CPU's IF is off. */
	KEXPECT_EQ(t, ticks0, timer_ticks());
	KEXPECT_EQ(t, 0, lguest_probe.runs);
	KEXPECT_EQ(t, 0, lguest_real_irq_flag());
	KEXPECT_TRUE(t, this_cpu_read(lguest_irq_pending) & (1u << TIMER_IRQ));
	/*
	 * Held back however long we wait: the line cannot fire again. The
	 * wait started on a tick, so it ends between ticks, where no new one
	 * can race with the enable below.
	 */
	spin_periods_and_a_half(3);
	KEXPECT_EQ(t, ticks0, timer_ticks());
	KEXPECT_EQ(t, s0.deferred + 1, lguest_irq_stats()->deferred);

	t0 = rdtsc();
	if (use_restore)
		local_irq_restore(flags);
	else
		local_irq_enable();
	ticks_enabled = timer_ticks(); /* right after the enabling site */
	span = rdtsc() - t0;
	s1 = lguest_stats_snapshot();
	lguest_probe_stop();

	/* Unless the host stalled QEMU for a period meanwhile, no new tick came. */
	if (span < timer_tsc_per_tick())
		KEXPECT_EQ(t, ticks0 + 1, ticks_enabled);
	else
		KEXPECT_GE(t, ticks_enabled, ticks0 + 1);
	KEXPECT_EQ(t, s0.replayed + 1, s1.replayed);
	KEXPECT_EQ(t, 1, lguest_probe.replay_runs);
	KEXPECT_EQ(t, 0, this_cpu_read(lguest_irq_pending));
	KEXPECT_EQ(t, X86_EFLAGS_IF, lguest_real_irq_flag());
	KEXPECT_EQ(t, 0, lguest_probe.context_off);
	KEXPECT_EQ(t, 0, lguest_probe.flag_on);
	KEXPECT_EQ(t, 0, lguest_probe.real_if_on);
}

static void test_deferred_tick_runs_once_on_enable(struct ktest *t)
{
	check_deferred_tick(t, false);
}

static void test_deferred_tick_runs_once_on_restore(struct ktest *t)
{
	check_deferred_tick(t, true);
}

/* Ticks with the flag on, off, nested: each run is checked from inside. */
static void test_handlers_never_run_for_flag_off_code(struct ktest *t)
{
	struct lguest_irq_stats s0, s1;
	unsigned long outer, inner;

	KASSERT_GT(t, timer_tsc_per_tick(), 0);
	lguest_probe_start();
	s0 = lguest_stats_snapshot();
	for (int i = 0; i < 8; i++) {
		timer_spin_periods(1);
		local_irq_save(outer);
		timer_spin_periods(1);
		local_irq_save(inner);
		timer_spin_periods(1);
		local_irq_restore(inner);
		local_irq_restore(outer);
	}
	s1 = lguest_stats_snapshot();
	lguest_probe_stop();

	KEXPECT_GT(t, s1.delivered, s0.delivered);
	KEXPECT_GT(t, s1.deferred, s0.deferred);
	KEXPECT_GT(t, lguest_probe.runs, 0);
	KEXPECT_EQ(t, 0, lguest_probe.context_off);
	KEXPECT_EQ(t, 0, lguest_probe.flag_on);
	KEXPECT_EQ(t, 0, lguest_probe.real_if_on);
}

/*
 * Arrival order, with two lines nothing drives, entered as the interrupt
 * entry would (a frame whose saved flag is off): 5 before 3, so the
 * replay must not go by line number or priority.
 */
#define FIRST_LINE 5
#define SECOND_LINE 3

static unsigned int order[4];
static volatile unsigned int order_len;
static volatile unsigned long order_bad;

static void record_line(unsigned int irq, struct pt_regs *regs)
{
	if (order_len < 4)
		order[order_len] = irq;
	order_len++;
	if (!irqs_disabled() || regs->vector != IRQ_VECTOR_BASE + irq ||
	    !(regs->pvflags & X86_EFLAGS_IF) || !(lguest_irq_stats()->context_flag & X86_EFLAGS_IF))
		order_bad++;
}

static void test_replay_in_arrival_order(struct ktest *t)
{
	const struct pv_backend *b = pv_backend_active();
	struct pt_regs first = { .vector = IRQ_VECTOR_BASE + FIRST_LINE, .flags = X86_EFLAGS_IF };
	struct pt_regs second = { .vector = IRQ_VECTOR_BASE + SECOND_LINE, .flags = X86_EFLAGS_IF };

	KASSERT_TRUE(t, b->irq_entry != NULL);
	order_len = 0;
	order_bad = 0;
	irq_set_handler(FIRST_LINE, record_line);
	irq_set_handler(SECOND_LINE, record_line);
	local_irq_disable();
	b->irq_entry(FIRST_LINE, &first);
	b->irq_entry(SECOND_LINE, &second);
	KEXPECT_EQ(t, 0, order_len);
	/* The frames now return to the interrupted code with the real IF off. */
	KEXPECT_EQ(t, 0, first.flags & X86_EFLAGS_IF);
	KEXPECT_EQ(t, 0, second.flags & X86_EFLAGS_IF);
	local_irq_enable();
	irq_set_handler(FIRST_LINE, NULL);
	irq_set_handler(SECOND_LINE, NULL);

	KASSERT_EQ(t, 2, order_len);
	KEXPECT_EQ(t, FIRST_LINE, order[0]);
	KEXPECT_EQ(t, SECOND_LINE, order[1]);
	KEXPECT_EQ(t, 0, order_bad);
}

static const struct ktest_case lguest_irq_cases[] = {
	KTEST_CASE(test_deferred_tick_runs_once_on_enable),
	KTEST_CASE(test_deferred_tick_runs_once_on_restore),
	KTEST_CASE(test_handlers_never_run_for_flag_off_code),
	KTEST_CASE(test_replay_in_arrival_order),
	{},
};
KTEST_SUITE(lguest_irq, lguest_irq_cases, lguest_skip);
