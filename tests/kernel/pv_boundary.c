/*
 * An interrupt at every instruction boundary of the ops that unmask and
 * then look for pending work: irq_enable and restore_fl of the Xen
 * backend (whichever of its asm or C ops the boot installed) and of the
 * lguest-style backend. Their correctness rests on the order of their
 * instructions, and TCG never interrupts inside a translated block, so
 * the other suites cannot see an order bug. Here each op is
 * single-stepped with the trap flag, through a real site (patched or
 * not, as the boot left it): in run k the #DB hook makes an interrupt
 * pending at the k-th boundary (boundary 0 is the site's first byte)
 * and stops stepping, for k = 0, 1, ... until a run returns from the op
 * before reaching boundary k. Each run checks that the handler ran
 * exactly once (for restore_fl of a disabled state: at most once, and
 * once after the next enable), never for a context whose flag was off,
 * and the backend's state after the op. The number of boundaries of
 * each op is printed as a KTAP diagnostic; none at all is a failure.
 */
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include "pv_boundary.h"

/* An op is a handful of instructions (the C ops behind thunks some 25). */
#define MAX_BOUNDARIES 64
#define MAX_STEPS 20000
#define MAX_REPORTS 4

struct op_case {
	const char *name;
	void (*call)(unsigned long arg);
	unsigned long arg;
	const char *site, *end;
	bool start_on; /* the flag before the op */
	bool end_on;   /* the flag the op must leave */
	/* Go on stepping after the interrupt: an exception at every later boundary. */
	bool keep_stepping;
};

struct step_run {
	unsigned long site, end;
	unsigned int inject_at;
	unsigned int boundaries; /* from the site's first byte to the end label */
	unsigned long steps;     /* every #DB, as a guard against running away */
	bool keep_stepping;
	bool started, injected, raise_failed, finished, runaway;
	unsigned long inject_ip;
	bool inject_context_on;
};

static volatile struct step_run run;

#ifdef CONFIG_PV_DEBUG
/*
 * The PV_DEBUG trampoline calls the op and then, from here, only poisons
 * registers after a search of the site table: some 1500 instructions in
 * which the op has done its work and nothing changes the flag. Stepping
 * ends here; the rest runs as it is.
 */
void pv_debug_trash(void);
#define OP_DONE ((unsigned long)pv_debug_trash)
#else
#define OP_DONE 0UL
#endif

static bool step_hook(struct pt_regs *regs)
{
	if (regs->ip == run.end || regs->ip == OP_DONE || ++run.steps > MAX_STEPS) {
		regs->flags &= ~X86_EFLAGS_TF;
		run.finished = regs->ip == run.end || regs->ip == OP_DONE;
		run.runaway = !run.finished;
		return true;
	}
	if (!run.started && regs->ip != run.site)
		return true;
	run.started = true;
	if (run.boundaries == run.inject_at) {
		run.inject_ip = regs->ip;
		run.inject_context_on = boundary_context_enabled(regs);
		run.injected = boundary_irq_raise();
		run.raise_failed = !run.injected;
		/*
		 * The way back from every #DB looks for pending work (Xen's
		 * iret hypercall, the restore_fl of the bare-metal exit path),
		 * which would make up for an op that looks too early. From
		 * here on, only the op may find the interrupt.
		 */
		if (!run.keep_stepping) {
			regs->flags &= ~X86_EFLAGS_TF;
			run.finished = true;
		}
	}
	run.boundaries++;
	return true;
}

struct outcome {
	struct step_run run;
	struct boundary_state before, after;
	unsigned long runs, masked_runs; /* right after the op */
	unsigned long runs_enabled, masked_enabled; /* after enabling, if the op disabled */
};

static void step_once(const struct op_case *c, unsigned int k, struct outcome *o)
{
	trap_handler_t old;

	/*
	 * No tick during the run: a deferred one would turn the lguest
	 * backend's real IF off and move our interrupt off its boundary.
	 * Masked with the flag on, when nothing can be deferred.
	 */
	platform->irq_mask(TIMER_IRQ);
	o->before = boundary_state();
	if (!c->start_on)
		local_irq_disable();
	boundary_irq_counts.runs = 0;
	boundary_irq_counts.masked_runs = 0;
	run = (struct step_run){
		.site = (unsigned long)c->site,
		.end = (unsigned long)c->end,
		.inject_at = k,
		.keep_stepping = c->keep_stepping,
	};
	old = trap_set_handler(X86_TRAP_DB, step_hook);
	c->call(c->arg);
	trap_set_handler(X86_TRAP_DB, old);
	o->after = boundary_state();
	o->runs = boundary_irq_counts.runs;
	o->masked_runs = boundary_irq_counts.masked_runs;
	if (!c->end_on)
		local_irq_enable();
	o->runs_enabled = boundary_irq_counts.runs;
	o->masked_enabled = boundary_irq_counts.masked_runs;
	/* Whatever a broken op left pending, the next run starts clean. */
	local_irq_disable();
	local_irq_enable();
	o->run = run;
	irq_reenable(TIMER_IRQ);
}

/* NULL if the run went as it must, else what went wrong. */
static const char *judge(const struct op_case *c, const struct outcome *o)
{
	unsigned long want = o->run.injected ? 1 : 0;

	if (o->masked_runs || o->masked_enabled)
		return "the handler ran for a context whose flag was off";
	if (o->after.flag_on != c->end_on)
		return "the op left the wrong flag";
	if (c->end_on) {
		if (o->runs != want)
			return "the handler did not run exactly once by the op's return";
		if (o->after.any_work)
			return "work is still pending after the op";
		if (!o->after.real_if)
			return "the CPU's IF is off after the op";
		return NULL;
	}
	if (o->runs > want)
		return "the handler ran more than once";
	if (o->runs < want && !o->after.held)
		return "the interrupt was neither handled nor held";
	if (o->runs_enabled != want)
		return "the handler did not run exactly once by the next enable";
	return NULL;
}

static void check_every_boundary(struct ktest *t, const struct op_case *c)
{
	const char *err = boundary_irq_setup();
	unsigned int k, reported = 0, longest = 0;
	struct outcome o;

	if (err) {
		KTEST_FAIL(t, "%s", err);
		return;
	}
	for (k = 0; k <= MAX_BOUNDARIES; k++) {
		const char *why;

		step_once(c, k, &o);
		if (!o.before.flag_on || o.before.any_work || !o.before.real_if) {
			KTEST_FAIL(t, "%s: run %u did not start enabled with nothing pending", c->name, k);
			break;
		}
		if (!o.run.finished) {
			KTEST_FAIL(t, "%s: run %u did not reach the end label in %u steps", c->name, k,
				   MAX_STEPS);
			break;
		}
		if (o.run.raise_failed) {
			KTEST_FAIL(t, "%s: run %u could not make an interrupt pending", c->name, k);
			break;
		}
		why = judge(c, &o);
		if (why && reported++ < MAX_REPORTS)
			KTEST_FAIL(t, "%s: pending at boundary %u (ip 0x%lx, flag %s): %s "
				   "(runs %lu, after enable %lu; flag %s, work %s, held %s, IF %s)",
				   c->name, k, o.run.inject_ip, o.run.inject_context_on ? "on" : "off",
				   why, o.runs, o.runs_enabled, o.after.flag_on ? "on" : "off",
				   o.after.any_work ? "yes" : "no", o.after.held ? "yes" : "no",
				   o.after.real_if ? "on" : "off");
		if (o.run.boundaries > longest)
			longest = o.run.boundaries;
		if (!o.run.injected)
			break; /* returned before boundary k: every boundary had its turn */
	}
	boundary_irq_teardown();
	if (k > MAX_BOUNDARIES)
		KTEST_FAIL(t, "%s: more than %u boundaries", c->name, MAX_BOUNDARIES);
	if (reported > MAX_REPORTS)
		KTEST_FAIL(t, "%s: %u failing boundaries in all", c->name, reported);
	if (c->keep_stepping)
		printk("    # %s: %s: %u instruction boundaries, an interrupt pending at each; "
		       "up to %u #DB per run\n", t->name, c->name, k, longest);
	else
		printk("    # %s: %s: %u instruction boundaries, an interrupt pending at each\n",
		       t->name, c->name, k);
	/* A hook that never stepped anything must not pass. */
	KEXPECT_GT(t, k, 0);
}

static void test_irq_enable_every_boundary(struct ktest *t)
{
	const struct op_case c = {
		.name = "irq_enable",
		.call = pv_boundary_irq_enable,
		.site = pv_boundary_irq_enable_site,
		.end = pv_boundary_irq_enable_end,
		.end_on = true,
	};

	check_every_boundary(t, &c);
}

static void test_restore_fl_enabled_every_boundary(struct ktest *t)
{
	const struct op_case c = {
		.name = "restore_fl(on)",
		.call = pv_boundary_restore_fl,
		.arg = X86_EFLAGS_IF,
		.site = pv_boundary_restore_fl_site,
		.end = pv_boundary_restore_fl_end,
		.end_on = true,
	};

	check_every_boundary(t, &c);
}

static void test_restore_fl_disabled_every_boundary(struct ktest *t)
{
	const struct op_case c = {
		.name = "restore_fl(off)",
		.call = pv_boundary_restore_fl,
		.arg = 0,
		.site = pv_boundary_restore_fl_site,
		.end = pv_boundary_restore_fl_end,
		.start_on = true,
	};

	check_every_boundary(t, &c);
}

/*
 * The same, with a #DB after every instruction that follows the
 * interrupt: an exception inside the op, after it turned the flag on and
 * before it looked for pending work, must leave it working.
 */
static void test_irq_enable_exception_at_every_later_boundary(struct ktest *t)
{
	const struct op_case c = {
		.name = "irq_enable, stepped to the end",
		.call = pv_boundary_irq_enable,
		.site = pv_boundary_irq_enable_site,
		.end = pv_boundary_irq_enable_end,
		.end_on = true,
		.keep_stepping = true,
	};

	check_every_boundary(t, &c);
}

static const struct ktest_case pv_boundary_cases[] = {
	KTEST_CASE(test_irq_enable_every_boundary),
	KTEST_CASE(test_restore_fl_enabled_every_boundary),
	KTEST_CASE(test_restore_fl_disabled_every_boundary),
	KTEST_CASE(test_irq_enable_exception_at_every_later_boundary),
	{},
};
KTEST_SUITE(pv_boundary, pv_boundary_cases, boundary_irq_skip);
