/*
 * With the native backend, each of the other CPUs runs the sites as the
 * boot CPU patched them (read from that CPU: the bytes are hand-encoded
 * here, as in pv_native.c) and keeps its own interrupt flag.
 */
#include <asm/irqflags.h>
#include <asm/irqflags_native.h>
#include <asm/paravirt.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/smp.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include "mmu_expect.h"

struct cpu_report {
	bool sites_ok;
	unsigned long bad_site;
	bool if_off_after_disable, if_on_after_enable, restored;
};

/* What the native backend leaves at a site (hand-encoded, as in pv_native.c). */
static bool site_is_native(const struct paravirt_patch_site *p)
{
	static const u8 cli[] = { 0xfa }, sti[] = { 0xfb }, pushf_pop[] = { 0x9c, 0x58 };
	static const u8 sti_hlt[] = { 0xfb, 0xf4 }, hlt[] = { 0xf4 };
#ifdef __x86_64__
	static const u8 push_popf[] = { 0x57, 0x9d };
#else
	static const u8 push_popf[] = { 0x50, 0x9d };
#endif
	const u8 *site = (const u8 *)PARAVIRT_SITE_ADDR(p);
	u8 mmu_bytes[PARAVIRT_SITE_MAX];

	if (is_mmu_site(p)) {
		mmu_native_site_bytes(p, mmu_bytes);
		return memcmp(site, mmu_bytes, p->len) == 0;
	}
	switch (p->type) {
	case PV_IRQ_irq_disable:
		return memcmp(site, cli, sizeof(cli)) == 0;
	case PV_IRQ_irq_enable:
		return memcmp(site, sti, sizeof(sti)) == 0;
	case PV_IRQ_save_fl:
		return memcmp(site, pushf_pop, sizeof(pushf_pop)) == 0;
	case PV_IRQ_restore_fl:
		return memcmp(site, push_popf, sizeof(push_popf)) == 0;
	case PV_IRQ_safe_halt:
		return memcmp(site, sti_hlt, sizeof(sti_hlt)) == 0;
	case PV_IRQ_halt:
		return memcmp(site, hlt, sizeof(hlt)) == 0;
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

static const struct ktest_case smp_native_cases[] = {
	KTEST_CASE(test_other_cpus_run_patched_native_ops),
	{},
};

KTEST_SUITE(smp_native, smp_native_cases, smp_native_skip);
