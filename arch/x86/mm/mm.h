/* What the files of arch/x86/mm share, and nothing else needs. */
#ifndef ARCH_X86_MM_H
#define ARCH_X86_MM_H

#include <asm/pgtable.h>

extern char __kernel_start[], __rodata_start[], __rodata_end[], __kernel_end[];

/* Builds the tables with (or without) NX on data; returns what CR3 takes. */
unsigned long kernel_tables_build(bool nx);
/* The entry for addr in those tables (NULL outside the kernel's regions). */
pte_t *kernel_tables_lookup(unsigned long addr);

#endif
