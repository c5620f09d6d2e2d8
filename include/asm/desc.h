/* The IDT: exception and interrupt gates pointing at the entry stubs. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

/* Exceptions 0-31, the 16 PIC lines, and the local APIC's vectors (asm/irq.h). */
#define NR_ENTRY_STUBS 64
#define ENTRY_STUB_SIZE 16

#ifndef __ASSEMBLY__
#include <pvkern/types.h>

/* A flat 4 GiB read/write data segment descriptor of privilege dpl whose base is base. */
static inline u64 gdt_data_segment(unsigned long base, unsigned int dpl)
{
	u64 d = 0x00cf92000000ffffULL | (u64)(dpl & 3) << 45;

	d |= (u64)(base & 0xffffff) << 16;
	d |= (u64)(base >> 24) << 56;
	return d;
}

extern const char idt_entry_stubs[];
/* Vector 3: live patching's int3s first (asm/text_poke_int3.h). */
void text_poke_int3_entry(void);
void idt_init(void);
void idt_load(void);
#endif

#endif
