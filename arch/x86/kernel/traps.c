/*
 * Exceptions. A test may install a handler for a vector; anything else is
 * fatal: the vector, error code, instruction pointer and registers go to
 * the console and the run ends as crashed, at once.
 */
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>

static trap_handler_t trap_handlers[NR_EXCEPTIONS];

static const char *const trap_names[NR_EXCEPTIONS] = {
	[0] = "#DE divide error",      [1] = "#DB debug",
	[2] = "NMI",                   [3] = "#BP breakpoint",
	[4] = "#OF overflow",          [5] = "#BR bound range",
	[6] = "#UD invalid opcode",    [7] = "#NM device not available",
	[8] = "#DF double fault",      [10] = "#TS invalid TSS",
	[11] = "#NP segment not present", [12] = "#SS stack fault",
	[13] = "#GP general protection", [14] = "#PF page fault",
	[16] = "#MF x87 error",        [17] = "#AC alignment check",
	[18] = "#MC machine check",    [19] = "#XM SIMD error",
	[20] = "#VE virtualization",   [21] = "#CP control protection",
};

const char *trap_name(unsigned int vector)
{
	if (vector < NR_EXCEPTIONS && trap_names[vector])
		return trap_names[vector];
	return "unexpected vector";
}

trap_handler_t trap_set_handler(unsigned int vector, trap_handler_t fn)
{
	trap_handler_t old;

	if (vector >= NR_EXCEPTIONS)
		panic("trap_set_handler: vector %u is not an exception", vector);
	old = trap_handlers[vector];
	trap_handlers[vector] = fn;
	return old;
}

void show_regs(const struct pt_regs *r)
{
#ifdef __x86_64__
	/* Under Xen PV the word holding CS also holds the saved upcall mask. */
	printk("RIP: %016lx CS: %04lx RFLAGS: %08lx RSP: %016lx SS: %04lx\n",
	       r->ip, r->cs & 0xffff, r->flags, r->sp, r->ss & 0xffff);
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax, r->rbx, r->rcx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx, r->rsi, r->rdi);
	printk("RBP: %016lx R8:  %016lx R9:  %016lx\n", r->rbp, r->r8, r->r9);
	printk("R10: %016lx R11: %016lx R12: %016lx\n", r->r10, r->r11, r->r12);
	printk("R13: %016lx R14: %016lx R15: %016lx\n", r->r13, r->r14, r->r15);
#else
	printk("EIP: %08lx CS: %04lx EFLAGS: %08lx ESP: %08lx\n", r->ip, r->cs & 0xffff,
	       r->flags, (unsigned long)(r + 1));
	printk("EAX: %08lx EBX: %08lx ECX: %08lx EDX: %08lx\n", r->eax, r->ebx,
	       r->ecx, r->edx);
	printk("ESI: %08lx EDI: %08lx EBP: %08lx\n", r->esi, r->edi, r->ebp);
#endif
	printk("pv flags at entry: %08lx\n", r->pvflags);
}

void do_exception(struct pt_regs *regs)
{
	unsigned int v = regs->vector;

	exception_nest_enter(regs);
	if (v < NR_EXCEPTIONS && trap_handlers[v] && trap_handlers[v](regs)) {
		exception_nest_leave();
		return;
	}
	printk("\nFATAL: exception %lu (%s), error code 0x%lx, at ip 0x%lx\n",
	       regs->vector, trap_name(v), regs->error_code, regs->ip);
	if (v == X86_TRAP_PF)
		printk("CR2 (faulting address): 0x%lx\n", read_cr2());
	show_regs(regs);
	run_exit(EXIT_CRASH);
}

/* Called by the entry stubs with the saved frame. */
void do_trap_entry(struct pt_regs *regs);
void do_trap_entry(struct pt_regs *regs)
{
	if (regs->vector >= IRQ_VECTOR_BASE && regs->vector < IRQ_VECTOR_BASE + NR_IRQS)
		do_irq(regs);
	else if (regs->vector >= LOCAL_VECTOR_BASE &&
		 regs->vector < LOCAL_VECTOR_BASE + NR_LOCAL_VECTORS)
		do_local_vector(regs);
	else
		do_exception(regs);
}
