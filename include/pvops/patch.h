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
	/*
	 * Writes one whole site; NULL only works out what would be written.
	 * paravirt_write_early() is inlined by the patcher.
	 */
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
static inline const struct paravirt_group *paravirt_group_of(u8 type)
{
	unsigned int g = PV_TYPE_GROUP(type);

	if (g >= PV_NR_GROUPS || PV_TYPE_SLOT(type) >= paravirt_groups[g].nr_ops)
		return NULL;
	return &paravirt_groups[g];
}
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

/*
 * The bytes p's site held at link time, as the site macros emit it (a
 * DS-prefixed call through its op's slot, then NOPs), into buf; NULL, or
 * why the record names no such site (the same reasons as
 * paravirt_check_site()). What live re-patching goes back to.
 */
const char *paravirt_link_time_site(const struct paravirt_patch_env *env,
				    const struct paravirt_patch_site *p, u8 *buf);

/*
 * The write for text that is still writable and that nothing runs while
 * it changes (boot patching: one CPU, interrupts off): a plain copy. The
 * caller serialises once after the whole pass.
 */
void paravirt_write_early(void *dst, const void *src, unsigned int len);

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
/*
 * They are inline: boot patching runs one for nearly every site, and a
 * call costs more than most of them.
 */
#define PARAVIRT_CALL_REL32_LEN 5
static inline unsigned int paravirt_patch_call(void *buf, unsigned long target,
					       u16 tgt_clobbers, unsigned long addr,
					       u16 site_clobbers, unsigned int len)
{
	u8 *b = buf;
	u32 rel;
#ifdef PV_TARGET_I386
	/* 32-bit addresses wrap around: every target is within rel32 reach. */
	long delta = (s32)(u32)(target - (addr + PARAVIRT_CALL_REL32_LEN));
#else
	long delta = (long)(target - (addr + PARAVIRT_CALL_REL32_LEN));
#endif

	/* The target would destroy a register the site's code keeps live. */
	if (tgt_clobbers & ~site_clobbers)
		return PARAVIRT_PATCH_REFUSED_CLOBBERS;
	if (len < PARAVIRT_CALL_REL32_LEN || delta != (long)(s32)delta)
		return len;
	rel = (u32)delta;
	b[0] = 0xe8;
	__builtin_memcpy(b + 1, &rel, 4); /* x86 and every host the tools run on: little-endian */
	return PARAVIRT_CALL_REL32_LEN;
}

/* A direct call to the op's current target in its table, if allowed. */
static inline unsigned int paravirt_patch_default(u8 type, u16 clobbers, void *buf,
						  unsigned long addr, unsigned int len)
{
	/* Every slot of either table is one pointer to code. */
	const void *const *slots = PV_TYPE_GROUP(type) == PV_GROUP_MMU ?
		(const void *)&pv_mmu_ops : (const void *)&pv_irq_ops;
	const struct paravirt_group *g = paravirt_group_of(type);

	if (!g)
		return len;
	return paravirt_patch_call(buf, (unsigned long)slots[PV_TYPE_SLOT(type)], g->op_clobbers,
				   addr, clobbers, len);
}

/*
 * Writes at p the 32-bit memory operand (ModRM 05) naming target, for an
 * instruction at addr that ends at addr + insn_len: the absolute address
 * on i386, RIP-relative on x86_64. False if target is out of reach.
 */
static inline bool paravirt_put_mem_operand(u8 *p, unsigned long target, unsigned long addr,
					    unsigned int insn_len)
{
	u32 v;
#ifdef PV_TARGET_X86_64
	long rel = (long)(target - (addr + insn_len));

	if (rel != (long)(s32)rel)
		return false;
	v = (u32)rel;
#else
	(void)addr;
	(void)insn_len;
	v = (u32)target;
#endif
	__builtin_memcpy(p, &v, 4);
	return true;
}
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

/* insns_len bytes of code at buf, if they fit the site. */
static inline unsigned int paravirt_patch_insns(void *buf, unsigned int len, const u8 *insns,
						unsigned int insns_len)
{
	if (insns_len > len)
		return len;
	paravirt_copy_bytes(buf, insns, insns_len);
	return insns_len;
}

/*
 * A backend's fixed code for an op: up to 8 bytes, kept in a field of 8
 * so that patching copies it with one move of that size. buf has room for
 * PARAVIRT_SITE_MAX bytes (struct pv_backend), so the bytes past len are
 * written to its scratch part, never to the site.
 */
#define PARAVIRT_TEMPLATE_MAX 8
struct paravirt_template {
	u8 len;
	u8 bytes[PARAVIRT_TEMPLATE_MAX];
};
/* An initialiser from the bytes alone: PARAVIRT_TEMPLATE(0x9c, 0x58). */
#define PARAVIRT_TEMPLATE(...) \
	{ sizeof((const u8[]){ __VA_ARGS__ }), { __VA_ARGS__ } }

static inline unsigned int paravirt_patch_template(void *buf, unsigned int len,
						   const struct paravirt_template *t)
{
	BUILD_BUG_ON(PARAVIRT_SITE_MAX < PARAVIRT_TEMPLATE_MAX);
	if (t->len > len)
		return len;
	__builtin_memcpy(buf, t->bytes, PARAVIRT_TEMPLATE_MAX);
	return t->len;
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
