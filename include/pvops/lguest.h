/*
 * The lguest-style backend: the interrupt flag is a word in memory, not the
 * CPU's IF.
 *
 * lguest_irq_enabled is the flag itself, X86_EFLAGS_IF when interrupts are
 * on and 0 when off (like lguest's lguest_data.irq_enabled), so save_fl is
 * one load and irq_disable one store. The CPU's IF stays on. An interrupt
 * that arrives while the flag is off is not run: its line is masked at the
 * interrupt controller, it is queued, and the CPU goes back to the
 * interrupted code with its real IF off. lguest_irq_pending is then
 * non-zero, and the next irq_enable or restore_fl that turns the flag on
 * calls lguest_replay(), the one path that runs what was held back (the
 * role of lguest's "send interrupts" hypercall).
 *
 * The asm ops and the patcher see these symbols; tests see the counters.
 * The host-compiled patch code includes this file too, so it holds
 * declarations only.
 */
#ifndef PVOPS_LGUEST_H
#define PVOPS_LGUEST_H

/* The flag's value when interrupts are on: X86_EFLAGS_IF (checked in lguest.c). */
#define LGUEST_IRQ_ENABLED 0x200
/*
 * Bits of lguest_irq_pending besides the lines (bits 0..15): one or more
 * local-APIC vectors (ticks, IPIs) wait in this CPU's queue; and the
 * CPU's real IF is off and the next enable must turn it on. The latter is
 * set whenever an interrupt is deferred, and when a CPU starts, with its
 * real IF off.
 */
#define LGUEST_PENDING_LOCAL 0x40000000
#define LGUEST_PENDING_REAL_IF_OFF 0x80000000

#ifndef __ASSEMBLY__
#include <asm/paravirt_types.h>

struct pt_regs;

struct pv_backend;

/* What init() finds and patch() needs: the backend's data. */
struct lguest_backend_data {
	/* Runtime address of lguest_irq_enabled, which the inline sites name. */
	unsigned long flag_addr;
};

extern const struct pv_backend lguest_backend;

/* The backend's init(), cpu_init() and interrupt entries (virq.c). */
const struct pv_irq_ops *lguest_init(const struct pv_backend *b);
void lguest_cpu_init(const struct pv_backend *b);
void lguest_cpu_exit(const struct pv_backend *b);
void lguest_irq_entry(unsigned int irq, struct pt_regs *regs);
void lguest_local_vector_entry(struct pt_regs *regs);

/*
 * The per-CPU state. These names are the template's copies (the boot
 * CPU's); use this_cpu_read() or per_cpu() for the current or another
 * CPU's.
 */
extern u32 lguest_irq_enabled;
extern u32 lguest_irq_pending;

/* The asm ops (irqflags_ops.S): each keeps every register but the return register. */
void lguest_save_fl_op(void);
void lguest_restore_fl_op(void);
void lguest_irq_disable_op(void);
void lguest_irq_enable_op(void);
void lguest_safe_halt_op(void);
void lguest_halt_op(void);

/* Runs every deferred interrupt; called by the ops' slow path only. */
void lguest_replay(void);

/* What the backend has done on one CPU, for tests. Updated with the real IF off. */
struct lguest_irq_stats {
	unsigned long delivered; /* run at once: the interrupted code had the flag on */
	unsigned long deferred;  /* held back: the interrupted code had the flag off */
	unsigned long replayed;  /* deferred interrupts run by lguest_replay() */
	unsigned long replay_calls;
	/* deliveries of a request latched while its deferred line was masked */
	unsigned long coalesced;
	/*
	 * The virtual flag of the code the running (or last) handler stands
	 * in for: the interrupted code's flag for a delivery, the flag that
	 * the enabling code turned on for a replay. Never 0 if the backend
	 * keeps its promise.
	 */
	unsigned long context_flag;
	bool context_replay; /* the running (or last) handler came from a replay */
	unsigned long local_deferred; /* of deferred: local-APIC vectors */
	unsigned long local_coalesced; /* a vector deferred again before its replay */
};

/* This CPU's counters, and those of CPU cpu. */
const volatile struct lguest_irq_stats *lguest_irq_stats(void);
const volatile struct lguest_irq_stats *lguest_irq_stats_of(unsigned int cpu);
/* The CPU's real EFLAGS.IF (tests check what a deferral leaves behind). */
unsigned long lguest_real_irq_flag(void);
#endif /* __ASSEMBLY__ */

#endif
