/*
 * The .parainstructions table as the kernel sees it: non-empty, every
 * record sane, sites from C and from assembly, no two sites overlapping,
 * and after boot each site either patched or still the exact indirect call.
 */
#include <asm/paravirt.h>
#include <pvkern/ktest.h>
#include <pvops/backend.h>

extern char __text_start[], __text_end[], __entry_text_start[], __entry_text_end[];

#define for_each_site(p) \
	for (const struct paravirt_patch_site *p = __parainstructions_start; \
	     p < __parainstructions_end; p++)

static bool in_entry_text(unsigned long a)
{
	return a >= (unsigned long)__entry_text_start && a < (unsigned long)__entry_text_end;
}

/* Both groups' types, written out: the irq ops 0.., the mmu ops 16.. */
static bool is_irq_type(u8 type)
{
	return type < PV_IRQ_NR;
}

static bool is_mmu_type(u8 type)
{
	return type >= 16 && type < 16 + PV_MMU_NR;
}

static void test_table_not_empty(struct ktest *t)
{
	KEXPECT_GT(t, __parainstructions_end - __parainstructions_start, 8);
}

static void test_records_well_formed(struct ktest *t)
{
	for_each_site(p) {
		unsigned long a = PARAVIRT_SITE_ADDR(p);

		if (!(is_irq_type(p->type) || is_mmu_type(p->type)) || p->len < PARAVIRT_SITE_MIN ||
		    p->len > PARAVIRT_SITE_MAX || a < (unsigned long)__text_start ||
		    a + p->len > (unsigned long)__text_end ||
		    (p->clobbers & ~CLBR_ANY) || !(p->clobbers & CLBR_RET_REG))
			KTEST_FAIL(t, "bad record for site 0x%lx: type %u len %u clobbers 0x%x",
				   a, p->type, p->len, p->clobbers);
	}
}

static void test_sites_from_c_and_assembly(struct ktest *t)
{
	unsigned int in_asm = 0, in_c = 0;
	u32 ops_seen = 0;

	for_each_site(p) {
		if (in_entry_text(PARAVIRT_SITE_ADDR(p)))
			in_asm++;
		else
			in_c++;
		ops_seen |= 1u << p->type;
	}
	KEXPECT_GT(t, in_asm, 0);
	KEXPECT_GT(t, in_c, 0);
	/* Every op of both groups has a site. */
	KEXPECT_EQ(t, ((1u << PV_IRQ_NR) - 1) | ((1u << PV_MMU_NR) - 1) << 16, ops_seen);
}

/* The masks, written out: CLBR_ANY, and the return register alone. */
#ifdef __x86_64__
#define ALL_NINE_REGS 0x1ff /* rax rcx rdx rdi rsi r8 r9 r10 r11 */
#else
#define ALL_NINE_REGS 0x00f /* eax ecx edx edi */
#endif
#define RET_REG_ONLY 0x001

/*
 * The entry code saves every register before its sites, so they may
 * clobber all; the C wrappers' sites may lose only the return register.
 * Both masks are read from the table, compared with each other and with
 * the values written out above.
 */
static void test_asm_and_c_masks_differ(struct ktest *t)
{
	unsigned int entry = 0, entry_wide = 0, other = 0, other_narrow = 0;
	unsigned int entry_mask = 0, other_mask = 0;

	for_each_site(p) {
		if (in_entry_text(PARAVIRT_SITE_ADDR(p))) {
			entry++;
			entry_wide += p->clobbers == ALL_NINE_REGS;
			entry_mask = p->clobbers;
		} else {
			other++;
			if (p->clobbers == RET_REG_ONLY) {
				other_narrow++;
				other_mask = p->clobbers;
			}
		}
	}
	KASSERT_GT(t, entry, 0);
	KASSERT_GT(t, other, 0);
	/* Every entry site is wide; C sites are narrow, bar a few asm probes. */
	KEXPECT_EQ(t, entry, entry_wide);
	KEXPECT_GT(t, other_narrow * 2, other);
	KEXPECT_NE(t, entry_mask, other_mask);
}

static void test_sites_do_not_overlap(struct ktest *t)
{
	for_each_site(p) {
		unsigned long a = PARAVIRT_SITE_ADDR(p);

		for (const struct paravirt_patch_site *q = p + 1; q < __parainstructions_end; q++) {
			unsigned long b = PARAVIRT_SITE_ADDR(q);

			if (a < b + q->len && b < a + p->len)
				KTEST_FAIL(t, "sites 0x%lx (+%u) and 0x%lx (+%u) overlap", a, p->len, b,
					   q->len);
		}
	}
}

/* The indirect call a site is built as, encoded here: 3e ff 14 25 slot, then NOPs. */
static bool still_indirect_call(const struct paravirt_patch_site *p)
{
	const u8 *b = (const u8 *)PARAVIRT_SITE_ADDR(p);
	unsigned long table = is_mmu_type(p->type) ? (unsigned long)&pv_mmu_ops :
						     (unsigned long)&pv_irq_ops;
	u32 slot = (u32)(table + (p->type & 15) * sizeof(void *));
	u32 disp = b[4] | (u32)b[5] << 8 | (u32)b[6] << 16 | (u32)b[7] << 24;

	if (p->len < 8 || b[0] != 0x3e || b[1] != 0xff || b[2] != 0x14 || b[3] != 0x25 ||
	    disp != slot)
		return false;
	for (unsigned int i = PARAVIRT_CALL_LEN; i < p->len; i++)
		if (b[i] != 0x90)
			return false;
	return true;
}

/*
 * With pv.nopatch every site is still the exact indirect call it was built
 * as; patched, every backend converts every site (inline or direct call).
 * The patcher's own counters must agree with what the bytes say.
 */
static void test_unpatched_sites_intact(struct ktest *t)
{
	const struct paravirt_patch_stats *st = pv_patch_stats();
	unsigned int records = __parainstructions_end - __parainstructions_start;
	unsigned int intact = 0;

	for_each_site(p)
		intact += still_indirect_call(p);
	KEXPECT_EQ(t, pv_patching_enabled() ? 0 : records, intact);
	KEXPECT_EQ(t, records, st->sites);
	KEXPECT_EQ(t, intact, st->count[PV_SITE_LEFT]);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_REFUSED]);
}

static const struct ktest_case pv_table_cases[] = {
	KTEST_CASE(test_table_not_empty),
	KTEST_CASE(test_records_well_formed),
	KTEST_CASE(test_sites_from_c_and_assembly),
	KTEST_CASE(test_asm_and_c_masks_differ),
	KTEST_CASE(test_sites_do_not_overlap),
	KTEST_CASE(test_unpatched_sites_intact),
	{},
};
KTEST_SUITE(pv_table, pv_table_cases, NULL);
