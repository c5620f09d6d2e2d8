/* Hardware interrupts: one handler per vector above the exceptions. */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <asm/ptrace.h>

#define IRQ_VECTOR_BASE 0x20
#define NR_IRQS 16
#define TIMER_IRQ 0

/* A CPU's own interrupts (local APIC: IPIs, spurious), one handler per vector. */
#define LOCAL_VECTOR_BASE 0x30
#define NR_LOCAL_VECTORS 16

typedef void (*irq_handler_t)(unsigned int irq, struct pt_regs *regs);

void irq_set_handler(unsigned int irq, irq_handler_t fn);
/* Unmask a line that was masked to hold back an interrupt, if it still has a handler. */
void irq_reenable(unsigned int irq);
/* Entry from the interrupt stubs. */
void do_irq(struct pt_regs *regs);
/* Run the handler of one interrupt line and acknowledge it. */
void handle_irq(unsigned int irq, struct pt_regs *regs);

typedef void (*local_vector_handler_t)(struct pt_regs *regs);
void set_local_vector_handler(unsigned int vector, local_vector_handler_t fn);
/* Entry from the stubs of the local vectors. */
void do_local_vector(struct pt_regs *regs);
/* Run the handler of a local vector (it acknowledges the APIC itself). */
void handle_local_vector(struct pt_regs *regs);

#endif
