/*
 * The other CPUs: as many came up as the machine has (the harness says how
 * many it gave QEMU with ktest.cpus=) and each runs on its own per-CPU
 * area.
 */
#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/smp.h>

/* 0: not said, the suite checks only that the boot CPU is up. */
BOOT_PARAM_UINT(param_ktest_cpus, "ktest.cpus", 0, NR_CPUS, 0,
		"how many CPUs the machine has (the smp suite checks them)");

static DEFINE_PER_CPU(unsigned long, smp_probe);

struct cpu_report {
	unsigned int cpu;
	unsigned long off;
};

static void test_online_cpus_match_the_machine(struct ktest *t)
{
	unsigned long want = cmdline_uint(&param_ktest_cpus);
	const char *why;

	if (smp_missing_cpus(&why))
		KTEST_FAIL(t, "%u CPU(s) did not come up, the last: %s", smp_missing_cpus(&why), why);

	if (!want) {
		KEXPECT_GE(t, num_online_cpus(), 1);
		return;
	}
	KEXPECT_EQ(t, num_online_cpus(), want);
	for (unsigned int cpu = 0; cpu < want; cpu++)
		KEXPECT_TRUE(t, cpu_online(cpu));
}

static void report_area(void *arg)
{
	struct cpu_report *r = arg;

	r->cpu = smp_processor_id();
	r->off = this_cpu_read(this_cpu_off);
	this_cpu_write(smp_probe, 0x100 + r->cpu);
}

static void test_each_cpu_runs_on_its_own_area(struct ktest *t)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct cpu_report r = { .cpu = ~0u };

		if (!smp_call_on_cpu(cpu, report_area, &r))
			continue;
		KEXPECT_EQ(t, r.cpu, cpu);
		KEXPECT_EQ(t, r.off, __per_cpu_offset[cpu]);
		KEXPECT_EQ(t, per_cpu(smp_probe, cpu), 0x100 + cpu);
	}
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(test_online_cpus_match_the_machine),
	KTEST_CASE(test_each_cpu_runs_on_its_own_area),
	{},
};

KTEST_SUITE(smp, smp_cases, NULL);
