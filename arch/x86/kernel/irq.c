/*
 * Hardware interrupt dispatch. Whether an interrupt runs now is the pv
 * backend's business (a virtual interrupt flag may hold it back); what runs
 * is the handler registered for its line.
 */
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/platform.h>
#include <asm/traps.h>
#include <pvkern/printk.h>
#include <pvops/backend.h>

static irq_handler_t irq_handlers[NR_IRQS];
static unsigned long irq_unhandled[NR_IRQS];

void irq_set_handler(unsigned int irq, irq_handler_t fn)
{
	irq_handlers[irq] = fn;
	if (fn)
		platform->irq_unmask(irq);
	else
		platform->irq_mask(irq);
}

void irq_reenable(unsigned int irq)
{
	/* A line whose handler went away while it was held stays masked. */
	if (irq_handlers[irq])
		platform->irq_unmask(irq);
}

void handle_irq(unsigned int irq, struct pt_regs *regs)
{
	if (irq_handlers[irq])
		irq_handlers[irq](irq, regs);
	else if (irq_unhandled[irq]++ == 0)
		printk("irq: no handler for line %u (reported once)\n", irq);
	platform->irq_eoi(irq);
}

static local_vector_handler_t local_handlers[NR_LOCAL_VECTORS];

void set_local_vector_handler(unsigned int vector, local_vector_handler_t fn)
{
	local_handlers[vector - LOCAL_VECTOR_BASE] = fn;
}

void handle_local_vector(struct pt_regs *regs)
{
	local_vector_handler_t fn = local_handlers[regs->vector - LOCAL_VECTOR_BASE];

	if (fn)
		fn(regs);
	else
		do_exception(regs); /* nothing sends it: report it as fatal */
}

void do_local_vector(struct pt_regs *regs)
{
	const struct pv_backend *b = pv_backend_active();

	/* A spurious interrupt is nothing to hold back: it has no handler work. */
	if (b && b->local_vector_entry && regs->vector != SPURIOUS_VECTOR)
		b->local_vector_entry(regs);
	else
		handle_local_vector(regs);
}

void do_irq(struct pt_regs *regs)
{
	unsigned int irq = regs->vector - IRQ_VECTOR_BASE;
	const struct pv_backend *b = pv_backend_active();

	if (b && b->irq_entry)
		b->irq_entry(irq, regs);
	else
		handle_irq(irq, regs);
}
