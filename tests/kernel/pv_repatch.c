/*
 * Live re-patching on the running kernel: a CPU that runs into a site
 * being rewritten is steered past it as if its call had run, and
 * pv_repatch() takes every site through every mode this platform allows
 * and back, each time leaving exactly what boot patching writes for the
 * mode, with interrupts working and each CPU's interrupt state carried.
 * The other CPUs stay online meanwhile (idle in safe_halt, a site too).
 * pv_switch_stress.c does the same a thousand times under load.
 */
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/text_poke_bp.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/string.h>
#include <pvkern/timer.h>
#include "pv_switch_modes.h"

/* Each holds one site of its op near its start. */
static __noinline void probe_disable(void)
{
	arch_local_irq_disable();
}

static __noinline unsigned long probe_save(void)
{
	return arch_local_save_flags();
}

static __noinline void probe_restore(unsigned long flags)
{
	arch_local_irq_restore(flags);
}

#define PROBE_REACH 64

static const struct paravirt_patch_site *site_in(const void *fn, u8 type)
{
	unsigned long start = (unsigned long)fn;

	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++)
		if (p->type == type && PARAVIRT_SITE_ADDR(p) >= start &&
		    PARAVIRT_SITE_ADDR(p) < start + PROBE_REACH)
			return p;
	return NULL;
}

/* The site as it is now, an int3 on it, for the probe to run into. */
static bool arm(struct ktest *t, struct text_poke_loc *l, const void *fn, u8 type)
{
	const struct paravirt_patch_site *p = site_in(fn, type);

	if (!p) {
		KTEST_FAIL(t, "no %s site in the first %u bytes of its probe",
			   paravirt_op_name(type), PROBE_REACH);
		return false;
	}
	l->addr = (u8 *)PARAVIRT_SITE_ADDR(p);
	l->len = p->len;
	l->call_slot = (const unsigned long *)((unsigned long)&pv_irq_ops + type * sizeof(long));
	memcpy(l->bytes, l->addr, p->len);
	text_poke_bp_begin(l, 1);
	return KEXPECT_EQ(t, l->addr[0], 0xcc);
}

static void finish(struct ktest *t, const struct text_poke_loc *l)
{
	u8 before[TEXT_POKE_MAX];

	memcpy(before, l->bytes, l->len);
	text_poke_bp_finish();
	KEXPECT_MEMEQ(t, before, l->addr, l->len);
}

static void test_int3_on_a_site_runs_its_op(struct ktest *t)
{
	unsigned int me = smp_processor_id();
	struct text_poke_loc l;
	unsigned long hits = text_poke_int3_emulated(me), flags = 0, seen;

	local_irq_enable();
	if (arm(t, &l, probe_disable, PV_IRQ_irq_disable)) {
		probe_disable();
		KEXPECT_TRUE(t, irqs_disabled());
		finish(t, &l);
	}
	local_irq_enable();
	if (arm(t, &l, probe_save, PV_IRQ_save_fl)) {
		local_irq_save(flags);
		seen = probe_save();
		local_irq_restore(flags);
		KEXPECT_FALSE(t, irqs_disabled_flags(flags));
		KEXPECT_TRUE(t, irqs_disabled_flags(seen));
		finish(t, &l);
	}
	if (arm(t, &l, probe_restore, PV_IRQ_restore_fl)) {
		local_irq_disable();
		probe_restore(flags);
		KEXPECT_FALSE(t, irqs_disabled());
		finish(t, &l);
	}
	KEXPECT_EQ(t, text_poke_int3_emulated(me) - hits, 3);
}

/* Interrupts still come: a tick arrives with them on. */
static bool ticks_come(struct ktest *t, const struct pv_mode *m)
{
	u64 before = timer_ticks();

	for (unsigned int i = 0; i < 8 && timer_ticks() == before; i++)
		halt();
	if (timer_ticks() > before)
		return true;
	KTEST_FAIL(t, "%s, %s: no tick within 8 interrupts", m->name,
		   m->patched ? "patched" : "unpatched");
	return false;
}

static void test_every_mode_and_back(struct ktest *t)
{
	struct pv_mode modes[PV_MAX_MODES];
	unsigned int n = pv_switch_modes(modes);

	local_irq_enable();
	for (unsigned int i = 1; i <= n; i++) {
		const struct pv_mode *m = &modes[i % n];

		/* Disabled before, disabled after: the state crosses the switch. */
		local_irq_disable();
		if (!KEXPECT_EQ(t, pv_switch_to(m), 0))
			break;
		KEXPECT_TRUE(t, irqs_disabled());
		local_irq_enable();
		KEXPECT_TRUE(t, pv_backend_active() == m->backend);
		KEXPECT_EQ(t, pv_patching_enabled(), m->patched);
		if (!pv_sites_match(t, m) || !ticks_come(t, m))
			break;
	}
	KEXPECT_TRUE(t, pv_backend_active() == modes[0].backend);
	printk("    # %u modes: %lu switches, %lu sites rewritten, the last %lu\n", n,
	       pv_repatch_stats()->switches, pv_repatch_stats()->sites_written,
	       pv_repatch_stats()->last_sites);
}

static const char *pv_repatch_skip(void)
{
	return timer_tsc_per_tick() ? NULL : "the timer did not calibrate";
}

static const struct ktest_case pv_repatch_cases[] = {
	KTEST_CASE(test_int3_on_a_site_runs_its_op),
	KTEST_CASE(test_every_mode_and_back),
	{},
};
KTEST_SUITE(pv_repatch, pv_repatch_cases, pv_repatch_skip);
