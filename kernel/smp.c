/*
 * Online CPUs and cross-CPU calls. An AP that has nothing to do sleeps in
 * smp_ap_idle() until another CPU gives it a function to run and wakes it;
 * the caller waits for the function to finish.
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

/*
 * A wake-up IPI arrived. Its coming was the point (it ended the CPU's
 * wait_for_work); the work itself is in the CPU's mailbox.
 */
void smp_ipi_interrupt(void)
{
}

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

bool smp_call_on_cpu(unsigned int cpu, void (*fn)(void *arg), void *arg)
{
	struct cpu_call *c = &calls[cpu];

	if (!cpu_online(cpu))
		return false;
	if (cpu == smp_processor_id()) {
		fn(arg);
		return true;
	}
	c->arg = arg;
	c->done = false;
	__atomic_store_n(&c->fn, fn, __ATOMIC_RELEASE);
	platform->wake_cpu(cpu);
	while (!__atomic_load_n(&c->done, __ATOMIC_ACQUIRE))
		cpu_relax();
	return true;
}

void smp_init(const struct boot_info *boot)
{
	if (platform->smp_boot)
		platform->smp_boot(boot);
	printk("smp: %u CPU%s online\n", num_online_cpus(), num_online_cpus() == 1 ? "" : "s");
}
