/*
 * Running tests on several CPUs: which boots can, and starting a function
 * on all of them at once.
 */
#include <asm/irqflags.h>
#include <pvkern/ktest.h>
#include <pvkern/percpu.h>
#include <pvkern/smp.h>
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
