/*
 * The site patcher (see <pvops/patch.h>). Built into the kernel and, the
 * same file, into the host tests and tools.
 */
#include <pvkern/printk.h>
#include <pvkern/string.h>
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

/* Inlined into the patcher's per-site path; paravirt_group_of() for everyone else. */
static inline const struct paravirt_group *group_of(u8 type)
{
	unsigned int g = PV_TYPE_GROUP(type);

	if (g >= PV_NR_GROUPS || PV_TYPE_SLOT(type) >= paravirt_groups[g].nr_ops)
		return NULL;
	return &paravirt_groups[g];
}

const struct paravirt_group *paravirt_group_of(u8 type)
{
	return group_of(type);
}

const char *paravirt_op_name(u8 type)
{
	const struct paravirt_group *g = paravirt_group_of(type);

	return g ? g->op_names[PV_TYPE_SLOT(type)] : "?";
}

unsigned long paravirt_slot_addr(const struct paravirt_patch_env *env, u8 type)
{
	unsigned long table;

	if (!group_of(type))
		return 0;
	table = PV_TYPE_GROUP(type) == PV_GROUP_MMU ? env->mmu_ops_addr : env->ops_addr;
	return table + (unsigned long)PV_TYPE_SLOT(type) * PV_WORD_SIZE;
}

const char *const paravirt_outcome_names[PV_SITE_NR_OUTCOMES] = {
	[PV_SITE_INLINE] = "inline",
	[PV_SITE_DIRECT_CALL] = "direct call",
	[PV_SITE_LEFT] = "left",
	[PV_SITE_REFUSED] = "refused",
};

#define CALL_REL32_LEN 5

/* x86 is little-endian, and so is every host the tools run on: one move each. */
static u32 get_le32(const u8 *p)
{
	u32 v;

	__builtin_memcpy(&v, p, 4);
	return v;
}

static void put_le32(u8 *p, u32 v)
{
	__builtin_memcpy(p, &v, 4);
}

bool paravirt_put_mem_operand(u8 *p, unsigned long target, unsigned long addr,
			      unsigned int insn_len)
{
#ifdef PV_TARGET_X86_64
	long rel = (long)(target - (addr + insn_len));

	if (rel != (long)(s32)rel)
		return false;
	put_le32(p, (u32)rel);
#else
	(void)addr;
	(void)insn_len;
	put_le32(p, (u32)target);
#endif
	return true;
}

/*
 * Decodes the indirect call a site starts with: the slot it reads its
 * target from, and its length. False if the bytes are no such call.
 */
static bool decode_indirect_call(const u8 *b, unsigned int len, unsigned long addr,
				 unsigned long *slot, unsigned int *insn_len)
{
	/* The form the macros emit: the DS prefix (paravirt_types.h), then call. */
	unsigned int pfx = len >= PARAVIRT_CALL_LEN && b[0] == PARAVIRT_CALL_PREFIX;

	if (len >= pfx + 7 && b[pfx] == 0xff && b[pfx + 1] == 0x14 && b[pfx + 2] == 0x25) {
		/* call *disp32 through a SIB byte with neither base nor index */
		*slot = (unsigned long)(long)(s32)get_le32(b + pfx + 3);
#ifdef PV_TARGET_I386
		*slot = (u32)*slot;
#endif
		*insn_len = pfx + 7;
		return true;
	}
	if (pfx)
		return false;
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

	if (!group_of(type))
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
	if (slot != paravirt_slot_addr(env, type))
		return "call goes through another op's slot";
	for (unsigned int i = insn_len; i < len; i++)
		if (site[i] != 0x90)
			return "bytes after the call are not NOPs";
	return NULL;
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

void paravirt_select_nops(enum paravirt_nops kind)
{
	if (kind < PV_NOPS_NR)
		nops_in_use = kind;
}

enum paravirt_nops paravirt_selected_nops(void)
{
	return nops_in_use;
}

void paravirt_fill_nops(u8 *buf, unsigned int len)
{
	while (len) {
		unsigned int n = len > 8 ? 8 : len;

		paravirt_copy_bytes(buf, paravirt_nops[nops_in_use][n], n);
		buf += n;
		len -= n;
	}
}

unsigned int paravirt_patch_insns(void *buf, unsigned int len, const u8 *insns,
				  unsigned int insns_len)
{
	if (insns_len > len)
		return len;
	paravirt_copy_bytes(buf, insns, insns_len);
	return insns_len;
}

unsigned int paravirt_patch_call(void *buf, unsigned long target, u16 tgt_clobbers,
				 unsigned long addr, u16 site_clobbers, unsigned int len)
{
	u8 *b = buf;
#ifdef PV_TARGET_I386
	/* 32-bit addresses wrap around: every target is within rel32 reach. */
	long delta = (s32)(u32)(target - (addr + CALL_REL32_LEN));
#else
	long delta = (long)(target - (addr + CALL_REL32_LEN));
#endif

	/* The target would destroy a register the site's code keeps live. */
	if (tgt_clobbers & ~site_clobbers)
		return PARAVIRT_PATCH_REFUSED_CLOBBERS;
	if (len < CALL_REL32_LEN || delta != (long)(s32)delta)
		return len;
	b[0] = 0xe8;
	put_le32(b + 1, (u32)delta);
	return CALL_REL32_LEN;
}

unsigned int paravirt_patch_default(u8 type, u16 clobbers, void *buf,
				    unsigned long addr, unsigned int len)
{
	/* Every slot of either table is one pointer to code. */
	const void *const *slots = PV_TYPE_GROUP(type) == PV_GROUP_MMU ?
		(const void *)&pv_mmu_ops : (const void *)&pv_irq_ops;
	const struct paravirt_group *g = group_of(type);

	if (!g)
		return len;
	return paravirt_patch_call(buf, (unsigned long)slots[PV_TYPE_SLOT(type)], g->op_clobbers,
				   addr, clobbers, len);
}

enum paravirt_outcome paravirt_patch_site(const struct paravirt_patch_env *env,
					  const struct paravirt_patch_site *p,
					  u8 *out, const char **reason)
{
	/* In integers: a pointer sum that leaves the address space is undefined. */
	const u8 *site = (const u8 *)PARAVIRT_SITE_ADDR(p);
	unsigned long addr = (unsigned long)site + env->addr_bias;
	u8 buf[PARAVIRT_SITE_MAX];
	unsigned int used;

	*reason = paravirt_check_site(env, addr, site, p->type, p->len);
	if (*reason)
		return PV_SITE_REFUSED;
	paravirt_copy_bytes(buf, site, p->len);
	used = env->backend->patch(env->backend, p->type, p->clobbers, buf, addr, p->len);
	if (used == PARAVIRT_PATCH_REFUSED_CLOBBERS) {
		*reason = "its op may destroy registers the site's clobber mask keeps";
		return PV_SITE_REFUSED;
	}
	if (used > p->len) {
		*reason = "backend's code does not fit the site";
		return PV_SITE_REFUSED;
	}
	paravirt_fill_nops(buf + used, p->len - used);
	if (out)
		paravirt_copy_bytes(out, buf, p->len);
	if (memcmp(buf, site, p->len) == 0)
		return PV_SITE_LEFT;
	return used == CALL_REL32_LEN && buf[0] == 0xe8 ? PV_SITE_DIRECT_CALL : PV_SITE_INLINE;
}

void apply_paravirt(const struct paravirt_patch_env *env,
		    const struct paravirt_patch_site *start,
		    const struct paravirt_patch_site *end,
		    struct paravirt_patch_stats *stats)
{
	for (const struct paravirt_patch_site *p = start; p < end; p++) {
		u8 buf[PARAVIRT_SITE_MAX];
		const char *reason;
		enum paravirt_outcome o = paravirt_patch_site(env, p, buf, &reason);
		u8 *site = (u8 *)PARAVIRT_SITE_ADDR(p);

		stats->sites++;
		stats->count[o]++;
		if (o == PV_SITE_REFUSED) {
			if (!env->quiet)
				printk("pvops: refused site at 0x%lx (type %u, len %u, clobbers 0x%03x): "
				       "%s; it stays an indirect call\n",
				       (unsigned long)site + env->addr_bias, p->type, p->len,
				       p->clobbers, reason);
			continue;
		}
		/* The whole site at once: never leave half of one written. */
		if (o != PV_SITE_LEFT && env->write)
			env->write(site, buf, p->len);
	}
}
