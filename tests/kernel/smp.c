/*
 * The other CPUs: as many came up as the machine has (the harness says how
 * many it gave QEMU with ktest.cpus=) and each runs on its own per-CPU
 * area. smp_native: with the native backend each runs the patched sites,
 * as the boot CPU left them, and keeps its own interrupt flag.
 */
#include <asm/irqflags.h>
#include <asm/irqflags_native.h>
#include <asm/paravirt.h>
#include <asm/processor.h>
#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/smp.h>
#include <pvkern/string.h>
#include <pvops/backend.h>

BOOT_PARAM(param_ktest_cpus, "ktest.cpus", "how many CPUs the machine has (the smp suite checks them)");

static DEFINE_PER_CPU(unsigned long, smp_probe);

struct cpu_report {
	unsigned int cpu;
	unsigned long off;
	bool sites_ok;
	unsigned long bad_site;
	bool if_off_after_disable, if_on_after_enable, restored;
};

static void test_online_cpus_match_the_machine(struct ktest *t)
{
	unsigned long want = cmdline_get_ulong("ktest.cpus", 0);
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

/* What the native backend leaves at a site (hand-encoded, as in pv_native.c). */
static bool site_is_native(const struct paravirt_patch_site *p)
{
	static const u8 cli[] = { 0xfa }, sti[] = { 0xfb }, pushf_pop[] = { 0x9c, 0x58 };
#ifdef __x86_64__
	static const u8 push_popf[] = { 0x57, 0x9d };
#else
	static const u8 push_popf[] = { 0x50, 0x9d };
#endif
	const u8 *site = (const u8 *)PARAVIRT_SITE_ADDR(p);

	switch (p->type) {
	case PV_IRQ_irq_disable:
		return memcmp(site, cli, sizeof(cli)) == 0;
	case PV_IRQ_irq_enable:
		return memcmp(site, sti, sizeof(sti)) == 0;
	case PV_IRQ_save_fl:
		return memcmp(site, pushf_pop, sizeof(pushf_pop)) == 0;
	case PV_IRQ_restore_fl:
		return memcmp(site, push_popf, sizeof(push_popf)) == 0;
	}
	return false;
}

static void run_patched_ops(void *arg)
{
	struct cpu_report *r = arg;
	unsigned long flags;

	r->sites_ok = true;
	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		if (!site_is_native(p)) {
			r->sites_ok = false;
			r->bad_site = PARAVIRT_SITE_ADDR(p);
			break;
		}
	}
	local_irq_save(flags);
	r->if_off_after_disable = !(native_save_fl() & X86_EFLAGS_IF);
	local_irq_enable();
	r->if_on_after_enable = native_save_fl() & X86_EFLAGS_IF;
	local_irq_restore(flags);
	r->restored = (native_save_fl() & X86_EFLAGS_IF) == (flags & X86_EFLAGS_IF);
}

static const char *smp_native_skip(void)
{
	if (num_online_cpus() < 2)
		return "one CPU online";
	if (pv_backend_active() != &native_backend)
		return "the other CPUs run irq ops only with the native backend so far";
	return pv_patching_enabled() ? NULL : "pv.nopatch: no site is patched";
}

static void test_other_cpus_run_patched_native_ops(struct ktest *t)
{
	for (unsigned int cpu = 1; cpu < NR_CPUS; cpu++) {
		struct cpu_report r = { 0 };

		if (!smp_call_on_cpu(cpu, run_patched_ops, &r))
			continue;
		if (!r.sites_ok)
			KTEST_FAIL(t, "CPU %u sees site 0x%lx unpatched", cpu, r.bad_site);
		KEXPECT_TRUE(t, r.if_off_after_disable);
		KEXPECT_TRUE(t, r.if_on_after_enable);
		KEXPECT_TRUE(t, r.restored);
	}
	/* The boot CPU's own flag was never touched by the others. */
	KEXPECT_FALSE(t, irqs_disabled());
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(test_online_cpus_match_the_machine),
	KTEST_CASE(test_each_cpu_runs_on_its_own_area),
	{},
};

KTEST_SUITE(smp, smp_cases, NULL);

static const struct ktest_case smp_native_cases[] = {
	KTEST_CASE(test_other_cpus_run_patched_native_ops),
	{},
};

KTEST_SUITE(smp_native, smp_native_cases, smp_native_skip);
