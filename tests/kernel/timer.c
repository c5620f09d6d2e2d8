/*
 * The tick, seen through the pv interrupt flag: ticks advance with
 * interrupts on, stop while they are off however long we wait, and the
 * tick that became pending meanwhile arrives as soon as they are back on.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/smp.h>
#include <pvkern/timer.h>
#include "smp_tests.h"
#include "tick_expect.h"

/*
 * A wait of n periods with interrupts off, after which a tick must be
 * pending. By the TSC alone that holds under -icount, where the TSC and
 * the timers run on one clock; under parallel TCG the TSC follows the
 * host's clock while QEMU's timers fire only when its timer thread runs,
 * which a busy host may delay. So where another CPU can tick beside us,
 * the wait also lasts until that CPU has taken two ticks: the second came
 * a whole period after the first, by which time QEMU (which fires timers
 * in deadline order) has fired ours too. The guard only ends a wait for a
 * CPU whose ticks stopped.
 */
#define WITNESS_GUARD_PERIODS 2000

static volatile bool witness_stop;

static void witness_run(void *arg)
{
	(void)arg;
	local_irq_enable();
	while (!witness_stop)
		cpu_relax();
	local_irq_disable();
}

static void spin_periods_irqs_off(unsigned int n)
{
	unsigned int me = smp_processor_id(), witness = 0;
	bool started = false;
	u64 start, t0, guard = timer_tsc_per_tick() * WITNESS_GUARD_PERIODS;

	if (ktest_other_cpus_skip()) {
		timer_spin_periods(n);
		return;
	}
	/* CPU 0 waits with interrupts on while a case runs elsewhere; else start one. */
	if (me == 0) {
		witness = smp_next_online(0);
		witness_stop = false;
		started = smp_call_on_cpu_nowait(witness, witness_run, NULL);
	}
	timer_spin_periods(n);
	start = timer_ticks_of(witness);
	t0 = rdtsc();
	while (timer_ticks_of(witness) < start + 2 && rdtsc() - t0 < guard)
		cpu_relax();
	if (started) {
		witness_stop = true;
		smp_call_wait(witness);
	}
}

static void test_ticks_advance_with_interrupts_on(struct ktest *t)
{
	u64 start = timer_ticks();
	u64 limit = timer_tsc_per_tick() * 2000;

	KASSERT_GT(t, timer_tsc_per_tick(), 0);
	KASSERT_TRUE(t, !irqs_disabled());
	/*
	 * A loaded host may deliver ticks late, never not at all: the limit
	 * only ends a wait for ticks that stopped (under parallel TCG the TSC
	 * follows the host's clock, and a CPU's thread may sit preempted for
	 * many periods).
	 */
	KEXPECT_TRUE(t, timer_wait_ticks(start + 3, limit));
	KEXPECT_GE(t, timer_ticks(), start + 3);
}

static void test_ticks_held_off_while_disabled(struct ktest *t)
{
	unsigned long flags;
	u64 before, during, after;

	KASSERT_GT(t, timer_tsc_per_tick(), 0);
	local_irq_save(flags);
	before = timer_ticks();
	spin_periods_irqs_off(5);
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
	spin_periods_irqs_off(3);
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
