/* Hardware interrupts: one handler per vector above the exceptions. */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <asm/ptrace.h>

#define IRQ_VECTOR_BASE 0x20
#define NR_IRQS 16
#define TIMER_IRQ 0

typedef void (*irq_handler_t)(unsigned int irq, struct pt_regs *regs);

void irq_set_handler(unsigned int irq, irq_handler_t fn);
/* Unmask a line that was masked to hold back an interrupt, if it still has a handler. */
void irq_reenable(unsigned int irq);
/* Entry from the interrupt stubs. */
void do_irq(struct pt_regs *regs);
/* Run the handler of one interrupt line and acknowledge it. */
void handle_irq(unsigned int irq, struct pt_regs *regs);

#endif
