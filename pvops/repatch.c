/*
 * Live re-patching: pv_repatch() rewrites every site while the other CPUs
 * run them, through the breakpoint protocol (asm/text_poke_bp.h). A
 * switch goes through the form every site had at link time, a call
 * through its op's slot, which means the same under any backend:
 *
 *   1. every patched site back to its call (the old backend's ops still
 *      installed, so each site means what it meant);
 *   2. the new tables installed. When the backend changes, what a CPU's
 *      interrupt state is changes too (the real IF, a flag in memory), so
 *      every other CPU is stopped first, outside any op's code: each
 *      leaves the old backend (cpu_exit: runs what it held back) and
 *      enters the new (cpu_init) with interrupts off, and the state it
 *      saved on entry, in the flags format every backend shares, is
 *      restored through the new ops on the way out;
 *   3. every site patched for the new backend, as boot patching would.
 */
#include <asm/irqflags.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/text_poke_bp.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/string.h>
#include <pvops/backend.h>

BUILD_BUG_ON(TEXT_POKE_MAX < PARAVIRT_SITE_MAX);

extern char __pv_ops_text_start[], __pv_ops_text_end[];

/* Sites rewritten per breakpoint round (three serialisations of every CPU each). */
#define REPATCH_BATCH 128

static struct text_poke_loc batch[REPATCH_BATCH];
static unsigned int batch_nr;
static struct pv_repatch_stats stats;
static volatile unsigned int repatch_lock;

const struct pv_repatch_stats *pv_repatch_stats(void)
{
	return &stats;
}

static void flush_batch(void)
{
	text_poke_bp_batch(batch, batch_nr);
	stats.sites_written += batch_nr;
	stats.last_sites += batch_nr;
	batch_nr = 0;
}

static void queue_site(const struct paravirt_patch_env *env, const struct paravirt_patch_site *p,
		       const u8 *bytes)
{
	u8 *site = (u8 *)PARAVIRT_SITE_ADDR(p);
	struct text_poke_loc *l;

	if (memcmp(site, bytes, p->len) == 0)
		return;
	l = &batch[batch_nr++];
	l->addr = site;
	l->len = p->len;
	l->call_slot = (const unsigned long *)paravirt_slot_addr(env, p->type);
	memcpy(l->bytes, bytes, p->len);
	if (batch_nr == REPATCH_BATCH)
		flush_batch();
}

static void unpatch_all(const struct paravirt_patch_env *env)
{
	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		u8 buf[PARAVIRT_SITE_MAX];

		if (paravirt_link_time_site(env, p, buf))
			stats.refused++;
		else
			queue_site(env, p, buf);
	}
	flush_batch();
}

static void patch_all(const struct paravirt_patch_env *env)
{
	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		u8 buf[PARAVIRT_SITE_MAX];
		const char *reason;

		if (paravirt_patch_site(env, p, buf, &reason) == PV_SITE_REFUSED)
			stats.refused++;
		else
			queue_site(env, p, buf);
	}
	flush_batch();
}

/* For the int3 handler (text_poke_bp_set_finder()): no paravirt site runs here. */
static bool find_site(unsigned long addr, const unsigned long **slot, unsigned int *len)
{
	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		if (PARAVIRT_SITE_ADDR(p) != addr || !paravirt_group_of(p->type))
			continue;
		*slot = (const unsigned long *)paravirt_slot_addr(pv_kernel_env(), p->type);
		*len = p->len;
		return true;
	}
	return false;
}

struct backend_switch {
	const struct pv_backend *from, *to;
	const struct pv_irq_ops *ops;
};

/*
 * Not inside an op's code, which may belong to the backend being replaced
 * and go on to act on its state; or at an op's last instruction, its
 * return, when all it does is done (where a CPU halted in safe_halt wakes).
 */
static bool outside_ops(const struct pt_regs *regs)
{
	if (regs->ip < (unsigned long)__pv_ops_text_start ||
	    regs->ip >= (unsigned long)__pv_ops_text_end)
		return true;
	return *(const u8 *)regs->ip == 0xc3; /* ret */
}

static void leave_backend(void *arg, struct pt_regs *regs)
{
	const struct backend_switch *s = arg;

	if (s->from->cpu_exit)
		s->from->cpu_exit(s->from);
}

/*
 * A stopped CPU goes on with the state its interrupted code had, which is
 * interrupts on: only then did the IPI reach it (a deferred one is
 * replayed inside an op, where no CPU stops). The exit path restores
 * pt_regs.pvflags through the new backend's restore_fl, so that is where
 * the state goes, in the flags format every backend shares; what the old
 * backend saved there at entry (the handler's own state, natively) would
 * leave the new one's flag off.
 */
static void enter_backend(void *arg, struct pt_regs *regs)
{
	const struct backend_switch *s = arg;

	if (s->to->cpu_init)
		s->to->cpu_init(s->to);
	if (regs)
		regs->pvflags = X86_EFLAGS_IF;
}

/*
 * On the calling CPU, every other one stopped. A backend's init() prepares
 * its state and the calling CPU's (the boot CPU's, at boot).
 */
static void switch_backend(void *arg)
{
	const struct backend_switch *s = arg;

	leave_backend(arg, NULL);
	if (s->to->init)
		s->to->init(s->to);
	else
		enter_backend(arg, NULL);
	pv_switch_tables(s->to, s->ops);
}

int pv_repatch(const struct pv_backend *b, const struct pv_irq_ops *ops, bool patch)
{
	const struct paravirt_patch_env *env = pv_kernel_env();
	const struct pv_backend *from = pv_backend_active();
	struct backend_switch s = { from, b, ops ? ops : b == from ? pv_active_ops() : b->irq_ops };
	struct smp_stop_work stop = {
		.can_stop = outside_ops,
		.before = leave_backend,
		.work = switch_backend,
		.after = enter_backend,
		.arg = &s,
	};
	unsigned long flags;
	u64 t0;

	if (b != from && pv_backend_fixed()) {
		printk("pvops: cannot switch live to %s: the %s platform runs only %s\n", b->name,
		       platform->name, from->name);
		return -1;
	}
	while (__atomic_exchange_n(&repatch_lock, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	text_poke_bp_set_finder(find_site);
	t0 = rdtsc();
	stats.last_sites = 0;
	if (pv_patching_enabled())
		unpatch_all(env);
	if (b != from) {
		local_irq_save(flags);
		smp_stop_others(&stop);
		local_irq_restore(flags);
	} else {
		/* The same backend, maybe other ops: the same state, so no CPU needs stopping. */
		pv_switch_tables(b, s.ops);
	}
	if (patch)
		patch_all(env);
	pv_set_patching(patch);
	stats.last_tsc = rdtsc() - t0;
	stats.switches++;
	__atomic_store_n(&repatch_lock, 0, __ATOMIC_RELEASE);
	return 0;
}
