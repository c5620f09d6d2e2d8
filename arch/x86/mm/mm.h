/* What the files of arch/x86/mm share, and nothing else needs. */
#ifndef ARCH_X86_MM_H
#define ARCH_X86_MM_H

#include <pvkern/types.h>

extern char __kernel_start[], __rodata_start[], __rodata_end[], __kernel_end[];
/* The page text_poke() maps its target at (text_poke.c). */
extern char text_poke_window[];

/* Builds the tables with (or without) NX on data; returns what CR3 takes. */
unsigned long kernel_tables_build(bool nx);

#endif
