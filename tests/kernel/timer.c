/*
 * The tick, seen through the pv interrupt flag: ticks advance with
 * interrupts on, stop while they are off however long we wait, and the
 * tick that became pending meanwhile arrives as soon as they are back on.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/timer.h>
#include "tick_expect.h"

static void test_ticks_advance_with_interrupts_on(struct ktest *t)
{
	u64 start = timer_ticks(), t0 = rdtsc();
	u64 limit = timer_tsc_per_tick() * 2000;

	KASSERT_GT(t, timer_tsc_per_tick(), 0);
	KASSERT_TRUE(t, !irqs_disabled());
	/*
	 * A loaded host may deliver ticks late, never not at all: the limit
	 * only ends a wait for ticks that stopped (under parallel TCG the TSC
	 * follows the host's clock, and a CPU's thread may sit preempted for
	 * many periods).
	 */
	while (timer_ticks() < start + 3 && rdtsc() - t0 < limit)
		cpu_relax();
	KEXPECT_GE(t, timer_ticks(), start + 3);
}

static void test_ticks_held_off_while_disabled(struct ktest *t)
{
	unsigned long flags;
	u64 before, during, after;

	KASSERT_GT(t, timer_tsc_per_tick(), 0);
	local_irq_save(flags);
	before = timer_ticks();
	timer_spin_periods(5);
	during = timer_ticks();
	local_irq_restore(flags);
	after = timer_ticks(); /* the first instruction after the enabling site */
	KEXPECT_EQ(t, before, during);
	KEXPECT_PENDING_TICK_DELIVERED(t, before, after);
}

static void test_pending_tick_delivered_by_enable(struct ktest *t)
{
	u64 before, after;

	KASSERT_GT(t, timer_tsc_per_tick(), 0);
	local_irq_disable();
	before = timer_ticks();
	timer_spin_periods(3);
	KEXPECT_EQ(t, before, timer_ticks());
	local_irq_enable();
	after = timer_ticks();
	KEXPECT_PENDING_TICK_DELIVERED(t, before, after);
}

static const struct ktest_case timer_cases[] = {
	KTEST_CASE(test_ticks_advance_with_interrupts_on),
	KTEST_CASE(test_ticks_held_off_while_disabled),
	KTEST_CASE(test_pending_tick_delivered_by_enable),
	{},
};
KTEST_SUITE_EACH_CPU(timer, timer_cases, NULL);
