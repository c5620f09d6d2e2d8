/*
 * Online CPUs, cross-CPU calls and the IPI. An AP that has nothing to do
 * sleeps in smp_ap_idle() until another CPU gives it a function to run and
 * wakes it; the caller waits for the function to finish (or collects it
 * later, smp_call_wait()).
 *
 * An IPI carries nothing but its arrival. What it means is in memory: the
 * call mailbox above, and one message counter per (sender, receiver) pair,
 * which the sender raises before it sends and the receiver's
 * smp_ipi_interrupt() takes whole. Several IPIs that arrive as one
 * interrupt still deliver every message exactly once, and the counts say
 * who sent what to whom.
 */
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>

static volatile u32 online_mask = 1; /* the boot CPU */

struct cpu_call {
	void (*volatile fn)(void *arg);
	void *arg;
	volatile bool done;
};

static struct cpu_call calls[NR_CPUS];
static unsigned int missing;
static char missing_why[96];

void smp_cpu_missing(const char *why)
{
	missing++;
	snprintf(missing_why, sizeof(missing_why), "%s", why);
	printk("smp: %s\n", why);
}

unsigned int smp_missing_cpus(const char **last_why)
{
	*last_why = missing_why;
	return missing;
}

unsigned int num_online_cpus(void)
{
	unsigned int n = 0;

	for (u32 m = online_mask; m; m &= m - 1)
		n++;
	return n;
}

bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && (online_mask & (1u << cpu));
}

void smp_ap_online(unsigned int cpu)
{
	__atomic_or_fetch(&online_mask, 1u << cpu, __ATOMIC_SEQ_CST);
}

/* Messages in flight, [sender][receiver]; what each pair sent and received. */
static unsigned long ipi_posted[NR_CPUS][NR_CPUS];
static unsigned long ipi_sent[NR_CPUS][NR_CPUS];
static unsigned long ipi_received[NR_CPUS][NR_CPUS];
static DEFINE_PER_CPU(unsigned long, ipi_interrupts);
static void (*ipi_hook)(unsigned int from, unsigned long messages);

void smp_ipi_interrupt(const struct pt_regs *regs)
{
	unsigned int me = smp_processor_id();
	void (*hook)(unsigned int, unsigned long) = READ_ONCE(ipi_hook);

	this_cpu_write(ipi_interrupts, this_cpu_read(ipi_interrupts) + 1);
	for (unsigned int from = 0; from < NR_CPUS; from++) {
		unsigned long n;

		if (!READ_ONCE(ipi_posted[from][me]))
			continue;
		n = __atomic_exchange_n(&ipi_posted[from][me], 0, __ATOMIC_ACQUIRE);
		ipi_received[from][me] += n;
		if (hook && n)
			hook(from, n);
	}
	smp_sync_interrupt(regs);
}

void smp_send_ipi(unsigned int cpu)
{
	unsigned int me = smp_processor_id();

	ipi_sent[me][cpu]++;
	__atomic_fetch_add(&ipi_posted[me][cpu], 1, __ATOMIC_RELEASE);
	platform->wake_cpu(cpu);
}

void smp_ipi_counts(unsigned int from, unsigned int to, struct smp_ipi_count *c)
{
	c->sent = READ_ONCE(ipi_sent[from][to]);
	c->received = READ_ONCE(ipi_received[from][to]);
	c->in_flight = READ_ONCE(ipi_posted[from][to]);
}

unsigned long smp_ipi_interrupts(unsigned int cpu)
{
	return READ_ONCE(per_cpu(ipi_interrupts, cpu));
}

void smp_set_ipi_hook(void (*hook)(unsigned int from, unsigned long messages))
{
	WRITE_ONCE(ipi_hook, hook);
}

/* A function runs with interrupts off; it may turn them on through the ops. */
void smp_ap_idle(void)
{
	struct cpu_call *c = &calls[smp_processor_id()];

	for (;;) {
		void (*fn)(void *) = __atomic_load_n(&c->fn, __ATOMIC_ACQUIRE);

		if (!fn) {
			platform->wait_for_work();
			continue;
		}
		fn(c->arg);
		c->fn = NULL;
		__atomic_store_n(&c->done, true, __ATOMIC_RELEASE);
	}
}

bool smp_call_on_cpu_nowait(unsigned int cpu, void (*fn)(void *arg), void *arg)
{
	struct cpu_call *c = &calls[cpu];

	if (!cpu_online(cpu) || cpu == smp_processor_id())
		return false;
	c->arg = arg;
	c->done = false;
	__atomic_store_n(&c->fn, fn, __ATOMIC_RELEASE);
	platform->wake_cpu(cpu);
	return true;
}

void smp_call_wait(unsigned int cpu)
{
	while (!__atomic_load_n(&calls[cpu].done, __ATOMIC_ACQUIRE))
		cpu_relax();
}

bool smp_call_on_cpu(unsigned int cpu, void (*fn)(void *arg), void *arg)
{
	if (!cpu_online(cpu))
		return false;
	if (cpu == smp_processor_id()) {
		fn(arg);
		return true;
	}
	smp_call_on_cpu_nowait(cpu, fn, arg);
	smp_call_wait(cpu);
	return true;
}

void smp_init(const struct boot_info *boot)
{
	if (platform->smp_boot)
		platform->smp_boot(boot);
	printk("smp: %u CPU%s online\n", num_online_cpus(), num_online_cpus() == 1 ? "" : "s");
}
