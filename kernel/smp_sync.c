/*
 * Holding every other CPU to a point: what live patching needs.
 *
 * smp_sync_others() returns once every other online CPU has taken an
 * interrupt since the call. Taking one and returning from it serialises
 * a CPU, so afterwards none runs instructions it fetched before the call:
 * the step the breakpoint protocol needs after each write to live text.
 * Each CPU notes where it was interrupted (smp_sync_ip()): the protocol
 * must also know that none is about to resume inside a site.
 *
 * smp_stop_others() holds every other CPU in its IPI handler, interrupts
 * off, while the caller works: the step for changing what every CPU's
 * interrupt state means (switching backends). A CPU interrupted where
 * the caller's can_stop() says it must not stop (inside an op of the
 * backend being replaced) goes on and is asked again.
 *
 * Both are IPI messages (kernel/smp.c); a CPU whose interrupts are off
 * answers when it turns them on. One caller at a time: live patching
 * holds its own lock.
 */
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <pvkern/smp.h>

static unsigned long sync_generation;
static DEFINE_PER_CPU(unsigned long, sync_seen);
static DEFINE_PER_CPU(unsigned long, sync_ip);

static const struct smp_stop_work *volatile stop_work;
static unsigned long stop_generation;
static DEFINE_PER_CPU(unsigned long, stop_seen);
static volatile unsigned int stop_arrived, stop_left;
static volatile bool stop_released;
static unsigned long stop_retries;

/* Spins between the reminders a stop sends to CPUs that did not stop yet. */
#define STOP_RESEND_SPINS 20000

static void stop_here(const struct smp_stop_work *w, struct pt_regs *regs)
{
	if (this_cpu_read(stop_seen) == READ_ONCE(stop_generation))
		return;
	if (w->can_stop && !w->can_stop(regs)) {
		__atomic_fetch_add(&stop_retries, 1, __ATOMIC_RELAXED);
		return;
	}
	this_cpu_write(stop_seen, READ_ONCE(stop_generation));
	if (w->before)
		w->before(w->arg, regs);
	__atomic_fetch_add(&stop_arrived, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&stop_released, __ATOMIC_ACQUIRE))
		cpu_relax();
	if (w->after)
		w->after(w->arg, regs);
	__atomic_fetch_add(&stop_left, 1, __ATOMIC_ACQ_REL);
}

void smp_sync_interrupt(struct pt_regs *regs)
{
	const struct smp_stop_work *w = stop_work;

	this_cpu_write(sync_ip, regs->ip);
	__atomic_store_n(this_cpu_ptr(sync_seen), READ_ONCE(sync_generation), __ATOMIC_RELEASE);
	if (w)
		stop_here(w, regs);
}

void smp_sync_others(void)
{
	unsigned int me = smp_processor_id();
	unsigned long gen = __atomic_add_fetch(&sync_generation, 1, __ATOMIC_ACQ_REL);

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me && cpu_online(cpu))
			smp_send_ipi(cpu);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (cpu == me || !cpu_online(cpu))
			continue;
		while (__atomic_load_n(per_cpu_ptr(sync_seen, cpu), __ATOMIC_ACQUIRE) < gen)
			cpu_relax();
	}
}

unsigned long smp_sync_ip(unsigned int cpu)
{
	return READ_ONCE(per_cpu(sync_ip, cpu));
}

static void remind_unstopped(unsigned long gen)
{
	unsigned int me = smp_processor_id();

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me && cpu_online(cpu) && READ_ONCE(per_cpu(stop_seen, cpu)) != gen)
			smp_send_ipi(cpu);
}

void smp_stop_others(const struct smp_stop_work *w)
{
	unsigned int n = num_online_cpus() - 1; /* the caller is online */
	unsigned long gen = stop_generation + 1;
	unsigned int spins = 0;

	stop_arrived = 0;
	stop_left = 0;
	stop_released = false;
	WRITE_ONCE(stop_generation, gen);
	__atomic_store_n(&stop_work, w, __ATOMIC_RELEASE);
	remind_unstopped(gen);
	while (__atomic_load_n(&stop_arrived, __ATOMIC_ACQUIRE) < n) {
		cpu_relax();
		if (++spins == STOP_RESEND_SPINS) {
			spins = 0;
			remind_unstopped(gen);
		}
	}
	w->work(w->arg);
	__atomic_store_n(&stop_released, true, __ATOMIC_RELEASE);
	while (__atomic_load_n(&stop_left, __ATOMIC_ACQUIRE) < n)
		cpu_relax();
	__atomic_store_n(&stop_work, NULL, __ATOMIC_RELEASE);
}

unsigned long smp_stop_retries(void)
{
	return READ_ONCE(stop_retries);
}
