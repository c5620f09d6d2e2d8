/* Live rewriting of call sites on every CPU (arch/x86/mm/text_poke_bp.c). */
#ifndef ASM_TEXT_POKE_BP_H
#define ASM_TEXT_POKE_BP_H

#include <pvkern/types.h>

#define TEXT_POKE_MAX 16

/* One site to rewrite: until it is, it means `call *call_slot`. */
struct text_poke_loc {
	u8 *addr;
	const unsigned long *call_slot;
	u8 len;
	u8 bytes[TEXT_POKE_MAX];
};

/*
 * Rewrites every site of the batch with the breakpoint protocol while the
 * other CPUs run; returns with every CPU serialised on the new bytes.
 * Call with interrupts on or off; not from an interrupt handler.
 */
void text_poke_bp_batch(const struct text_poke_loc *locs, unsigned int nr);

/*
 * For an int3 already gone from memory when a CPU runs into it (a stale
 * copy of the text): whether addr starts a site, and if so the slot its
 * call goes through and its length. The patcher that owns the sites
 * registers it.
 */
typedef bool (*text_poke_site_finder_t)(unsigned long addr, const unsigned long **slot,
					unsigned int *len);
void text_poke_bp_set_finder(text_poke_site_finder_t find);

/*
 * Its two halves, for tests that run into a site between them: the int3s
 * written (step 1), and the rest (steps 2 and 3).
 */
void text_poke_bp_begin(const struct text_poke_loc *locs, unsigned int nr);
void text_poke_bp_finish(void);

/* ... and ran into an int3 already gone (and went back to run what is there). */
unsigned long text_poke_int3_stale(unsigned int cpu);

/* How many times a batch waited for a CPU to leave the inside of one of its sites. */
unsigned long text_poke_bp_inside_waits(void);

/* How many times cpu ran into a site being rewritten and was steered past it. */
unsigned long text_poke_int3_emulated(unsigned int cpu);

#endif
