/* The IDT: exception and interrupt gates pointing at the entry stubs. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

/* Exceptions 0-31 and the 16 PIC interrupt lines. */
#define NR_ENTRY_STUBS 48
#define ENTRY_STUB_SIZE 16

#ifndef __ASSEMBLY__
extern const char idt_entry_stubs[];
void idt_init(void);
#endif

#endif
