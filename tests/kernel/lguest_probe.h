/*
 * A timer hook for the lguest-style backend's tests: each time the tick
 * handler runs, it checks, from inside the handler, what the backend
 * promised (the code it stands in for had the flag on; the flag and the
 * real IF are off while it runs) and counts the runs.
 */
#ifndef TESTS_KERNEL_LGUEST_PROBE_H
#define TESTS_KERNEL_LGUEST_PROBE_H

#include <pvkern/types.h>
#include <pvops/lguest.h>

struct lguest_probe {
	unsigned long runs;         /* tick handler runs */
	unsigned long replay_runs;  /* ... of them from the replay path */
	unsigned long context_off;  /* ran for code whose virtual flag was off */
	unsigned long flag_on;      /* ran with the virtual flag on */
	unsigned long real_if_on;   /* ran with the CPU's IF on */
};

extern volatile struct lguest_probe lguest_probe;

/* Zero the counts and hook the tick; unhook. */
void lguest_probe_start(void);
void lguest_probe_stop(void);

/* A copy of the backend's counters, read with the flag off. */
struct lguest_irq_stats lguest_stats_snapshot(void);

/* NULL when the lguest backend runs, else why its suites are skipped. */
const char *lguest_skip(void);

#endif
