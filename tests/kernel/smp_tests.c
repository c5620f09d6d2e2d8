/*
 * Running tests on several CPUs: which boots can, and starting a function
 * on all of them at once.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/percpu.h>
#include <pvkern/smp.h>
#include <pvkern/timer.h>
#include "smp_tests.h"

#ifdef CONFIG_PARAVIRT
#include <pvops/backend.h>
#include <pvops/lguest.h>

extern char __per_cpu_start[], __per_cpu_end[];

/* Read from the layout: is lguest's flag a per-CPU variable? */
static bool lguest_flag_is_per_cpu(void)
{
	char *flag = (char *)&lguest_irq_enabled;

	return flag >= __per_cpu_start && flag < __per_cpu_end;
}
#endif

const char *ktest_other_cpus_skip(void)
{
	if (num_online_cpus() < 2)
		return "one CPU online";
#ifdef CONFIG_PARAVIRT
	if (pv_backend_active() == &lguest_backend && !lguest_flag_is_per_cpu())
		return "the lguest-style flag is one word for all CPUs";
#endif
	return NULL;
}

const char *smp_irq_tests_skip(void)
{
	return ktest_other_cpus_skip();
}

struct each_cpu_call {
	void (*fn)(unsigned int cpu, void *arg);
	void *arg;
};

static void run_with_irqs_on(void *arg)
{
	struct each_cpu_call *c = arg;

	local_irq_enable();
	c->fn(smp_processor_id(), c->arg);
	local_irq_disable();
}

void smp_run_on_each_cpu(void (*fn)(unsigned int cpu, void *arg), void *arg)
{
	struct each_cpu_call c = { .fn = fn, .arg = arg };
	unsigned int me = smp_processor_id();

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me && cpu_online(cpu))
			smp_call_on_cpu_nowait(cpu, run_with_irqs_on, &c);
	fn(me, arg);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me && cpu_online(cpu))
			smp_call_wait(cpu);
}

unsigned int smp_next_online(unsigned int cpu)
{
	do
		cpu = (cpu + 1) % NR_CPUS;
	while (!cpu_online(cpu));
	return cpu;
}

void smp_ipi_snapshot(struct smp_ipi_count snap[NR_CPUS][NR_CPUS])
{
	for (unsigned int from = 0; from < NR_CPUS; from++)
		for (unsigned int to = 0; to < NR_CPUS; to++)
			smp_ipi_counts(from, to, &snap[from][to]);
}

static bool no_message_in_flight_to(unsigned int cpu)
{
	struct smp_ipi_count c;

	for (unsigned int from = 0; from < NR_CPUS; from++) {
		smp_ipi_counts(from, cpu, &c);
		if (c.in_flight)
			return false;
	}
	return true;
}

/* A CPU's own ticks after which a message not yet received counts as lost. */
#define DRAIN_TICKS 1000

void smp_stress_settle(volatile unsigned int *senders_left, unsigned int cpu)
{
	u64 last;

	__atomic_sub_fetch(senders_left, 1, __ATOMIC_SEQ_CST);
	while (READ_ONCE(*senders_left))
		cpu_relax();
	last = timer_ticks();
	while (!no_message_in_flight_to(cpu) && timer_ticks() < last + DRAIN_TICKS)
		cpu_relax();
}

void smp_expect_ipis_received(struct ktest *t, struct smp_ipi_count snap[NR_CPUS][NR_CPUS],
			      unsigned int cpu, unsigned long *sent, unsigned long *received)
{
	for (unsigned int from = 0; from < NR_CPUS; from++) {
		struct smp_ipi_count *b = &snap[from][cpu], after;

		if (!cpu_online(from) || from == cpu)
			continue;
		smp_ipi_counts(from, cpu, &after);
		*sent += after.sent - b->sent;
		*received += after.received - b->received;
		if (after.sent - b->sent != after.received - b->received || after.in_flight)
			KTEST_FAIL(t, "CPU %u -> CPU %u: %lu IPI messages sent, %lu received, "
				   "%lu in flight", from, cpu, after.sent - b->sent,
				   after.received - b->received, after.in_flight);
	}
}
