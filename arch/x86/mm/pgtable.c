/*
 * The kernel's page tables: the low 4 GiB identity mapped, as the boot code
 * mapped it, but with 4 KiB pages over the 2 MiB regions the kernel image
 * occupies, so that text, read-only data and data each get their own
 * rights. x86_64 puts a PML4 above the four page directories; i386 with
 * PAE points CR3 at the same page-directory-pointer table.
 */
#include <asm/pgtable.h>
#include <pvkern/kernel.h>
#include <pvkern/string.h>
#include "mm.h"

#define NR_PDS 4 /* 4 x 1 GiB: the low 4 GiB */
/* Page tables for the kernel image's 2 MiB regions: 8 MiB of kernel at most. */
#define NR_KERNEL_PTS 4

static pte_t pml4[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static pte_t pdpt[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static pte_t pds[NR_PDS][PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static pte_t kernel_pts[NR_KERNEL_PTS][PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static unsigned int nr_kernel_pts;

static unsigned long page_of(const void *p)
{
	return (unsigned long)p & ~(PAGE_SIZE - 1);
}

pte_t kernel_page_rights(unsigned long addr, pte_t nx)
{
	if (addr == page_of(text_poke_window))
		return 0; /* mapped only while text_poke() writes through it */
	if (addr >= (unsigned long)__kernel_start && addr < (unsigned long)__rodata_start)
		return _PAGE_PRESENT;
	if (addr >= (unsigned long)__rodata_start && addr < (unsigned long)__rodata_end)
		return _PAGE_PRESENT | nx;
	return _PAGE_PRESENT | _PAGE_RW | nx;
}

unsigned long kernel_tables_build(bool nx_on)
{
	pte_t nx = nx_on ? _PAGE_NX : 0;
	unsigned long kernel_top = ((unsigned long)__kernel_end + PMD_SIZE - 1) & ~(PMD_SIZE - 1);

	nr_kernel_pts = kernel_top / PMD_SIZE;
	if (nr_kernel_pts > NR_KERNEL_PTS)
		panic("mm: the kernel ends at 0x%lx: more than the %u page tables kept for it cover",
		      (unsigned long)__kernel_end, NR_KERNEL_PTS);
	for (unsigned int pd = 0; pd < NR_PDS; pd++) {
		for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
			u64 base = ((u64)pd * PTRS_PER_TABLE + i) * PMD_SIZE;

			pds[pd][i] = base | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE | nx;
		}
#ifdef __x86_64__
		pdpt[pd] = (unsigned long)pds[pd] | _PAGE_PRESENT | _PAGE_RW;
#else
		pdpt[pd] = (unsigned long)pds[pd] | _PAGE_PRESENT; /* PAE: RW is reserved here */
#endif
	}
	/* The kernel's regions are all in the first page directory. */
	for (unsigned int t = 0; t < nr_kernel_pts; t++) {
		for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
			unsigned long addr = t * PMD_SIZE + i * PAGE_SIZE;
			pte_t rights = kernel_page_rights(addr, nx);

			kernel_pts[t][i] = rights ? addr | rights : 0;
		}
		pds[0][t] = (unsigned long)kernel_pts[t] | _PAGE_PRESENT | _PAGE_RW;
	}
#ifdef __x86_64__
	pml4[0] = (unsigned long)pdpt | _PAGE_PRESENT | _PAGE_RW;
	return (unsigned long)pml4;
#else
	(void)pml4;
	return (unsigned long)pdpt;
#endif
}

pte_t *kernel_tables_lookup(unsigned long addr)
{
	if (addr >= nr_kernel_pts * PMD_SIZE)
		return NULL;
	return &kernel_pts[addr / PMD_SIZE][(addr % PMD_SIZE) / PAGE_SIZE];
}

pte_t *kernel_pte(unsigned long addr)
{
	return paging.on && paging.lookup ? paging.lookup(addr) : NULL;
}
