/*
 * The CPUs: which are online, and running a function on one of them. The
 * boot CPU is CPU 0; the platform starts the others (smp_init) after the
 * boot CPU has patched every site, so each runs patched code from its
 * first instruction.
 */
#ifndef PVKERN_SMP_H
#define PVKERN_SMP_H

#include <pvkern/percpu.h>
#include <pvkern/types.h>

unsigned int num_online_cpus(void);
bool cpu_online(unsigned int cpu);

/* Starts the other CPUs through the platform's smp_boot(); logs how many came up. */
struct boot_info;
void smp_init(const struct boot_info *boot);

/*
 * Runs fn(arg) on CPU cpu and waits for it to return (directly when cpu is
 * the current CPU). False if cpu is not online.
 */
bool smp_call_on_cpu(unsigned int cpu, void (*fn)(void *arg), void *arg);
/*
 * The same without waiting: false if cpu is not online or is the current
 * CPU. smp_call_wait(cpu) then waits for fn to return. One call per CPU
 * at a time.
 */
bool smp_call_on_cpu_nowait(unsigned int cpu, void (*fn)(void *arg), void *arg);
void smp_call_wait(unsigned int cpu);

/*
 * The IPI. Every platform's IPI handler calls smp_ipi_interrupt(), with
 * the CPU's interrupts off; it takes the messages other CPUs left for this
 * one. smp_send_ipi(cpu) leaves one message from the current CPU to cpu
 * and interrupts it (the platform's wake_cpu()).
 */
void smp_ipi_interrupt(void);
void smp_send_ipi(unsigned int cpu);

/* Messages from one CPU to another since boot. */
struct smp_ipi_count {
	unsigned long sent, received, in_flight;
};
void smp_ipi_counts(unsigned int from, unsigned int to, struct smp_ipi_count *c);
/* How many times smp_ipi_interrupt() ran on cpu. */
unsigned long smp_ipi_interrupts(unsigned int cpu);
/*
 * Tests: hook(from, messages) runs in smp_ipi_interrupt() for each sender
 * that left messages (NULL: none).
 */
void smp_set_ipi_hook(void (*hook)(unsigned int from, unsigned long messages));

/* The platform could not start a CPU it was told of (why: one line); tests fail on it. */
void smp_cpu_missing(const char *why);
/* How many CPUs were missed, and the last reason. */
unsigned int smp_missing_cpus(const char **last_why);

/* For the platform's AP entry code: this CPU is up; then wait for work. */
void smp_ap_online(unsigned int cpu);
void smp_ap_idle(void) __noreturn;

#endif
