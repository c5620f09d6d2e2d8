/*
 * Live re-patching under load, on demand (pv.switch_test=N): the boot CPU
 * switches every site N times round the modes of the platform (native
 * and lguest-style on bare metal, Xen's asm and C ops under Xen, each
 * patched and unpatched), checking after each switch that every site
 * holds what boot patching writes for the mode, while every other CPU
 * runs a tight loop of irqsave spinlocks around a shared counter and the
 * timer ticks at 10 kHz on every CPU. The count must come out exact, no
 * tick or IPI handler may run inside a critical section, every IPI sent
 * (each switch's serialisations are IPIs) must arrive exactly once, every
 * CPU must keep taking ticks, and the other CPUs must have run into sites
 * being rewritten (the int3 steering) and lived.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/text_poke_bp.h>
#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/spinlock.h>
#include <pvkern/timer.h>
#include "pv_switch_modes.h"
#include "smp_tests.h"

BOOT_PARAM_UINT(param_switch_test, "pv.switch_test", 0, 100000, 0,
		"run the pv_switch_stress suite: this many live switches under load (0: not)");

#define SWITCH_HZ 10000

static DEFINE_SPINLOCK(switch_lock);
static volatile unsigned long shared_count;
static volatile bool stop;
static volatile unsigned int workers_left;
static struct pv_mode modes[PV_MAX_MODES];
static unsigned int nmodes, switches_done, bad_switch;
static struct ktest *running;

/* Each indexed by CPU, written by that CPU only. */
static volatile bool in_critical[NR_CPUS];
static unsigned long rounds[NR_CPUS], ticks_before[NR_CPUS], ticks_after[NR_CPUS];
static volatile unsigned long ticks_inside[NR_CPUS], ipis_inside[NR_CPUS];

static void count_tick(void)
{
	if (in_critical[smp_processor_id()])
		ticks_inside[smp_processor_id()]++;
}

static void count_ipi(unsigned int from, unsigned long messages)
{
	if (in_critical[smp_processor_id()])
		ipis_inside[smp_processor_id()]++;
}

static void switch_all(void)
{
	unsigned int n = (unsigned int)cmdline_uint(&param_switch_test);

	for (unsigned int i = 1; i <= n; i++) {
		const struct pv_mode *m = &modes[i % nmodes];

		if (pv_switch_to(m) || !pv_sites_match(running, m)) {
			bad_switch = i;
			break;
		}
		switches_done = i;
	}
	/* Back to the boot mode, whatever happened. */
	if (n % nmodes)
		pv_switch_to(&modes[0]);
}

static void work(unsigned int cpu, void *arg)
{
	unsigned long flags, n = 0;

	ticks_before[cpu] = timer_ticks();
	if (cpu == *(const unsigned int *)arg) {
		switch_all();
		WRITE_ONCE(stop, true);
	}
	while (!READ_ONCE(stop)) {
		spin_lock_irqsave(&switch_lock, flags);
		in_critical[cpu] = true;
		shared_count = shared_count + 1;
		in_critical[cpu] = false;
		spin_unlock_irqrestore(&switch_lock, flags);
		n++;
	}
	rounds[cpu] = n;
	ticks_after[cpu] = timer_ticks();
	smp_stress_settle(&workers_left, cpu);
}

static void test_switches_under_load(struct ktest *t)
{
	struct smp_ipi_count before[NR_CPUS][NR_CPUS];
	unsigned int old_hz = timer_hz(), me = smp_processor_id();
	unsigned long total = 0, emulated = 0, stale = 0, sent = 0, received = 0;
	const struct pv_repatch_stats *rs = pv_repatch_stats();
	unsigned long sw0 = rs->switches, sites0 = rs->sites_written;
	unsigned long inside0 = text_poke_bp_inside_waits();

	nmodes = pv_switch_modes(modes);
	smp_ipi_snapshot(before);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu)) {
			emulated -= text_poke_int3_emulated(cpu);
			stale -= text_poke_int3_stale(cpu);
		}
	running = t;
	shared_count = 0;
	stop = false;
	bad_switch = 0;
	switches_done = 0;
	workers_left = num_online_cpus();
	timer_set_hz(SWITCH_HZ);
	timer_set_hook(count_tick);
	smp_set_ipi_hook(count_ipi);
	smp_run_on_each_cpu(work, &me);
	smp_set_ipi_hook(NULL);
	timer_set_hook(NULL);
	timer_set_hz(old_hz);

	KEXPECT_EQ(t, bad_switch, 0);
	KEXPECT_EQ(t, switches_done, cmdline_uint(&param_switch_test));
	KEXPECT_TRUE(t, pv_backend_active() == modes[0].backend);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		total += rounds[cpu];
		emulated += text_poke_int3_emulated(cpu);
		stale += text_poke_int3_stale(cpu);
		if (ticks_inside[cpu] || ipis_inside[cpu])
			KTEST_FAIL(t, "CPU %u: %lu tick and %lu IPI handler runs inside its "
				   "critical section", cpu, ticks_inside[cpu], ipis_inside[cpu]);
		if (ticks_after[cpu] == ticks_before[cpu] || (cpu != me && !rounds[cpu]))
			KTEST_FAIL(t, "CPU %u: %lu rounds, %lu ticks: it did not take part", cpu,
				   rounds[cpu], ticks_after[cpu] - ticks_before[cpu]);
		smp_expect_ipis_received(t, before, cpu, &sent, &received);
		printk("    # CPU %u: %lu lock rounds, %lu ticks\n", cpu, rounds[cpu],
		       ticks_after[cpu] - ticks_before[cpu]);
	}
	KEXPECT_EQ(t, shared_count, total);
	KEXPECT_GT(t, emulated, 0);
	KEXPECT_GT(t, sent, 0); /* each switch serialises every CPU by IPI */
	printk("    # %lu switches round %u modes: %lu sites rewritten, %lu times a CPU ran into "
	       "one and was steered past it, %lu into one already gone, %lu waits for a CPU "
	       "inside one, %lu stop requests retried, %lu IPI messages sent, %lu received\n",
	       rs->switches - sw0, nmodes, rs->sites_written - sites0, emulated, stale,
	       text_poke_bp_inside_waits() - inside0, smp_stop_retries(), sent, received);
}

static const char *pv_switch_stress_skip(void)
{
	if (!cmdline_uint(&param_switch_test))
		return "runs with pv.switch_test=N";
	if (num_online_cpus() < 2)
		return "needs another CPU to run the load";
	return timer_tsc_per_tick() ? NULL : "the timer did not calibrate";
}

static const struct ktest_case pv_switch_stress_cases[] = {
	KTEST_CASE(test_switches_under_load),
	{},
};
KTEST_SUITE(pv_switch_stress, pv_switch_stress_cases, pv_switch_stress_skip);
