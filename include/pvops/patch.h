/*
 * The site patcher. It knows nothing of any backend: it checks a record,
 * hands a copy of the site to the backend's patch(), pads the result with
 * NOPs and writes it back. It builds for the kernel and, unchanged, for the
 * host (host tests, paracheck), which point it at byte buffers through
 * struct paravirt_patch_env.
 */
#ifndef PVOPS_PATCH_H
#define PVOPS_PATCH_H

#include <asm/paravirt_types.h>

struct paravirt_patch_env {
	/* Runtime addresses of the text that sites may live in. */
	unsigned long text_start, text_end;
	/* Runtime addresses of pv_irq_ops and pv_mmu_ops: what the calls encode. */
	unsigned long ops_addr;
	unsigned long mmu_ops_addr;
	/* Runtime address minus the address of the bytes we can reach. */
	long addr_bias;
	const struct pv_backend *backend;
	/* Writes one whole site; NULL only works out what would be written. */
	void (*write)(void *dst, const void *src, unsigned int len);
	bool quiet; /* no log line per refused record (host tools) */
};

enum paravirt_outcome {
	PV_SITE_INLINE,
	PV_SITE_DIRECT_CALL,
	PV_SITE_LEFT,
	PV_SITE_REFUSED,
	PV_SITE_NR_OUTCOMES
};

struct paravirt_patch_stats {
	unsigned int sites;
	unsigned int count[PV_SITE_NR_OUTCOMES];
};

extern const char *const paravirt_op_names[PV_IRQ_NR];

/*
 * The op groups, in one place for the patcher, the tools and the tests:
 * how many ops each has, their names, and what its ops may destroy.
 */
struct paravirt_group {
	const char *name;
	unsigned int nr_ops;
	const char *const *op_names;
	u16 op_clobbers;
};
extern const struct paravirt_group paravirt_groups[PV_NR_GROUPS];
/* The group of a type, or NULL if no group has that op. */
const struct paravirt_group *paravirt_group_of(u8 type);
/* "irq_disable", "set_pte", ...; "?" for an unknown type. */
const char *paravirt_op_name(u8 type);
/* The runtime address of a type's slot in env's tables (0: unknown type). */
unsigned long paravirt_slot_addr(const struct paravirt_patch_env *env, u8 type);
extern const char *const paravirt_outcome_names[PV_SITE_NR_OUTCOMES];

/* Why a record cannot be patched, or NULL if it can. */
const char *paravirt_check_site(const struct paravirt_patch_env *env,
				unsigned long addr, const u8 *site, u8 type, u8 len);

/* Patch one site; result (len bytes) goes to out when out is not NULL. */
enum paravirt_outcome paravirt_patch_site(const struct paravirt_patch_env *env,
					  const struct paravirt_patch_site *p,
					  u8 *out, const char **reason);

/* Patch every record in [start, end) and count the outcomes. */
void apply_paravirt(const struct paravirt_patch_env *env,
		    const struct paravirt_patch_site *start,
		    const struct paravirt_patch_site *end,
		    struct paravirt_patch_stats *stats);

/*
 * Helpers for backends' patch(). All return the bytes used, or len to leave
 * the site, or (paravirt_patch_call() and paravirt_patch_default())
 * PARAVIRT_PATCH_REFUSED_CLOBBERS when the op may destroy a register the
 * site keeps: a backend returns that as it is, and the patcher refuses the
 * site with that reason instead of counting it as left.
 */
#define PARAVIRT_PATCH_REFUSED_CLOBBERS 0x100u
unsigned int paravirt_patch_insns(void *buf, unsigned int len, const u8 *insns,
				  unsigned int insns_len);
unsigned int paravirt_patch_call(void *buf, unsigned long target, u16 tgt_clobbers,
				 unsigned long addr, u16 site_clobbers, unsigned int len);
/* A direct call to the op's current target in its table, if allowed. */
unsigned int paravirt_patch_default(u8 type, u16 clobbers, void *buf,
				    unsigned long addr, unsigned int len);
/*
 * Writes at p the 32-bit memory operand (ModRM 05) naming target, for an
 * instruction at addr that ends at addr + insn_len: the absolute address
 * on i386, RIP-relative on x86_64. False if target is out of reach.
 */
bool paravirt_put_mem_operand(u8 *p, unsigned long target, unsigned long addr,
			      unsigned int insn_len);
/*
 * Copies n <= PARAVIRT_SITE_MAX bytes (a site, a template, NOPs) with at
 * most two moves of a fixed size, which may overlap: the patcher copies
 * every site several times, and memcpy() goes byte by byte.
 */
static inline void paravirt_copy_bytes(void *dst, const void *src, unsigned int n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (n >= 8) {
		__builtin_memcpy(d, s, 8);
		__builtin_memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		__builtin_memcpy(d, s, 4);
		__builtin_memcpy(d + n - 4, s + n - 4, 4);
	} else if (n >= 2) {
		__builtin_memcpy(d, s, 2);
		__builtin_memcpy(d + n - 2, s + n - 2, 2);
	} else if (n) {
		*d = *s;
	}
}

/* Which NOPs pad a site: chosen once, at boot, for the CPU (pvops/nops.c). */
enum paravirt_nops {
	PV_NOPS_P6, /* 0f 1f: P6-class and later, every x86_64 CPU */
	PV_NOPS_P5, /* lea and xchg forms any IA-32 CPU runs (i386 only) */
	PV_NOPS_NR
};
extern const char *const paravirt_nops_names[PV_NOPS_NR];
void paravirt_select_nops(enum paravirt_nops kind);
enum paravirt_nops paravirt_selected_nops(void);
struct x86_cpu_ident;
/* The NOPs a CPU runs (pure: host tests give it any CPU). */
enum paravirt_nops paravirt_nops_for_cpu(const struct x86_cpu_ident *c);
/* At boot: identify this CPU, select its NOPs, say which. */
void paravirt_choose_nops(void);
/* Fill with the longest NOPs of the selected kind. */
void paravirt_fill_nops(u8 *buf, unsigned int len);

/* What a callee-save op may destroy (the plain-calls build: a C function's set). */
#ifdef CONFIG_PV_PLAIN_CALLS
#define PV_OP_CLOBBERS CLBR_C_CALL
#else
#define PV_OP_CLOBBERS CLBR_RET_REG
#endif

#endif
