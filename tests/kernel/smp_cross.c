/*
 * One CPU's interrupt flag against another CPU's interrupts: CPU A turns
 * its interrupts off through the ops, CPU B sends it an IPI, and A's
 * handler runs only when A turns them back on, then exactly once; and
 * every other CPU's tick goes on while A sits with interrupts off.
 *
 * The tests wait for events (another CPU's step, a CPU's own ticks), never
 * for a span of time: under a busy host, or QEMU's round-robin of CPUs,
 * another CPU may run late by any amount of guest time. A wait for one's
 * own ticks has a guard of many periods, which only turns a stopped tick
 * into a failure that says so; a CPU that never comes is a hang, for the
 * harness's timeout.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/timer.h>
#include "smp_tests.h"
#include "tick_expect.h"

/* Tick periods before a wait gives up: only a hang takes this long. */
#define HANG_GUARD_PERIODS 2000

/* Handler runs on each CPU, and those that came while the test had that CPU's flag off. */
static volatile unsigned long ipi_runs[NR_CPUS];
static volatile unsigned long runs_while_off[NR_CPUS];
static volatile bool flag_off[NR_CPUS];

static void count_ipi(unsigned int from, unsigned long messages)
{
	unsigned int me = smp_processor_id();

	(void)from;
	(void)messages;
	ipi_runs[me]++;
	if (flag_off[me])
		runs_while_off[me]++;
}

/* Waits for this CPU's own ticks to advance by n; false if they did not. */
static bool wait_own_ticks(unsigned int n)
{
	u64 start = timer_ticks(), t0 = rdtsc();
	u64 guard = timer_tsc_per_tick() * (n + HANG_GUARD_PERIODS);

	while (timer_ticks() < start + n)
		if (rdtsc() - t0 > guard)
			return false;
	return true;
}

static void wait_step(volatile int *step, int at_least)
{
	while (*step < at_least)
		cpu_relax();
}

struct held_ipi {
	unsigned int a, b;
	volatile int step; /* 1: A is off; 2: B sent; 3: B's ticks went on */
	bool b_ticked, a_ticked;
	unsigned long before, during, after, later;
	struct smp_ipi_count sent_before, sent_after;
};

static void held_ipi_role(unsigned int cpu, void *arg)
{
	struct held_ipi *h = arg;

	if (cpu == h->a) {
		local_irq_disable();
		flag_off[cpu] = true;
		h->before = ipi_runs[cpu];
		h->step = 1;
		wait_step(&h->step, 3);
		h->during = ipi_runs[cpu];
		flag_off[cpu] = false;
		local_irq_enable();
		h->after = ipi_runs[cpu]; /* the first instruction after the enabling site */
		h->a_ticked = wait_own_ticks(2);
		h->later = ipi_runs[cpu];
	} else if (cpu == h->b) {
		wait_step(&h->step, 1);
		smp_ipi_counts(cpu, h->a, &h->sent_before);
		smp_send_ipi(h->a);
		h->step = 2;
		/* Ticks of B's own: by then the IPI is long pending at A. */
		h->b_ticked = wait_own_ticks(2);
		h->step = 3;
	}
}

static void test_ipi_held_off_until_enable(struct ktest *t)
{
	smp_set_ipi_hook(count_ipi);
	for (unsigned int a = 0; a < NR_CPUS; a++) {
		struct held_ipi h = { .a = a };

		if (!cpu_online(a))
			continue;
		h.b = smp_next_online(a);
		smp_run_on_each_cpu(held_ipi_role, &h);
		smp_ipi_counts(h.b, a, &h.sent_after);
		if (!h.b_ticked || !h.a_ticked) {
			KTEST_FAIL(t, "CPU %u -> CPU %u: %s ticks stopped", h.b, a,
				   h.b_ticked ? "A's" : "B's");
			continue;
		}
		if (h.during != h.before)
			KTEST_FAIL(t, "CPU %u's IPI handler ran %lu times while CPU %u had interrupts off",
				   a, h.during - h.before, a);
		if (h.after != h.before + 1)
			KTEST_FAIL(t, "CPU %u's IPI handler ran %lu times by the instruction after its "
				   "enable, expected once (IPI from CPU %u)", a, h.after - h.before, h.b);
		if (h.later != h.after)
			KTEST_FAIL(t, "CPU %u's IPI handler ran %lu more times after that", a,
				   h.later - h.after);
		KEXPECT_EQ(t, h.sent_after.sent, h.sent_before.sent + 1);
		KEXPECT_EQ(t, h.sent_after.received, h.sent_before.received + 1);
		KEXPECT_EQ(t, h.sent_after.in_flight, 0);
	}
	smp_set_ipi_hook(NULL);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (runs_while_off[cpu])
			KTEST_FAIL(t, "CPU %u: %lu IPI handler runs while its flag was off", cpu,
				   runs_while_off[cpu]);
}

#define OTHERS_TICKS 5

struct quiet_cpu {
	unsigned int a;
	volatile int others_done;
	volatile int step; /* 1: A is off */
	bool others_ticked[NR_CPUS];
	u64 a_before, a_during, a_after;
};

static void quiet_cpu_role(unsigned int cpu, void *arg)
{
	struct quiet_cpu *q = arg;

	if (cpu == q->a) {
		unsigned int others = num_online_cpus() - 1;

		local_irq_disable();
		q->a_before = timer_ticks();
		q->step = 1;
		wait_step(&q->others_done, (int)others);
		q->a_during = timer_ticks();
		local_irq_enable();
		q->a_after = timer_ticks();
		return;
	}
	wait_step(&q->step, 1);
	q->others_ticked[cpu] = wait_own_ticks(OTHERS_TICKS);
	__atomic_add_fetch(&q->others_done, 1, __ATOMIC_SEQ_CST);
}

static void test_ticks_go_on_while_another_cpu_is_off(struct ktest *t)
{
	for (unsigned int a = 0; a < NR_CPUS; a++) {
		struct quiet_cpu q = { .a = a };

		if (!cpu_online(a))
			continue;
		smp_run_on_each_cpu(quiet_cpu_role, &q);
		for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
			if (cpu != a && cpu_online(cpu) && !q.others_ticked[cpu])
				KTEST_FAIL(t, "CPU %u's ticks stopped while CPU %u had interrupts off",
					   cpu, a);
		/* A itself: no tick while off, the pending one at its enable. */
		KEXPECT_EQ(t, q.a_during, q.a_before);
		KEXPECT_PENDING_TICK_DELIVERED(t, q.a_before, q.a_after);
	}
}

/*
 * Every CPU prints at once; the harness (tests/expect.py) checks that each
 * line arrived whole: the console lock keeps one CPU's line from cutting
 * into another's.
 */
#define CONSOLE_LINES 16

static void print_lines(unsigned int cpu, void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < CONSOLE_LINES; i++)
		printk("    # console-check: cpu=%u line=%02u "
		       "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz end\n", cpu, i);
}

static void test_printk_lines_from_every_cpu(struct ktest *t)
{
	(void)t;
	printk("    # console-check: %u lines to come\n", num_online_cpus() * CONSOLE_LINES);
	smp_run_on_each_cpu(print_lines, NULL);
}

static const struct ktest_case smp_cross_cases[] = {
	KTEST_CASE(test_ipi_held_off_until_enable),
	KTEST_CASE(test_ticks_go_on_while_another_cpu_is_off),
	KTEST_CASE(test_printk_lines_from_every_cpu),
	{},
};
KTEST_SUITE(smp_cross, smp_cross_cases, smp_irq_tests_skip);

