/*
 * The kernel's page tables on an i386 CPU without PAE: the classic two-level
 * format, one page directory of 1024 32-bit entries. The low 4 GiB is
 * identity mapped with 4 MiB pages (PSE), and page tables of 4 KiB pages
 * cover the 4 MiB regions the kernel image occupies, so that text,
 * read-only data and data each get their own rights, as in pgtable.c.
 * There is no NX bit in this format: data stays executable.
 */
#include <asm/pgtable.h>
#include <pvkern/kernel.h>
#include "mm.h"

/* Page tables for the kernel image's 4 MiB regions: 8 MiB of kernel at most. */
#define NR_KERNEL_PTS 2

static u32 pgdir[PTRS_PER_TABLE_2LEVEL] __aligned(PAGE_SIZE);
static u32 kernel_pts[NR_KERNEL_PTS][PTRS_PER_TABLE_2LEVEL] __aligned(PAGE_SIZE);
static unsigned int nr_kernel_pts;

unsigned long kernel_tables_build_2level(void)
{
	unsigned long kernel_top = ((unsigned long)__kernel_end + PGDIR_SIZE_2LEVEL - 1) &
				   ~(PGDIR_SIZE_2LEVEL - 1);

	nr_kernel_pts = kernel_top / PGDIR_SIZE_2LEVEL;
	if (nr_kernel_pts > NR_KERNEL_PTS)
		panic("mm: the kernel ends at 0x%lx: more than the %u page tables kept for it cover",
		      (unsigned long)__kernel_end, NR_KERNEL_PTS);
	for (unsigned int i = 0; i < PTRS_PER_TABLE_2LEVEL; i++)
		pgdir[i] = (u32)(i * PGDIR_SIZE_2LEVEL) | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
	for (unsigned int t = 0; t < nr_kernel_pts; t++) {
		for (unsigned int i = 0; i < PTRS_PER_TABLE_2LEVEL; i++) {
			unsigned long addr = t * PGDIR_SIZE_2LEVEL + i * PAGE_SIZE;
			pte_t rights = kernel_page_rights(addr, 0);

			kernel_pts[t][i] = rights ? addr | (u32)rights : 0;
		}
		pgdir[t] = (unsigned long)kernel_pts[t] | _PAGE_PRESENT | _PAGE_RW;
	}
	return (unsigned long)pgdir;
}

pte_t *kernel_tables_lookup_2level(unsigned long addr)
{
	if (addr >= nr_kernel_pts * PGDIR_SIZE_2LEVEL)
		return NULL;
	return (pte_t *)&kernel_pts[addr / PGDIR_SIZE_2LEVEL][(addr % PGDIR_SIZE_2LEVEL) / PAGE_SIZE];
}
