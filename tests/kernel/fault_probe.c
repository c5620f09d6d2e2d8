/*
 * Catching a page fault a test provokes on purpose: the access runs with a
 * #PF handler that records the fault and resumes after the access, so the
 * run goes on and the test checks what was recorded.
 */
#include <asm/processor.h>
#include <asm/traps.h>
#include "fault_probe.h"

#ifdef __x86_64__
#define SP_REG "rsp"
#define CALL_CLOBBERS "memory", "cc", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"
#else
#define SP_REG "esp"
#define CALL_CLOBBERS "memory", "cc", "ecx", "edx"
#endif

struct pf_record pf_last;
static volatile unsigned long pf_resume;

static bool catch_pf(struct pt_regs *regs)
{
	pf_last.hits++;
	pf_last.cr2 = read_cr2();
	pf_last.error = regs->error_code;
	regs->ip = pf_resume;
	return true;
}

/* Writes v at addr; true if that faulted (the write did not happen). */
bool write_faults(volatile void *addr, u8 v)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_PF, catch_pf);
	unsigned long resume;

	pf_last.hits = 0;
	asm volatile("lea 1f, %[resume]\n\t"
		     "mov %[resume], %[resume_var]\n\t"
		     "movb %[v], (%[addr])\n"
		     "1:"
		     : [resume] "=&r"(resume), [resume_var] "=m"(pf_resume)
		     : [addr] "r"(addr), [v] "q"(v)
		     : "memory");
	trap_set_handler(X86_TRAP_PF, old);
	return pf_last.hits != 0;
}

/* Stores the word v at addr; true if that faulted. */
bool write_long_faults(volatile unsigned long *addr, unsigned long v)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_PF, catch_pf);
	unsigned long resume;

	pf_last.hits = 0;
	asm volatile("lea 1f, %[resume]\n\t"
		     "mov %[resume], %[resume_var]\n\t"
		     "mov %[v], (%[addr])\n"
		     "1:"
		     : [resume] "=&r"(resume), [resume_var] "=m"(pf_resume)
		     : [addr] "r"(addr), [v] "r"(v)
		     : "memory");
	trap_set_handler(X86_TRAP_PF, old);
	return pf_last.hits != 0;
}

/* Reads the byte at addr; true if that faulted. */
bool read_faults(const volatile void *addr)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_PF, catch_pf);
	unsigned long resume;
	u8 v = 0;

	pf_last.hits = 0;
	asm volatile("lea 1f, %[resume]\n\t"
		     "mov %[resume], %[resume_var]\n\t"
		     "movb (%[addr]), %[v]\n"
		     "1:"
		     : [resume] "=&r"(resume), [resume_var] "=m"(pf_resume), [v] "+q"(v)
		     : [addr] "r"(addr)
		     : "memory");
	trap_set_handler(X86_TRAP_PF, old);
	return pf_last.hits != 0;
}

/*
 * Calls fn (code that puts a value in eax and returns); true if fetching
 * it faulted. The fault leaves the call's return address on the stack:
 * the resume point drops it.
 */
bool call_faults(const void *fn, unsigned long *ret)
{
	trap_handler_t old = trap_set_handler(X86_TRAP_PF, catch_pf);
	unsigned long resume, ax = 0;

	pf_last.hits = 0;
	asm volatile("lea 2f, %[resume]\n\t"
		     "mov %[resume], %[resume_var]\n\t"
		     "call *%[fn]\n\t"
		     "jmp 3f\n"
		     "2:\tadd %[word], %%" SP_REG "\n"
		     "3:"
		     : [resume] "=&r"(resume), [resume_var] "=m"(pf_resume), "+a"(ax)
		     : [fn] "r"(fn), [word] "i"(sizeof(long))
		     : CALL_CLOBBERS);
	trap_set_handler(X86_TRAP_PF, old);
	*ret = ax;
	return pf_last.hits != 0;
}

