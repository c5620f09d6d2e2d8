/* The IDT: exception and interrupt gates pointing at the entry stubs. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

/* Exceptions 0-31, the 16 PIC lines, and the local APIC's vectors (asm/irq.h). */
#define NR_ENTRY_STUBS 64
#define ENTRY_STUB_SIZE 16

#ifndef __ASSEMBLY__
extern const char idt_entry_stubs[];
void idt_init(void);
void idt_load(void);
#endif

#endif
