/*
 * The register probes (pv_regs_*.S) through the enabling ops' slow paths:
 * the backend's suite arms its slow path with interrupts off, then each
 * probe's site enables. The site must take the slow path inside the op
 * (the hit is counted in the snapshot taken right after the site), once,
 * and still keep every register but the return register.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include "pv_regs.h"

static void run_probe(struct ktest *t, const char *name, probe_fn probe, bool is_restore,
		      bool keeps_ret, const struct pv_slow_path *sp)
{
	struct reg_snapshot snap = { 0 };
	unsigned long flags, before, held, after;
	bool due;

	local_irq_save(flags);
	before = pv_probe_hits;
	sp->arm();
	due = sp->due();
	held = pv_probe_hits;
	probe(&snap, flags); /* enables: flags has IF set */
	local_irq_restore(flags);
	after = pv_probe_hits;

	if (!(flags & X86_EFLAGS_IF))
		KTEST_FAIL(t, "%s: interrupts were off before the test", name);
	if (!due)
		KTEST_FAIL(t, "%s: no %s before the enabling site", name, sp->what);
	if (held != before)
		KTEST_FAIL(t, "%s: the slow path ran with interrupts off", name);
	if (snap.hits != before + 1)
		KTEST_FAIL(t, "%s: %s handled %lu times inside the op, expected once", name,
			   sp->what, snap.hits - before);
	if (after != before + 1)
		KTEST_FAIL(t, "%s: %s handled %lu times in all, expected once", name, sp->what,
			   after - before);
	pv_regs_compare(t, name, &snap, flags, is_restore, keeps_ret);
}

void pv_regs_check_slow(struct ktest *t, const char *label, const struct pv_slow_path *sp)
{
	static const struct {
		const char *op;
		probe_fn probe;
		bool is_restore, keeps_ret;
	} probes[] = {
		{ "irq_enable/ret", pv_probe_irq_enable_ret, false, false },
		{ "irq_enable/none", pv_probe_irq_enable_none, false, true },
		{ "restore_fl/ret", pv_probe_restore_fl_ret, true, false },
		{ "restore_fl/none", pv_probe_restore_fl_none, true, true },
	};

	for (unsigned int i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		char name[64];

		snprintf(name, sizeof(name), "%s %s, %s", label, probes[i].op, sp->what);
		run_probe(t, name, probes[i].probe, probes[i].is_restore, probes[i].keeps_ret, sp);
	}
}
