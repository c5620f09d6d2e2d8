/*
 * Protecting the kernel as a Xen PV guest: the page tables are Xen's
 * bootstrap ones, read-only to the guest, so each entry over the kernel
 * image is found by walking them and rewritten through pv_mmu_ops
 * (mmu_update): text and read-only data lose their write bit, everything
 * else of the image gains NX where the CPU has it, and text_poke's window
 * is unmapped until a poke.
 */
#include <asm/mmu.h>
#include <pvkern/printk.h>
#include <xen-guest/xen.h>

extern char __kernel_start[], __rodata_start[], __rodata_end[], __kernel_end[];

#ifdef __x86_64__
#define PT_LEVELS 4
#else
#define PT_LEVELS 3 /* PAE: the top level is the page-directory-pointer table */
#endif

/*
 * The kernel's address of the table an entry points at. Xen's bootstrap
 * tables are the nr_pt_frames pages from pt_base on: find the one whose
 * machine frame the entry names.
 */
static pte_t *table_of(pte_t entry)
{
	const unsigned long *mfns = (const unsigned long *)xen_start_info->mfn_list;
	unsigned long first = xen_start_info->pt_base / XEN_PAGE_SIZE;
	u64 mfn = (entry & PTE_PFN_MASK) / XEN_PAGE_SIZE;

	if (!(entry & _PAGE_PRESENT) || (entry & _PAGE_PSE))
		return NULL;
	for (unsigned long i = 0; i < xen_start_info->nr_pt_frames; i++)
		if (mfns[first + i] == mfn)
			return (pte_t *)((first + i) * XEN_PAGE_SIZE);
	return NULL;
}

static pte_t *xen_pte_lookup(unsigned long addr)
{
	pte_t *table = (pte_t *)xen_start_info->pt_base;

	for (int level = PT_LEVELS; level > 1 && table; level--) {
		unsigned int shift = PAGE_SHIFT + 9 * (level - 1);

		table = table_of(table[(addr >> shift) % (level == 3 && PT_LEVELS == 3 ? 4 : 512)]);
	}
	return table ? &table[(addr >> PAGE_SHIFT) % PTRS_PER_TABLE] : NULL;
}

static pte_t rights(unsigned long addr, pte_t old, pte_t nx)
{
	if (addr == (unsigned long)text_poke_window)
		return 0;
	if (addr < (unsigned long)__rodata_start)
		return old & ~_PAGE_RW;
	if (addr < (unsigned long)__rodata_end)
		return (old & ~_PAGE_RW) | nx;
	return old | nx;
}

void xen_protect_kernel(void)
{
	bool nx = cpu_has_nx();

	for (unsigned long a = (unsigned long)__kernel_start; a < (unsigned long)__kernel_end;
	     a += PAGE_SIZE) {
		pte_t *pte = xen_pte_lookup(a);
		pte_t old, new;

		if (!pte) {
			printk("mm: xen: no 4 KiB entry maps 0x%lx in Xen's tables: "
			       "kernel text stays writable\n", a);
			return;
		}
		old = *pte;
		new = rights(a, old, nx ? _PAGE_NX : 0);
		if (new != old) {
			set_pte(pte, new);
			flush_tlb_one(a);
		}
	}
	paging.nx = nx;
	paging.cr3 = read_cr3();
	paging.lookup = xen_pte_lookup;
	paging.on = true;
	mm_log_protection("Xen's, entries written through pv_mmu_ops");
}
