/*
 * Helpers of the tests that run on several CPUs at once (smp_cross.c,
 * smp_stress.c, and the each-CPU suites of kernel/ktest.c).
 */
#ifndef TESTS_SMP_TESTS_H
#define TESTS_SMP_TESTS_H

#include <pvkern/ktest.h>
#include <pvkern/smp.h>
#include <pvkern/types.h>

/*
 * NULL when interrupt tests can run on several CPUs in this boot: at least
 * two online, and a backend whose interrupt state is each CPU's own.
 */
const char *smp_irq_tests_skip(void);

/*
 * Runs fn(cpu, arg) on every online CPU at once, each with its interrupts
 * on (through the ops), and returns when all have returned. The boot CPU
 * runs its share itself.
 */
void smp_run_on_each_cpu(void (*fn)(unsigned int cpu, void *arg), void *arg);

/* The next online CPU after cpu, round the ring. */
unsigned int smp_next_online(unsigned int cpu);

/*
 * For the stress suites. Every (sender, receiver) message count, to
 * compare with later.
 */
void smp_ipi_snapshot(struct smp_ipi_count snap[NR_CPUS][NR_CPUS]);
/*
 * A CPU that has stopped sending: waits until every CPU has
 * (*senders_left reaches 0), then until no message to it is in flight,
 * for a bounded number of its own ticks; one still in flight then was
 * lost, and smp_expect_ipis_received() says so.
 */
void smp_stress_settle(volatile unsigned int *senders_left, unsigned int cpu);
/*
 * Fails t for each sender whose messages to cpu since snap were not each
 * received exactly once; adds what was sent and received to the sums.
 */
void smp_expect_ipis_received(struct ktest *t, struct smp_ipi_count snap[NR_CPUS][NR_CPUS],
			      unsigned int cpu, unsigned long *sent, unsigned long *received);

#endif
