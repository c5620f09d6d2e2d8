/*
 * Register probes: assembly routines that load every general register with
 * a distinct canary, run one real paravirt site, and store every register
 * into a snapshot, which the C side compares. Shared by C and assembly.
 */
#ifndef TESTS_PV_REGS_H
#define TESTS_PV_REGS_H

#ifdef __x86_64__
#define REG_AX 0
#define REG_BX 1
#define REG_CX 2
#define REG_DX 3
#define REG_SI 4
#define REG_DI 5
#define REG_BP 6
#define REG_R8 7
#define REG_R9 8
#define REG_R10 9
#define REG_R11 10
#define REG_R12 11
#define REG_R13 12
#define REG_R14 13
#define REG_R15 14
#define NR_PROBE_REGS 15
#define CANARY(i) (0x5a5a000000000000 + ((i) + 1) * 0x0101010101)
#else
#define REG_AX 0
#define REG_BX 1
#define REG_CX 2
#define REG_DX 3
#define REG_SI 4
#define REG_DI 5
#define REG_BP 6
#define NR_PROBE_REGS 7
#define CANARY(i) (0x5a000000 + ((i) + 1) * 0x010101)
#endif

/*
 * The probe's wide site claims it may clobber every register the C side
 * will not check. The wrong-mask demonstration build claims more than the
 * code around it allows, which PV_DEBUG must catch.
 */
#ifdef CONFIG_PV_WRONG_MASK_DEMO
#define PROBE_CLOBBERS CLBR_ANY
#else
#define PROBE_CLOBBERS CLBR_RET_REG
#endif

/*
 * After the registers, the snapshot holds pv_probe_hits as it was right
 * after the site: a slow path that must run inside the op (an event
 * delivered, a deferred interrupt replayed, the thunk's C function) counts
 * there, so the C side sees whether it ran before the site ended.
 */
#define SNAP_HITS NR_PROBE_REGS

/* A probe's type that is no site: it calls the thunk of pv_regs_thrash() */
#define PROBE_THUNK (-1)

#ifndef __ASSEMBLY__
#include <pvkern/types.h>

struct reg_snapshot {
	unsigned long r[NR_PROBE_REGS];
	unsigned long hits;
};

extern volatile unsigned long pv_probe_hits;

typedef void (*probe_fn)(struct reg_snapshot *out, unsigned long flags);

struct ktest;
/*
 * Fails t unless every register in snap holds its canary: the return
 * register is not checked unless keeps_ret, and restore_fl's argument
 * register must still hold flags.
 */
void pv_regs_compare(struct ktest *t, const char *name, const struct reg_snapshot *snap,
		     unsigned long flags, bool is_restore, bool keeps_ret);

/*
 * Loads the canaries and calls __raw_callee_save_pv_regs_thrash, the
 * thunk of a C function that destroys every caller-saved register.
 */
void pv_probe_thunk(struct reg_snapshot *out, unsigned long flags);

/*
 * A slow path of the enabling ops (pv_regs_slow.c): arm() runs with
 * interrupts off and makes it due (an event pending, an interrupt
 * deferred) so that the next irq_enable or restore_fl must take it;
 * due() says it is. Whatever the slow path runs adds one to pv_probe_hits.
 */
struct pv_slow_path {
	const char *what;
	void (*arm)(void);
	bool (*due)(void);
};

/*
 * Runs the irq_enable and restore_fl probes (both masks) with the slow path
 * due: each must keep every register and count exactly one hit, inside
 * the op, and none while interrupts were off. label names the ops' flavour.
 */
void pv_regs_check_slow(struct ktest *t, const char *label, const struct pv_slow_path *sp);

/*
 * One probe per op and per mask: "_ret" sites may lose the return
 * register, "_none" sites (CLBR_NONE) may lose nothing. The flags argument
 * is what restore_fl restores (its argument register holds it, not a canary).
 */
#define DECLARE_PROBE(op)                                                      \
	void pv_probe_##op##_ret(struct reg_snapshot *out, unsigned long flags);  \
	void pv_probe_##op##_none(struct reg_snapshot *out, unsigned long flags)
DECLARE_PROBE(save_fl);
DECLARE_PROBE(restore_fl);
DECLARE_PROBE(irq_disable);
DECLARE_PROBE(irq_enable);
DECLARE_PROBE(safe_halt);
DECLARE_PROBE(halt);
#endif

#endif
