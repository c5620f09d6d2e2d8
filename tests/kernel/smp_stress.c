/*
 * Every CPU at once, for a second of guest time (counted in ticks): each
 * takes an irqsave spinlock around a shared counter in a tight loop, while
 * every CPU's timer runs at 10 kHz and the CPUs send each other IPIs. The
 * count must come out exact, no tick or IPI handler may run on a CPU
 * inside its critical section (its flag is off there), and every IPI
 * message sent must be received exactly once, per sender and receiver.
 *
 * Runs with ktest.stress (it takes a second or more of every CPU).
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/spinlock.h>
#include <pvkern/timer.h>
#include "smp_tests.h"

BOOT_PARAM_FLAG(param_ktest_stress, "ktest.stress",
		"run the smp_stress suite: every CPU, 10 kHz ticks and IPIs, for a second");

#define STRESS_HZ 10000
#define STRESS_SECONDS 1
/* Lock rounds between two IPIs a CPU sends. */
#define ROUNDS_PER_IPI 64

static DEFINE_SPINLOCK(stress_lock);
static volatile unsigned long shared_count;
static volatile bool stop;
static volatile unsigned int senders_left;

/* Each indexed by CPU, written by that CPU only. */
static volatile bool in_critical[NR_CPUS];
static unsigned long rounds[NR_CPUS];
static volatile unsigned long ticks_seen[NR_CPUS], ipis_seen[NR_CPUS];
static volatile unsigned long ticks_inside[NR_CPUS], ipis_inside[NR_CPUS];
static unsigned long ticks_before[NR_CPUS], ticks_after[NR_CPUS];

static void stress_tick(void)
{
	unsigned int me = smp_processor_id();

	ticks_seen[me]++;
	if (in_critical[me])
		ticks_inside[me]++;
}

static void stress_ipi(unsigned int from, unsigned long messages)
{
	unsigned int me = smp_processor_id();

	(void)from;
	ipis_seen[me] += messages;
	if (in_critical[me])
		ipis_inside[me]++;
}

static void stress_cpu(unsigned int cpu, void *arg)
{
	u64 *end_tick = arg;
	unsigned int target = cpu;
	unsigned long flags, n = 0;

	ticks_before[cpu] = timer_ticks();
	while (!READ_ONCE(stop)) {
		spin_lock_irqsave(&stress_lock, flags);
		in_critical[cpu] = true;
		shared_count = shared_count + 1;
		in_critical[cpu] = false;
		spin_unlock_irqrestore(&stress_lock, flags);
		n++;
		if (n % ROUNDS_PER_IPI == 0) {
			target = smp_next_online(target);
			if (target == cpu)
				target = smp_next_online(target);
			smp_send_ipi(target);
		}
		if (cpu == 0 && timer_ticks() >= *end_tick)
			WRITE_ONCE(stop, true);
	}
	rounds[cpu] = n;
	ticks_after[cpu] = timer_ticks();
	smp_stress_settle(&senders_left, cpu);
}

static void test_lock_ticks_and_ipis_on_every_cpu(struct ktest *t)
{
	struct smp_ipi_count before[NR_CPUS][NR_CPUS];
	unsigned int old_hz = timer_hz(), ncpus = num_online_cpus();
	unsigned long total = 0, sent = 0, received = 0;
	u64 end_tick;

	smp_ipi_snapshot(before);
	shared_count = 0;
	stop = false;
	senders_left = ncpus;
	timer_set_hz(STRESS_HZ);
	timer_set_hook(stress_tick);
	smp_set_ipi_hook(stress_ipi);
	end_tick = timer_ticks() + (u64)STRESS_HZ * STRESS_SECONDS;
	smp_run_on_each_cpu(stress_cpu, &end_tick);
	smp_set_ipi_hook(NULL);
	timer_set_hook(NULL);
	timer_set_hz(old_hz);

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		total += rounds[cpu];
		if (ticks_inside[cpu] || ipis_inside[cpu])
			KTEST_FAIL(t, "CPU %u: %lu tick and %lu IPI handler runs inside its "
				   "critical section (flag off)", cpu, ticks_inside[cpu],
				   ipis_inside[cpu]);
		if (!rounds[cpu] || ticks_after[cpu] == ticks_before[cpu])
			KTEST_FAIL(t, "CPU %u: %lu rounds, %lu ticks: it did not take part", cpu,
				   rounds[cpu], ticks_after[cpu] - ticks_before[cpu]);
		smp_expect_ipis_received(t, before, cpu, &sent, &received);
		printk("    # CPU %u: %lu lock rounds, %lu ticks, %lu IPI messages received\n", cpu,
		       rounds[cpu], ticks_after[cpu] - ticks_before[cpu], ipis_seen[cpu]);
	}
	KEXPECT_EQ(t, shared_count, total);
	KEXPECT_GT(t, sent, 0);
	printk("    # stress: %u CPUs, %u s of CPU 0's ticks at %u Hz: %lu lock rounds (count %lu), "
	       "%lu IPI messages sent, %lu received\n", ncpus, STRESS_SECONDS, STRESS_HZ, total,
	       shared_count, sent, received);
}

static const char *smp_stress_skip(void)
{
	if (!cmdline_flag("ktest.stress"))
		return "runs with ktest.stress";
	return smp_irq_tests_skip();
}

static const struct ktest_case smp_stress_cases[] = {
	KTEST_CASE(test_lock_ticks_and_ipis_on_every_cpu),
	{},
};
KTEST_SUITE(smp_stress, smp_stress_cases, smp_stress_skip);
