/*
 * What the instruction-boundary suite (pv_boundary.c) shares with its
 * stepping stubs (pv_boundary_stubs.S) and its interrupt sources
 * (pv_boundary_irq.c).
 */
#ifndef TESTS_KERNEL_PV_BOUNDARY_H
#define TESTS_KERNEL_PV_BOUNDARY_H

#include <asm/ptrace.h>
#include <pvkern/types.h>

/* Call one op through a site with the trap flag on; see pv_boundary_stubs.S. */
void pv_boundary_irq_enable(unsigned long unused);
void pv_boundary_restore_fl(unsigned long flags);
extern const char pv_boundary_irq_enable_site[], pv_boundary_irq_enable_end[];
extern const char pv_boundary_restore_fl_site[], pv_boundary_restore_fl_end[];

/*
 * One interrupt the test can make pending at will, on the active
 * backend: a line of the PIC on bare metal (lguest-style backend), an
 * event on a self-bound IPI port under Xen.
 */
struct boundary_irq_counts {
	unsigned long runs;        /* handler runs */
	unsigned long masked_runs; /* ... for a context whose flag was off */
};
extern volatile struct boundary_irq_counts boundary_irq_counts;

/* NULL when the backend has ops that look for pending work, else why not. */
const char *boundary_irq_skip(void);
/* Install the handler (and bind what it needs); NULL or what failed. */
const char *boundary_irq_setup(void);
void boundary_irq_teardown(void);
/* Make the interrupt pending now (from the #DB hook); false if it could not. */
bool boundary_irq_raise(void);

/* Was the interrupt flag of the context that regs stands for on? */
bool boundary_context_enabled(const struct pt_regs *regs);

/* The backend's interrupt state, read from its own variables. */
struct boundary_state {
	bool flag_on;   /* the virtual flag (lguest) or !upcall mask (Xen) */
	bool held;      /* our interrupt is pending and not handled yet */
	bool any_work;  /* anything waits: deferred lines, or an upcall pending */
	bool real_if;   /* the CPU's IF (lguest; always true under Xen) */
};
struct boundary_state boundary_state(void);

#endif
