/*
 * The lguest-style backend on several CPUs: each CPU has its own virtual
 * flag and pending set. An IPI that reaches a CPU whose flag is off waits
 * on that CPU, with nothing run, and is replayed by that CPU's enable,
 * once, in the order the IPIs came; the other CPUs' flags and counters do
 * not move.
 */
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/percpu.h>
#include <pvkern/smp.h>
#include <pvops/backend.h>
#include <pvops/lguest.h>

/* Two local vectors nothing else uses, for IPIs of the test's own. */
#define TEST_VECTOR_A (LOCAL_VECTOR_BASE + 1)
#define TEST_VECTOR_B (LOCAL_VECTOR_BASE + 2)
/* Loop rounds to wait for an IPI to arrive; a self-IPI takes a few instructions. */
#define ARRIVAL_ROUNDS 1000000

/* What the test handlers saw, in the order they ran. */
static struct {
	unsigned int n;
	u8 vector[8];
	u8 cpu[8];
	bool flag_was_on[8]; /* the virtual flag of the code the handler stands in for */
} runs;

static void record_run(struct pt_regs *regs)
{
	unsigned int i = __atomic_fetch_add(&runs.n, 1, __ATOMIC_SEQ_CST);

	if (i < 8) {
		runs.vector[i] = regs->vector;
		runs.cpu[i] = smp_processor_id();
		runs.flag_was_on[i] = regs->pvflags & LGUEST_IRQ_ENABLED;
	}
	lapic_eoi();
}

static const char *lguest_smp_skip(void)
{
	if (pv_backend_active() != &lguest_backend)
		return "needs pv.backend=lguest";
	return num_online_cpus() < 2 ? "needs two CPUs or more" : NULL;
}

static void reset_runs(void)
{
	__atomic_store_n(&runs.n, 0, __ATOMIC_SEQ_CST);
}

static bool wait_local_deferrals(unsigned long before, unsigned long want)
{
	for (unsigned long i = 0; i < ARRIVAL_ROUNDS; i++) {
		if (lguest_irq_stats()->local_deferred - before >= want)
			return true;
		cpu_relax();
	}
	return false;
}

struct self_report {
	unsigned int cpu;
	bool others_unmoved;
	bool deferred, pending_local;
	unsigned int runs_while_off, runs_after_enable;
	u32 flag_off, flag_on;
};

static u32 flags_of_others[NR_CPUS];

static void snapshot_others(void)
{
	for (unsigned int c = 0; c < NR_CPUS; c++)
		if (cpu_online(c))
			flags_of_others[c] = per_cpu(lguest_irq_enabled, c);
}

static bool others_unmoved(unsigned int self)
{
	for (unsigned int c = 0; c < NR_CPUS; c++)
		if (c != self && cpu_online(c) && per_cpu(lguest_irq_enabled, c) != flags_of_others[c])
			return false;
	return true;
}

/*
 * On the CPU under test: the flag off with the real IF on, two IPIs to
 * itself, then the enable. The first is deferred (and leaves the real IF
 * off), the second waits in the APIC until the enable turns the real IF
 * back on; each runs once, A before B.
 */
static void self_ipis_while_off(void *arg)
{
	struct self_report *r = arg;
	unsigned int cpu = smp_processor_id();
	unsigned long before, flags;

	r->cpu = cpu;
	local_irq_save(flags);
	local_irq_enable(); /* an AP may start with its real IF off */
	snapshot_others();
	local_irq_disable();
	r->flag_off = this_cpu_read(lguest_irq_enabled);
	before = lguest_irq_stats()->local_deferred;
	reset_runs();
	lapic_send_ipi(lapic_id(), TEST_VECTOR_A);
	lapic_send_ipi(lapic_id(), TEST_VECTOR_B);
	r->deferred = wait_local_deferrals(before, 1);
	r->pending_local = this_cpu_read(lguest_irq_pending) & LGUEST_PENDING_LOCAL;
	r->runs_while_off = __atomic_load_n(&runs.n, __ATOMIC_SEQ_CST);
	r->others_unmoved = others_unmoved(cpu);
	local_irq_enable();
	r->flag_on = this_cpu_read(lguest_irq_enabled);
	for (unsigned long i = 0; i < ARRIVAL_ROUNDS && __atomic_load_n(&runs.n, __ATOMIC_SEQ_CST) < 2; i++)
		cpu_relax();
	r->runs_after_enable = __atomic_load_n(&runs.n, __ATOMIC_SEQ_CST);
	local_irq_restore(flags);
}

static void check_two_runs(struct ktest *t, unsigned int cpu)
{
	if (!KEXPECT_EQ(t, 2, runs.n))
		return;
	KEXPECT_EQ(t, TEST_VECTOR_A, runs.vector[0]);
	KEXPECT_EQ(t, TEST_VECTOR_B, runs.vector[1]);
	KEXPECT_EQ(t, cpu, runs.cpu[0]);
	KEXPECT_EQ(t, cpu, runs.cpu[1]);
	KEXPECT_TRUE(t, runs.flag_was_on[0]);
	KEXPECT_TRUE(t, runs.flag_was_on[1]);
}

static void test_ipis_wait_for_their_cpu(struct ktest *t)
{
	set_local_vector_handler(TEST_VECTOR_A, record_run);
	set_local_vector_handler(TEST_VECTOR_B, record_run);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct self_report r = { 0 };
		unsigned int bad = 0;

		if (!smp_call_on_cpu(cpu, self_ipis_while_off, &r))
			continue;
		bad += !KEXPECT_EQ(t, cpu, r.cpu);
		bad += !KEXPECT_EQ(t, 0, r.flag_off);
		bad += !KEXPECT_EQ(t, LGUEST_IRQ_ENABLED, r.flag_on);
		bad += !KEXPECT_TRUE(t, r.deferred);
		bad += !KEXPECT_TRUE(t, r.pending_local);
		bad += !KEXPECT_EQ(t, 0, r.runs_while_off);
		bad += !KEXPECT_EQ(t, 2, r.runs_after_enable);
		bad += !KEXPECT_TRUE(t, r.others_unmoved);
		if (bad)
			KTEST_FAIL(t, "on CPU %u", cpu);
		check_two_runs(t, cpu);
	}
	set_local_vector_handler(TEST_VECTOR_A, NULL);
	set_local_vector_handler(TEST_VECTOR_B, NULL);
}

static u32 bsp_apic_id;

/*
 * B goes only once A has been deferred: two requests in the boot CPU's
 * APIC at once would be taken highest vector first, whatever the order
 * they were sent in.
 */
static void send_two_to_the_boot_cpu(void *arg)
{
	unsigned long before = *(unsigned long *)arg;

	lapic_send_ipi(bsp_apic_id, TEST_VECTOR_A);
	for (unsigned long i = 0; i < ARRIVAL_ROUNDS; i++) {
		if (lguest_irq_stats_of(0)->local_deferred != before)
			break;
		cpu_relax();
	}
	lapic_send_ipi(bsp_apic_id, TEST_VECTOR_B);
}

/*
 * Another CPU sends this CPU two IPIs while its flag is off: nothing runs
 * until this CPU enables, then each runs once, here, in order.
 */
static void test_ipis_from_another_cpu_wait(struct ktest *t)
{
	unsigned long before = lguest_irq_stats()->local_deferred;
	unsigned long flags;
	unsigned int held;

	bsp_apic_id = lapic_id();
	set_local_vector_handler(TEST_VECTOR_A, record_run);
	set_local_vector_handler(TEST_VECTOR_B, record_run);
	reset_runs();
	local_irq_save(flags);
	KASSERT_TRUE(t, smp_call_on_cpu(1, send_two_to_the_boot_cpu, &before));
	KEXPECT_TRUE(t, wait_local_deferrals(before, 1));
	held = __atomic_load_n(&runs.n, __ATOMIC_SEQ_CST);
	KEXPECT_TRUE(t, this_cpu_read(lguest_irq_pending) & LGUEST_PENDING_LOCAL);
	local_irq_restore(flags);
	for (unsigned long i = 0; i < ARRIVAL_ROUNDS && __atomic_load_n(&runs.n, __ATOMIC_SEQ_CST) < 2; i++)
		cpu_relax();
	KEXPECT_EQ(t, 0, held);
	check_two_runs(t, 0);
	set_local_vector_handler(TEST_VECTOR_A, NULL);
	set_local_vector_handler(TEST_VECTOR_B, NULL);
}

static const struct ktest_case lguest_smp_cases[] = {
	KTEST_CASE(test_ipis_wait_for_their_cpu),
	KTEST_CASE(test_ipis_from_another_cpu_wait),
	{},
};
KTEST_SUITE(lguest_smp, lguest_smp_cases, lguest_smp_skip);
