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

static void test_table_not_empty(struct ktest *t)
{
	KEXPECT_GT(t, __parainstructions_end - __parainstructions_start, 8);
}

static void test_records_well_formed(struct ktest *t)
{
	for_each_site(p) {
		unsigned long a = PARAVIRT_SITE_ADDR(p);

		if (p->type >= PV_IRQ_NR || p->len < PARAVIRT_SITE_MIN ||
		    p->len > PARAVIRT_SITE_MAX || a < (unsigned long)__text_start ||
		    a + p->len > (unsigned long)__text_end ||
		    (p->clobbers & ~CLBR_ANY) || !(p->clobbers & CLBR_RET_REG))
			KTEST_FAIL(t, "bad record for site 0x%lx: type %u len %u clobbers 0x%x",
				   a, p->type, p->len, p->clobbers);
	}
}

static void test_sites_from_c_and_assembly(struct ktest *t)
{
	unsigned int in_asm = 0, in_c = 0, ops_seen = 0;

	for_each_site(p) {
		if (in_entry_text(PARAVIRT_SITE_ADDR(p)))
			in_asm++;
		else
			in_c++;
		ops_seen |= 1u << p->type;
	}
	KEXPECT_GT(t, in_asm, 0);
	KEXPECT_GT(t, in_c, 0);
	KEXPECT_EQ(t, (1u << PV_IRQ_NR) - 1, ops_seen);
}

static void test_asm_and_c_masks_differ(struct ktest *t)
{
	unsigned int wide_asm = 0;

	for_each_site(p)
		if (in_entry_text(PARAVIRT_SITE_ADDR(p)) && p->clobbers == CLBR_ANY)
			wide_asm++;
	/* The entry code saves every register first, so its sites may clobber all. */
	KEXPECT_GT(t, wide_asm, 0);
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

/*
 * A site the patcher left alone must still be the exact indirect call it
 * was built as; every other site must no longer be one.
 */
static void test_unpatched_sites_intact(struct ktest *t)
{
	const struct paravirt_patch_env *env = pv_kernel_env();
	const struct paravirt_patch_stats *st = pv_patch_stats();
	unsigned int intact = 0;

	for_each_site(p)
		intact += !paravirt_check_site(env, PARAVIRT_SITE_ADDR(p),
					       (const u8 *)PARAVIRT_SITE_ADDR(p), p->type, p->len);
	KEXPECT_EQ(t, st->count[PV_SITE_LEFT], intact);
	KEXPECT_EQ(t, 0, st->count[PV_SITE_REFUSED]);
	KEXPECT_EQ(t, (unsigned long)(__parainstructions_end - __parainstructions_start),
		   st->sites);
	if (!pv_patching_enabled())
		KEXPECT_EQ(t, st->sites, intact);
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
