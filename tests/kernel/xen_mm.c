/*
 * Under Xen PV the guest's page tables are read-only to it. A store to an
 * upper-level table faults (#PF, write to a present read-only page); a
 * store to a leaf entry traps to Xen, which at most carries out what it
 * would have allowed through mmu_update, and faults on anything else. The
 * kernel changes entries only through pv_mmu_ops, whose xen backend asks
 * Xen (mm_protect's set_pte test covers that path).
 */
#include <asm/pgtable.h>
#include <pvkern/ktest.h>
#include <xen-guest/xen.h>
#include "fault_probe.h"

static const char *xen_mm_skip(void)
{
	if (!xen_pv_domain())
		return "not a Xen PV guest";
	return paging.on ? NULL : "the kernel did not protect itself (see the boot log's mm: lines)";
}

static void expect_write_fault(struct ktest *t, volatile u8 *entry)
{
	u8 before = *entry;

	KEXPECT_TRUE(t, write_faults(entry, before));
	KEXPECT_EQ(t, (unsigned long)entry, pf_last.cr2);
	KEXPECT_EQ(t, X86_PF_PROT | X86_PF_WRITE, pf_last.error & (X86_PF_PROT | X86_PF_WRITE));
	KEXPECT_EQ(t, before, *entry);
}

/*
 * The leaf entry that maps the poke window (not present now), stored to
 * directly with a writable mapping of a page table (the top-level one),
 * which Xen never allows: the store faults and the entry stays empty.
 */
static void test_leaf_entry_write_faults(struct ktest *t)
{
	pte_t *pte = kernel_pte((unsigned long)text_poke_window);
	unsigned long forbidden = (unsigned long)xen_virt_to_machine((void *)xen_start_info->pt_base) |
				  _PAGE_PRESENT | _PAGE_RW;

	KASSERT_TRUE(t, pte != NULL);
	KASSERT_EQ(t, 0, *pte);
	KEXPECT_TRUE(t, write_long_faults((volatile unsigned long *)pte, forbidden));
	KEXPECT_EQ(t, (unsigned long)pte, pf_last.cr2);
	KEXPECT_EQ(t, X86_PF_PROT | X86_PF_WRITE, pf_last.error & (X86_PF_PROT | X86_PF_WRITE));
	KEXPECT_EQ(t, 0, *pte);
}

/* The top-level table (Xen's bootstrap one, at start_info's pt_base). */
static void test_top_level_write_faults(struct ktest *t)
{
	expect_write_fault(t, (volatile u8 *)xen_start_info->pt_base);
}

static const struct ktest_case xen_mm_cases[] = {
	KTEST_CASE(test_leaf_entry_write_faults),
	KTEST_CASE(test_top_level_write_faults),
	{},
};
KTEST_SUITE(xen_mm, xen_mm_cases, xen_mm_skip);
