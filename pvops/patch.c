/*
 * The site patcher (see <pvops/patch.h>). Built into the kernel and, the
 * same file, into the host tests and tools.
 */
#include <pvkern/printk.h>
#include <pvops/backend.h>

const char *const paravirt_op_names[PV_IRQ_NR] = {
	[PV_IRQ_save_fl] = "save_fl",
	[PV_IRQ_restore_fl] = "restore_fl",
	[PV_IRQ_irq_disable] = "irq_disable",
	[PV_IRQ_irq_enable] = "irq_enable",
	[PV_IRQ_safe_halt] = "safe_halt",
	[PV_IRQ_halt] = "halt",
};

static const char *const paravirt_mmu_op_names[PV_MMU_NR] = {
	[PV_TYPE_SLOT(PV_MMU_set_pte)] = "set_pte",
	[PV_TYPE_SLOT(PV_MMU_flush_tlb_one)] = "flush_tlb_one",
	[PV_TYPE_SLOT(PV_MMU_read_cr3)] = "read_cr3",
	[PV_TYPE_SLOT(PV_MMU_write_cr3)] = "write_cr3",
};

const struct paravirt_group paravirt_groups[PV_NR_GROUPS] = {
	[PV_GROUP_IRQ] = { "irq", PV_IRQ_NR, paravirt_op_names, PV_OP_CLOBBERS },
	[PV_GROUP_MMU] = { "mmu", PV_MMU_NR, paravirt_mmu_op_names, CLBR_C_CALL },
};

const char *paravirt_op_name(u8 type)
{
	const struct paravirt_group *g = paravirt_group_of(type);

	return g ? g->op_names[PV_TYPE_SLOT(type)] : "?";
}

/* The slot of a type whose group is known (paravirt_group_of() is not NULL). */
static inline unsigned long slot_addr(const struct paravirt_patch_env *env, u8 type)
{
	unsigned long table = PV_TYPE_GROUP(type) == PV_GROUP_MMU ? env->mmu_ops_addr :
								    env->ops_addr;

	return table + (unsigned long)PV_TYPE_SLOT(type) * PV_WORD_SIZE;
}

unsigned long paravirt_slot_addr(const struct paravirt_patch_env *env, u8 type)
{
	return paravirt_group_of(type) ? slot_addr(env, type) : 0;
}

const char *const paravirt_outcome_names[PV_SITE_NR_OUTCOMES] = {
	[PV_SITE_INLINE] = "inline",
	[PV_SITE_DIRECT_CALL] = "direct call",
	[PV_SITE_LEFT] = "left",
	[PV_SITE_REFUSED] = "refused",
};

/* x86 is little-endian, and so is every host the tools run on: one move each. */
static u32 get_le32(const u8 *p)
{
	u32 v;

	__builtin_memcpy(&v, p, 4);
	return v;
}

/* The form the site macros emit, as one little-endian word: ds call *(disp32 via SIB). */
#define PREFIXED_CALL_OPCODE                                                    \
	((u32)PARAVIRT_CALL_PREFIX | 0xffu << 8 | 0x14u << 16 | 0x25u << 24)

/* The slot a call's disp32 names: sign-extended on x86_64, as the CPU does. */
static inline unsigned long abs32_slot(const u8 *disp)
{
#ifdef PV_TARGET_I386
	return get_le32(disp);
#else
	return (unsigned long)(long)(s32)get_le32(disp);
#endif
}

/* Whether a call's disp32 can name slot: abs32_slot() of its low half gives it back. */
static inline bool abs32_names(unsigned long slot)
{
#ifdef PV_TARGET_I386
	return slot == (u32)slot;
#else
	return slot == (unsigned long)(long)(s32)slot;
#endif
}

/* The 8 bytes of a site as the macros emit it, calling through slot. */
static inline u64 link_time_call(unsigned long slot)
{
	return PREFIXED_CALL_OPCODE | (u64)(u32)slot << 32;
}

/*
 * Decodes the indirect call a site starts with: the slot it reads its
 * target from, and its length. False if the bytes are no such call.
 */
static bool decode_indirect_call(const u8 *b, unsigned int len, unsigned long addr,
				 unsigned long *slot, unsigned int *insn_len)
{
	/* The form the macros emit: the DS prefix (paravirt_types.h), then call. */
	if (len >= PARAVIRT_CALL_LEN && get_le32(b) == PREFIXED_CALL_OPCODE) {
		*slot = abs32_slot(b + 4);
		*insn_len = PARAVIRT_CALL_LEN;
		return true;
	}
	/* The prefix in front of anything else is no form the macros emit. */
	if (len >= PARAVIRT_CALL_LEN && b[0] == PARAVIRT_CALL_PREFIX)
		return false;
	if (len >= 7 && b[0] == 0xff && b[1] == 0x14 && b[2] == 0x25) {
		/* call *disp32 through a SIB byte with neither base nor index */
		*slot = abs32_slot(b + 3);
		*insn_len = 7;
		return true;
	}
	if (len >= 6 && b[0] == 0xff && b[1] == 0x15) {
#ifdef PV_TARGET_I386
		*slot = get_le32(b + 2); /* call *abs32 */
#else
		*slot = addr + 6 + (long)(s32)get_le32(b + 2); /* call *rel32(%rip) */
#endif
		*insn_len = 6;
		return true;
	}
	return false;
}

const char *paravirt_check_site(const struct paravirt_patch_env *env,
				unsigned long addr, const u8 *site, u8 type, u8 len)
{
	unsigned long slot;
	unsigned int insn_len;

	if (!paravirt_group_of(type))
		return "unknown op type";
	if (len < PARAVIRT_SITE_MIN)
		return "site shorter than any indirect call";
	if (len > PARAVIRT_SITE_MAX)
		return "site longer than the patcher allows";
	/* Differences of ordered operands only: text_end - len wraps for short text. */
	if (addr < env->text_start || addr > env->text_end || env->text_end - addr < len)
		return "site outside kernel text";
	if (!decode_indirect_call(site, len, addr, &slot, &insn_len))
		return "bytes are not an indirect call";
	if (slot != slot_addr(env, type))
		return "call goes through another op's slot";
	for (unsigned int i = insn_len; i < len; i++)
		if (site[i] != 0x90)
			return "bytes after the call are not NOPs";
	return NULL;
}

const char *paravirt_link_time_site(const struct paravirt_patch_env *env,
				    const struct paravirt_patch_site *p, u8 *buf)
{
	u64 call;

	if (!paravirt_group_of(p->type))
		return "unknown op type";
	if (p->len < PARAVIRT_CALL_LEN || p->len > PARAVIRT_SITE_MAX)
		return "its length does not hold the call the macros emit";
	call = link_time_call(slot_addr(env, p->type));
	__builtin_memcpy(buf, &call, PARAVIRT_CALL_LEN);
	for (unsigned int i = PARAVIRT_CALL_LEN; i < p->len; i++)
		buf[i] = 0x90;
	return paravirt_check_site(env, PARAVIRT_SITE_ADDR(p) + env->addr_bias, buf, p->type,
				   p->len);
}

/*
 * NOPs by length, one table per CPU class (see paravirt_select_nops()).
 * P6: the multi-byte NOPs (0f 1f /0) Intel and AMD recommend, which
 * Pentium-class and some other 32-bit CPUs lack. P5: forms every IA-32
 * CPU runs, as GAS and 32-bit Linux pad with: xchg, and lea of %esi into
 * itself with zero displacements (i386 only: in 64-bit mode that lea would
 * truncate %rsi).
 */
static const u8 paravirt_nops[PV_NOPS_NR][9][8] = {
	[PV_NOPS_P6] = {
		[1] = { 0x90 },
		[2] = { 0x66, 0x90 },
		[3] = { 0x0f, 0x1f, 0x00 },
		[4] = { 0x0f, 0x1f, 0x40, 0x00 },
		[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		[6] = { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		[7] = { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
		[8] = { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	},
	[PV_NOPS_P5] = {
		[1] = { 0x90 },
		[2] = { 0x66, 0x90 },
		[3] = { 0x8d, 0x76, 0x00 },
		[4] = { 0x8d, 0x74, 0x26, 0x00 },
		[5] = { 0x3e, 0x8d, 0x74, 0x26, 0x00 },
		[6] = { 0x8d, 0xb6, 0x00, 0x00, 0x00, 0x00 },
		[7] = { 0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00 },
		[8] = { 0x3e, 0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00 },
	},
};

const char *const paravirt_nops_names[PV_NOPS_NR] = {
	[PV_NOPS_P6] = "P6 (0f 1f)",
	[PV_NOPS_P5] = "P5-safe (lea)",
};

/* The long NOPs until the kernel has looked at its CPU: the host tools' default. */
static enum paravirt_nops nops_in_use = PV_NOPS_P6;
/* Its table: one load less per site. */
static const u8 (*nops_by_len)[8] = paravirt_nops[PV_NOPS_P6];

void paravirt_select_nops(enum paravirt_nops kind)
{
	if (kind < PV_NOPS_NR) {
		nops_in_use = kind;
		nops_by_len = paravirt_nops[kind];
	}
}

enum paravirt_nops paravirt_selected_nops(void)
{
	return nops_in_use;
}

void paravirt_fill_nops(u8 *buf, unsigned int len)
{
	while (len) {
		unsigned int n = len > 8 ? 8 : len;

		paravirt_copy_bytes(buf, nops_by_len[n], n);
		buf += n;
		len -= n;
	}
}

/*
 * NOPs from buf + used to the end of a site of len bytes, in a buf of
 * PARAVIRT_SITE_MAX: up to 8 of them (every site of 8 bytes or fewer) with
 * one fixed-size move of a whole row of the table, whose bytes past the
 * padding land in the scratch part of buf beyond the site.
 */
static inline void pad_site(u8 *buf, unsigned int used, unsigned int len)
{
	unsigned int pad = len - used;

	BUILD_BUG_ON(PARAVIRT_SITE_MAX < 16);
	if (used <= 8 && pad <= 8)
		__builtin_memcpy(buf + used, nops_by_len[pad], 8);
	else
		paravirt_fill_nops(buf + used, pad);
}

/* 8 bytes, a machine word at a time: one compare on x86_64, two on i386. */
static inline bool equal8(const u8 *a, const u8 *b)
{
	for (unsigned int i = 0; i < 8; i += sizeof(long)) {
		unsigned long x, y;

		__builtin_memcpy(&x, a + i, sizeof(x));
		__builtin_memcpy(&y, b + i, sizeof(y));
		if (x != y)
			return false;
	}
	return true;
}

/* Whether two sites' bytes are equal: at most two overlapping compares, not memcmp(). */
static inline bool site_bytes_equal(const u8 *a, const u8 *b, unsigned int n)
{
	BUILD_BUG_ON(PARAVIRT_SITE_MIN < 4 || PARAVIRT_SITE_MAX > 16);
	if (n >= 8)
		return equal8(a, b) && (n == 8 || equal8(a + n - 8, b + n - 8));
	return get_le32(a) == get_le32(b) && get_le32(a + n - 4) == get_le32(b + n - 4);
}

/*
 * A direct call goes at the end of its site, the NOPs before it: the call
 * then returns where the site's link-time call returns, its end, so a CPU
 * inside the op while live re-patching rewrites the site comes back to an
 * instruction boundary whatever the site holds by then. buf holds the
 * call at its start, made for the site's address; false if the call
 * cannot reach its target from further on (it then stays at the start).
 */
static inline bool call_to_end(u8 *buf, unsigned int len)
{
	unsigned int shift = len - PARAVIRT_CALL_REL32_LEN;
	long rel = (long)(s32)get_le32(buf + 1) - (long)shift;
	u32 rel32 = (u32)rel;

#ifdef PV_TARGET_X86_64
	if (rel != (long)(s32)rel)
		return false;
#endif
	/* The NOPs with one fixed-size move, as pad_site() does (buf has PARAVIRT_SITE_MAX). */
	if (shift <= 8)
		__builtin_memcpy(buf, nops_by_len[shift], 8);
	else
		paravirt_fill_nops(buf, shift);
	buf[shift] = 0xe8;
	__builtin_memcpy(buf + shift + 1, &rel32, 4);
	return true;
}

/* For the per-site path, where a call costs more than the code it would save. */
#define __pv_always_inline inline __attribute__((always_inline))

/*
 * The backend's code for a checked site, len bytes at buf (which has
 * PARAVIRT_SITE_MAX and holds a copy of the site: what a backend that
 * leaves the site returns untouched), padded with NOPs.
 */
static __pv_always_inline enum paravirt_outcome
patch_checked_site(const struct paravirt_patch_env *env, const struct paravirt_patch_site *p,
		   const u8 *site, unsigned long addr, unsigned int len, u8 *buf,
		   const char **reason)
{
	unsigned int used;

	used = env->backend->patch(env->backend, p->type, p->clobbers, buf, addr, len);
	if (used > len) {
		*reason = used == PARAVIRT_PATCH_REFUSED_CLOBBERS ?
			"its op may destroy registers the site's clobber mask keeps" :
			"backend's code does not fit the site";
		return PV_SITE_REFUSED;
	}
	if (used == PARAVIRT_CALL_REL32_LEN && buf[0] == 0xe8) {
		if (!call_to_end(buf, len))
			pad_site(buf, used, len);
		return site_bytes_equal(buf, site, len) ? PV_SITE_LEFT : PV_SITE_DIRECT_CALL;
	}
	pad_site(buf, used, len);
	return site_bytes_equal(buf, site, len) ? PV_SITE_LEFT : PV_SITE_INLINE;
}

enum paravirt_outcome paravirt_patch_site(const struct paravirt_patch_env *env,
					  const struct paravirt_patch_site *p,
					  u8 *out, const char **reason)
{
	/* In integers: a pointer sum that leaves the address space is undefined. */
	const u8 *site = (const u8 *)PARAVIRT_SITE_ADDR(p);
	unsigned long addr = (unsigned long)site + env->addr_bias;
	u8 buf[PARAVIRT_SITE_MAX];
	enum paravirt_outcome o;

	*reason = paravirt_check_site(env, addr, site, p->type, p->len);
	if (*reason)
		return PV_SITE_REFUSED;
	paravirt_copy_bytes(buf, site, p->len);
	o = patch_checked_site(env, p, site, addr, p->len, buf, reason);
	if (out && o != PV_SITE_REFUSED)
		paravirt_copy_bytes(out, buf, p->len);
	return o;
}

void paravirt_write_early(void *dst, const void *src, unsigned int len)
{
	paravirt_copy_bytes(dst, src, len);
}

/* Types fit a 32-bit mask: the table of common sites below is indexed by type. */
#define PASS_TYPES 32
BUILD_BUG_ON(PV_NR_GROUPS != 2 || PV_MMU_FIRST + PV_MMU_NR > PASS_TYPES);

/*
 * What apply_paravirt() works out once per pass, so that the check of the
 * common record (8 bytes in text holding `ds call *slot` through the slot
 * of its own type, as the site macros emit) costs one compare of the
 * site's bytes and one of its address.
 */
struct patch_pass {
	unsigned long text_start;
	/* 8 bytes at addr lie in text exactly when addr - text_start is below this. */
	unsigned long span8;
	/* Bit t set: call[t] is the 8 bytes of a common site of type t. */
	u32 types;
	u64 call[PASS_TYPES];
};

static void patch_pass_init(struct patch_pass *pp, const struct paravirt_patch_env *env)
{
	unsigned long size = env->text_end - env->text_start;

	pp->text_start = env->text_start;
	/* 0 for text too small for a site, or upside down: then no address is below it. */
	pp->span8 = env->text_end >= env->text_start && size >= PARAVIRT_CALL_LEN ?
		size - PARAVIRT_CALL_LEN + 1 : 0;
	pp->types = 0;
	for (unsigned int t = 0; t < PASS_TYPES; t++) {
		unsigned long slot;

		if (!paravirt_group_of(t))
			continue;
		slot = slot_addr(env, t);
		/* A slot the 32-bit displacement cannot name is left to the full check. */
		if (!abs32_names(slot))
			continue;
		pp->call[t] = link_time_call(slot);
		pp->types |= 1u << t;
	}
}

/*
 * True: paravirt_check_site() would find nothing wrong with the record,
 * and buf holds a copy of the site. False says nothing, and the full check
 * runs to name the reason. Like the full check, it reads the site's bytes
 * only once the range check has passed.
 */
static __pv_always_inline bool common_site(const struct patch_pass *pp, const u8 *site,
					   unsigned long addr, u8 type, u8 len, u8 *buf)
{
	if (len != PARAVIRT_CALL_LEN || type >= PASS_TYPES || !(pp->types >> type & 1) ||
	    addr - pp->text_start >= pp->span8)
		return false;
	__builtin_memcpy(buf, site, PARAVIRT_CALL_LEN);
	return equal8(buf, (const u8 *)&pp->call[type]);
}

/* Out of line: the log line of a refused record. */
static __noinline void refused(const struct paravirt_patch_env *env,
			       const struct paravirt_patch_site *p, unsigned long addr,
			       const char *reason)
{
	if (!env->quiet)
		printk("pvops: refused site at 0x%lx (type %u, len %u, clobbers 0x%03x): "
		       "%s; it stays an indirect call\n",
		       addr, p->type, p->len, p->clobbers, reason);
}

/*
 * Patches and writes a checked site whose copy is in buf: inlined twice in
 * apply_paravirt(), for the common 8-byte site, where len is a constant,
 * and for the others.
 */
static __pv_always_inline void apply_site(const struct paravirt_patch_env *env,
					  const struct paravirt_patch_site *p, u8 *site,
					  unsigned long addr, unsigned int len, u8 *buf,
					  struct paravirt_patch_stats *stats)
{
	const char *reason;
	enum paravirt_outcome o = patch_checked_site(env, p, site, addr, len, buf, &reason);

	stats->count[o]++;
	if (o == PV_SITE_REFUSED)
		refused(env, p, addr, reason);
	if (o == PV_SITE_REFUSED || o == PV_SITE_LEFT || !env->write)
		return;
	/* The whole site at once: never leave half of one written. */
	if (env->write == paravirt_write_early)
		paravirt_copy_bytes(site, buf, len);
	else
		env->write(site, buf, len);
}

void apply_paravirt(const struct paravirt_patch_env *env,
		    const struct paravirt_patch_site *start,
		    const struct paravirt_patch_site *end,
		    struct paravirt_patch_stats *stats)
{
	struct patch_pass pp;

	patch_pass_init(&pp, env);
	for (const struct paravirt_patch_site *p = start; p < end; p++) {
		/* In integers: a pointer sum that leaves the address space is undefined. */
		u8 *site = (u8 *)PARAVIRT_SITE_ADDR(p);
		unsigned long addr = (unsigned long)site + env->addr_bias;
		u8 buf[PARAVIRT_SITE_MAX];
		const char *reason;

		if (common_site(&pp, site, addr, p->type, p->len, buf)) {
			apply_site(env, p, site, addr, PARAVIRT_CALL_LEN, buf, stats);
			continue;
		}
		reason = paravirt_check_site(env, addr, site, p->type, p->len);
		if (reason) {
			stats->count[PV_SITE_REFUSED]++;
			refused(env, p, addr, reason);
			continue;
		}
		paravirt_copy_bytes(buf, site, p->len);
		apply_site(env, p, site, addr, p->len, buf, stats);
	}
	stats->sites += (unsigned int)(end - start);
}
