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

/* The platform could not start a CPU it was told of (why: one line); tests fail on it. */
void smp_cpu_missing(const char *why);
/* How many CPUs were missed, and the last reason. */
unsigned int smp_missing_cpus(const char **last_why);

/* For the platform's AP entry code: this CPU is up; then wait for work. */
void smp_ap_online(unsigned int cpu);
void smp_ap_idle(void) __noreturn;
/* For the platform's IPI handler: the IPI that wake_cpu() sends has arrived here. */
void smp_ipi_interrupt(void);

#endif
