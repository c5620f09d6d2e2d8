/*
 * The benchmark mode: with the boot option `bench`, count the instructions
 * each interrupt-flag operation costs at a real call site and print them as
 * machine-readable `bench:` lines, then end the run. tools/bench/run.py
 * boots every backend this way under QEMU with
 * -icount shift=0,sleep=off,align=off, where rdtsc advances by exactly one
 * per retired instruction, so every figure is an exact instruction count
 * that repeats from run to run.
 *
 * Each op runs in a loop of its own, through the ordinary wrappers of
 * <asm/irqflags.h>, so the site is whatever this build and this boot made
 * of it: an indirect call (pv.nopatch), a patched site, or the plain
 * instruction (PARAVIRT=0). A loop is timed at N and at 2N iterations
 * (each three times, keeping the fewest); the difference is N iterations
 * without the fixed cost around the loop. The same difference for an empty
 * loop of the same shape is subtracted, leaving N times the op.
 *
 * It runs before the timer starts: no interrupt line is unmasked, so
 * nothing interrupts the loops even while the interrupt flag is on.
 */
#include <asm/irqflags.h>
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/bench.h>
#include <pvkern/cmdline.h>
#include <pvkern/kernel.h>
#include <pvkern/math64.h>
#include <pvkern/printk.h>
#include <pvkern/spinlock.h>
#include <pvops/backend.h>

BOOT_PARAM_FLAG(param_bench, "bench",
	   "print instructions per irq op (under QEMU -icount) and exit instead of testing");

#ifdef __x86_64__
#define BENCH_ARCH "x86_64"
#else
#define BENCH_ARCH "i386"
#endif

/* Read at run time so that the compiler cannot fold the trip count in. */
static volatile unsigned long bench_loops = 1000;

/*
 * One timed loop. setup runs before the clock starts; body is the op. The
 * barrier keeps every iteration's op in place (no hoisting, no merging).
 */
#define BENCH_LOOP(name, setup, body)                    \
	static __noinline u64 name(unsigned long n)          \
	{                                                    \
		u64 t0, t1;                                      \
		setup;                                           \
		t0 = rdtsc();                                    \
		for (unsigned long i = 0; i < n; i++) {          \
			body;                                        \
			barrier();                                   \
		}                                                \
		t1 = rdtsc();                                    \
		return t1 - t0;                                  \
	}

BENCH_LOOP(loop_empty, , )
BENCH_LOOP(loop_irq_disable, , local_irq_disable())
BENCH_LOOP(loop_irq_enable, , local_irq_enable())
BENCH_LOOP(loop_save_fl, unsigned long f, local_save_flags(f); (void)f)
BENCH_LOOP(loop_restore_fl, unsigned long f; local_save_flags(f), local_irq_restore(f))
BENCH_LOOP(loop_save_restore, unsigned long f, local_irq_save(f); local_irq_restore(f))

/*
 * The macro figure: a whole irqsave spinlock critical section around one
 * counter update (uncontended), as the smp_stress suite runs it.
 */
static DEFINE_SPINLOCK(bench_lock);
static volatile unsigned long bench_counter;
BENCH_LOOP(loop_spin_irqsave, unsigned long f,
	   spin_lock_irqsave(&bench_lock, f); bench_counter = bench_counter + 1;
	   spin_unlock_irqrestore(&bench_lock, f))

/*
 * The mmu ops, each repeated in a way that changes nothing the kernel
 * relies on. read_cr3 only reads. write_cr3 writes back the value CR3
 * already holds: the same tables, so only non-global TLB entries go, and
 * they refill. set_pte writes "not present" to the entry of
 * text_poke_window, which is not present whenever no text_poke() is under
 * way (interrupts are off here and this CPU is the only one running), so
 * the entry ends as it was. flush_tlb_one drops the window's translation,
 * which is either absent or stale by design. Nothing else ever maps the
 * window, so no other code can see these writes.
 */
static pte_t *bench_window_pte(void)
{
	return kernel_pte((unsigned long)text_poke_window);
}

BENCH_LOOP(loop_read_cr3, unsigned long v, v = read_cr3(); (void)v)
BENCH_LOOP(loop_write_cr3, unsigned long cr3 = read_cr3(), write_cr3(cr3))
BENCH_LOOP(loop_set_pte, pte_t *slot = bench_window_pte(), set_pte(slot, 0))
BENCH_LOOP(loop_flush_tlb_one, unsigned long w = (unsigned long)text_poke_window, flush_tlb_one(w))

struct bench_op {
	const char *name;
	u64 (*loop)(unsigned long n);
	bool irqs_on; /* the state the op runs in, as it mostly does in the kernel */
	u64 insns;    /* for bench_loops iterations, the empty loop subtracted */
	bool needs_window_pte; /* skipped where the kernel has no tables of its own */
};

static struct bench_op ops[] = {
	{ "irq_disable", loop_irq_disable, false, 0, false },
	{ "irq_enable", loop_irq_enable, true, 0, false },
	{ "save_fl", loop_save_fl, false, 0, false },
	{ "restore_fl", loop_restore_fl, true, 0, false },
	{ "irq_save_restore", loop_save_restore, true, 0, false },
	{ "spin_irqsave", loop_spin_irqsave, true, 0, false },
	{ "read_cr3", loop_read_cr3, false, 0, false },
	{ "write_cr3", loop_write_cr3, false, 0, false },
	{ "set_pte", loop_set_pte, false, 0, true },
	{ "flush_tlb_one", loop_flush_tlb_one, false, 0, false },
};

static bool bench_op_skipped(const struct bench_op *op)
{
	return op->needs_window_pte && !bench_window_pte();
}

/* The fewest instructions a loop of n iterations took in BENCH_REPEAT runs. */
#define BENCH_REPEAT 3
static u64 fewest(u64 (*loop)(unsigned long n), unsigned long n)
{
	u64 best = loop(n);

	for (unsigned int r = 1; r < BENCH_REPEAT; r++) {
		u64 t = loop(n);

		if (t < best)
			best = t;
	}
	return best;
}

/*
 * The cost of n more iterations, without what surrounds the loop. Each
 * length keeps its best run, so that work the loop did not ask for (a
 * hypervisor's own timer, under Xen) only ever adds to a discarded run.
 */
static u64 per_n(u64 (*loop)(unsigned long n), unsigned long n)
{
	return fewest(loop, 2 * n) - fewest(loop, n);
}

static void print_per_op(const char *what, u64 insns, unsigned long n)
{
	u32 rem;
	u64 q = div_u64_rem(insns, n, &rem);

	/* Not a whole number means the loops differ in shape: show it plainly. */
	if (rem)
		printk("bench: op=%s loops=%lu insns=%llu insns_per_op=%llu+%u/%lu\n", what, n,
		       (unsigned long long)insns, (unsigned long long)q, rem, n);
	else
		printk("bench: op=%s loops=%lu insns=%llu insns_per_op=%llu\n", what, n,
		       (unsigned long long)insns, (unsigned long long)q);
}

#ifdef CONFIG_PARAVIRT
static void print_config(void)
{
#ifdef CONFIG_PV_PLAIN_CALLS
	const char *calls = "plain";
#else
	const char *calls = "callee_save";
#endif
	printk("bench: config arch=%s build=paravirt calls=%s backend=%s patched=%d\n", BENCH_ARCH,
	       calls, pv_backend_active()->name, pv_patching_enabled());
}

static void print_patch_cost(void)
{
	const struct paravirt_patch_stats *s = pv_patch_stats();
	u64 insns = pv_patch_tsc();

	printk("bench: patch sites=%u inline=%u direct_call=%u left=%u refused=%u insns=%llu "
	       "insns_per_site=%llu\n",
	       s->sites, s->count[PV_SITE_INLINE], s->count[PV_SITE_DIRECT_CALL],
	       s->count[PV_SITE_LEFT], s->count[PV_SITE_REFUSED], (unsigned long long)insns,
	       (unsigned long long)(s->sites ? div_u64(insns, s->sites) : 0));
}

/* Live switches measured: to the other patch mode and back, as the boot left it. */
#define BENCH_SWITCHES 2

/*
 * Live re-patching on this CPU: each switch takes every site through the
 * breakpoint protocol (the serialisations are IPIs only with other CPUs
 * online).
 */
static void print_repatch_cost(void)
{
	const struct pv_repatch_stats *rs = pv_repatch_stats();
	bool patched = pv_patching_enabled();
	unsigned long sites = 0;
	u64 insns = 0;

	for (unsigned int i = 0; i < BENCH_SWITCHES; i++) {
		patched = !patched;
		pv_repatch(pv_backend_active(), NULL, patched);
		insns += rs->last_tsc;
		sites += rs->last_sites;
	}
	printk("bench: repatch switches=%u sites=%lu insns=%llu insns_per_switch=%llu "
	       "insns_per_site=%llu\n", BENCH_SWITCHES, sites, (unsigned long long)insns,
	       (unsigned long long)div_u64(insns, BENCH_SWITCHES),
	       (unsigned long long)(sites ? div_u64(insns, sites) : 0));
}
#else
static void print_config(void)
{
	printk("bench: config arch=%s build=nopv calls=none backend=none patched=0\n", BENCH_ARCH);
}

static void print_repatch_cost(void)
{
	printk("bench: repatch switches=0 sites=0 insns=0 insns_per_switch=0 insns_per_site=0\n");
}

static void print_patch_cost(void)
{
	printk("bench: patch sites=0 inline=0 direct_call=0 left=0 refused=0 insns=0 "
	       "insns_per_site=0\n");
}
#endif

void bench_run_if_asked(u64 main_tsc)
{
	unsigned long n = bench_loops;
	u64 ready_tsc, done_tsc, empty;

	if (!cmdline_flag("bench"))
		return;
	ready_tsc = rdtsc();

	empty = per_n(loop_empty, n);
	for (unsigned int i = 0; i < ARRAY_SIZE(ops); i++) {
		if (bench_op_skipped(&ops[i]))
			continue;
		if (ops[i].irqs_on)
			local_irq_enable();
		else
			local_irq_disable();
		ops[i].insns = per_n(ops[i].loop, n) - empty;
	}
	local_irq_disable();
	done_tsc = rdtsc();

	print_config();
	print_per_op("empty_loop", empty, n);
	for (unsigned int i = 0; i < ARRAY_SIZE(ops); i++) {
		if (bench_op_skipped(&ops[i]))
			printk("bench: op=%s skipped=no_kernel_tables\n", ops[i].name);
		else
			print_per_op(ops[i].name, ops[i].insns, n);
	}
	print_patch_cost();
	print_repatch_cost();
	/*
	 * before_main: from CPU reset (firmware, loader, early setup);
	 * main_to_ready: kernel_main() up to here (console, command line,
	 * backend, patching); main_to_result: up to the last measurement.
	 */
	printk("bench: boot before_main=%llu main_to_ready=%llu main_to_result=%llu\n",
	       (unsigned long long)main_tsc, (unsigned long long)(ready_tsc - main_tsc),
	       (unsigned long long)(done_tsc - main_tsc));
	printk("bench: done\n");
	run_exit(EXIT_PASS);
}
