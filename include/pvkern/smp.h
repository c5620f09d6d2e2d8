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
struct pt_regs;
void smp_ipi_interrupt(struct pt_regs *regs);
void smp_send_ipi(unsigned int cpu);

/*
 * Every other online CPU has taken an interrupt (and so serialised) when
 * this returns (kernel/smp_sync.c).
 */
void smp_sync_others(void);
/*
 * Where cpu was interrupted when it answered the last smp_sync_others():
 * the instruction it goes back to.
 */
unsigned long smp_sync_ip(unsigned int cpu);

/*
 * Holds every other online CPU in its IPI handler, interrupts off, while
 * the caller runs work(arg). A CPU stops only where can_stop(regs of the
 * interrupted code) allows (NULL: anywhere); stopped, it runs
 * before(arg, regs), and after(arg, regs) once work() is done. One caller
 * at a time.
 */
struct smp_stop_work {
	bool (*can_stop)(const struct pt_regs *regs);
	void (*before)(void *arg, struct pt_regs *regs);
	void (*work)(void *arg);
	void (*after)(void *arg, struct pt_regs *regs);
	void *arg;
};
void smp_stop_others(const struct smp_stop_work *w);
/* How often a CPU was asked to stop where it could not. */
unsigned long smp_stop_retries(void);
/* smp_ipi_interrupt()'s part for the two above. */
void smp_sync_interrupt(struct pt_regs *regs);

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
