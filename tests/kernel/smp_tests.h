/*
 * Helpers of the tests that run on several CPUs at once (smp_cross.c,
 * smp_stress.c, and the each-CPU suites of kernel/ktest.c).
 */
#ifndef TESTS_SMP_TESTS_H
#define TESTS_SMP_TESTS_H

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

#endif
