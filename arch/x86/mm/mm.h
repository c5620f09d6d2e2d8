/* What the files of arch/x86/mm share, and nothing else needs. */
#ifndef ARCH_X86_MM_H
#define ARCH_X86_MM_H

#include <asm/cpuid.h>
#include <asm/pgtable.h>

extern char __kernel_start[], __rodata_start[], __rodata_end[], __kernel_end[];

/* The kernel's regions: the rights of the 4 KiB page at addr (0: not present). */
pte_t kernel_page_rights(unsigned long addr, pte_t nx);

/* Builds the 64-bit-entry tables with (or without) NX on data; returns what CR3 takes. */
unsigned long kernel_tables_build(bool nx);
/* The entry for addr in those tables (NULL outside the kernel's regions). */
pte_t *kernel_tables_lookup(unsigned long addr);

/* Builds the kernel's tables and moves this CPU onto them; false if it cannot. */
bool switch_to_kernel_tables(void);
/* The boot log's lines for the kernel's own tables. */
void log_kernel_tables(void);
unsigned long read_cr0(void);
/* What an AP loads (protect.c; 0: no tables of the kernel's own). */
extern u32 paging_ap_cr3, paging_ap_efer;

#ifndef __x86_64__
/* CPUID 1's feature bits in EDX (<asm/cpuid.h>); none on a CPU without CPUID. */
u32 cpuid1_edx(void);
unsigned long read_cr4(void);

/* The same in the two-level format (pgtable_2level.c): 4 MiB pages, no NX. */
unsigned long kernel_tables_build_2level(void);
pte_t *kernel_tables_lookup_2level(unsigned long addr);
#endif

#endif
