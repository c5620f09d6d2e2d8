/* Exceptions: names, and handlers that tests can install. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#ifndef __ASSEMBLY__
#include <asm/ptrace.h>
#include <pvkern/types.h>
#endif

#define X86_TRAP_DE 0
#define X86_TRAP_DB 1
#define X86_TRAP_NMI 2
#define X86_TRAP_BP 3
#define X86_TRAP_UD 6
#define X86_TRAP_DF 8
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14
#define NR_EXCEPTIONS 32

#ifndef __ASSEMBLY__

/* A handler returns true when it dealt with the exception. */
typedef bool (*trap_handler_t)(struct pt_regs *regs);

/* Install a handler for one vector; returns the one it replaces. */
trap_handler_t trap_set_handler(unsigned int vector, trap_handler_t fn);
const char *trap_name(unsigned int vector);
void do_exception(struct pt_regs *regs);
void show_regs(const struct pt_regs *regs);

/*
 * Around dealing with one exception (exception_nesting.c): an exception
 * that enters while another is being dealt with ends the run as crashed
 * with a short line on the console; enter does not return then.
 */
void exception_nest_enter(const struct pt_regs *regs);
void exception_nest_leave(void);
#endif /* __ASSEMBLY__ */

#endif
