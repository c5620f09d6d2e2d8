/*
 * The backend API: what a backend is, how a platform installs one, and how
 * the kernel is patched for it, once, at boot.
 */
#ifndef PVOPS_BACKEND_H
#define PVOPS_BACKEND_H

#include <asm/paravirt_types.h>

struct pt_regs;

/*
 * A backend: a table of ops plus patch().
 *
 * patch() gets its own backend (so it can reach what init() found through
 * b->data), a copy of the site in buf (len bytes, the site's runtime
 * address addr), and writes the replacement there; it returns how many
 * bytes it used, and the generic patcher fills the rest with NOPs.
 * Returning len with buf untouched leaves the site as it was;
 * PARAVIRT_PATCH_REFUSED_CLOBBERS (<pvops/patch.h>) refuses it. buf has
 * room for PARAVIRT_SITE_MAX bytes: what patch() writes past len is
 * scratch, so that it may copy fixed-size templates.
 */
struct pv_backend {
	const char *name;
	const char *description;
	/* The ops to install, for a backend without init(). */
	const struct pv_irq_ops *irq_ops;
	/* Its page-table and TLB ops (NULL: the native ones). */
	const struct pv_mmu_ops *mmu_ops;
	/*
	 * Prepares the backend and returns the ops to install (one of its own
	 * tables), or NULL when it cannot run here.
	 */
	const struct pv_irq_ops *(*init)(const struct pv_backend *b);
	unsigned int (*patch)(const struct pv_backend *b, u8 type, u16 clobbers, void *buf,
			      unsigned long addr, unsigned int len);
	/*
	 * Interrupt entry, for backends whose interrupt flag is not the CPU's:
	 * decide whether to run handle_irq() now. NULL: always run it.
	 */
	void (*irq_entry)(unsigned int irq, struct pt_regs *regs);
	/* The same for the local-APIC vectors (ticks, IPIs). NULL: always run. */
	void (*local_vector_entry)(struct pt_regs *regs);
	/*
	 * Prepares the calling CPU's share of the backend's state, on every
	 * CPU but the boot CPU before its first op. NULL: nothing to do.
	 */
	void (*cpu_init)(const struct pv_backend *b);
	/*
	 * The calling CPU stops using the backend (a live switch), interrupts
	 * off as the backend sees them: runs what the backend holds back for
	 * this CPU and returns with the CPU's real IF off. NULL: nothing is
	 * ever held back.
	 */
	void (*cpu_exit)(const struct pv_backend *b);
	/* The backend's own state: what init() learns and patch() needs. */
	void *data;
};

/* Registers a backend so that pv.backend=NAME can find it. */
#define PV_BACKEND(b)                                                   \
	static const struct pv_backend *const __pv_backend_##b __used \
		__section(".pv_backends") = &b

#include <pvops/patch.h>

#ifdef CONFIG_PARAVIRT
/*
 * Called by a platform's entry code before any interrupt-flag op runs:
 * initialises the backend and installs its ops. A platform that allows no
 * other backend (a Xen PV guest) says so with fixed.
 */
void pv_backend_install(const struct pv_backend *b, bool fixed);

/*
 * On a platform that allows a choice, switches to the backend pv.backend=
 * names; then patches every site unless pv.nopatch is given. Runs once,
 * with interrupts off, before the timer starts.
 */
void pv_setup(void);
/* On each CPU but the boot CPU, before its first interrupt-flag op. */
void pv_cpu_init(void);

const struct pv_backend *pv_backend_active(void);
const struct pv_backend *pv_backend_find(const char *name);
bool pv_patching_enabled(void);
const struct paravirt_patch_stats *pv_patch_stats(void);
/* TSC cycles apply_paravirt() took at boot: instructions under QEMU -icount. */
u64 pv_patch_tsc(void);
/* The environment the kernel patches itself with (text bounds, writer). */
const struct paravirt_patch_env *pv_kernel_env(void);

extern const struct pv_backend native_backend;

/*
 * Live re-patching (pvops/repatch.c), with the other CPUs running: every
 * site is rewritten for backend b with op table ops (NULL: the table in
 * use when b is the active backend, else b's own),
 * patched or left as indirect calls. Switching backends carries each
 * CPU's interrupt state across. 0, or -1 with a log line when b cannot
 * take over here. Not from an interrupt handler.
 */
int pv_repatch(const struct pv_backend *b, const struct pv_irq_ops *ops, bool patch);

struct pv_repatch_stats {
	unsigned long switches;      /* pv_repatch() calls that finished */
	unsigned long sites_written; /* sites rewritten with the breakpoint protocol */
	unsigned long refused;       /* refusals of malformed records, one per pass that met one */
	u64 last_tsc;                /* the last call's TSC cycles (instructions under -icount) */
	unsigned long last_sites;    /* sites the last call rewrote */
};
const struct pv_repatch_stats *pv_repatch_stats(void);

/* For pv_repatch(): install b's tables (every site is an indirect call then). */
void pv_switch_tables(const struct pv_backend *b, const struct pv_irq_ops *ops);
void pv_set_patching(bool on);
/* The op table installed (one of the active backend's own). */
const struct pv_irq_ops *pv_active_ops(void);
/* The platform runs only the installed backend (a Xen PV or PVH guest). */
bool pv_backend_fixed(void);

#ifdef CONFIG_PV_DEBUG
/* Route every op through a trampoline that trashes what its site may lose. */
void pv_debug_retarget(void);
void pv_debug_announce(void);
#endif

#else /* !CONFIG_PARAVIRT: the floor `make bench` measures against */
#include <pvkern/printk.h>

static inline void pv_backend_install(const struct pv_backend *b, bool fixed)
{
}

static inline void pv_cpu_init(void)
{
}

static inline void pv_setup(void)
{
	printk("pvops: built without paravirt: plain cli/sti/pushf/popf\n");
}

static inline const struct pv_backend *pv_backend_active(void)
{
	return NULL;
}
#endif

#endif
