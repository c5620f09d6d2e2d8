/*
 * Paravirt call sites and callee-save thunks.
 *
 * Every use of a pv_irq_ops op is an indirect call through its slot,
 * emitted together with a record in .parainstructions that tells the
 * patcher where the site is, which op it calls and which registers it may
 * destroy. C code gets sites from the arch_local_irq_*() wrappers; assembly
 * gets them from the DISABLE_INTERRUPTS()-style macros below.
 */
#ifndef ASM_PARAVIRT_H
#define ASM_PARAVIRT_H

#include <asm/asm.h>
#include <asm/paravirt_types.h>

#ifndef __ASSEMBLY__

/* The record for the site between local labels 771 and 772. */
#define _PARAVIRT_RECORD                      \
	".pushsection .parainstructions, \"a\"\n" \
	"\t.balign 4\n"                           \
	"\t.long 771b - .\n"                      \
	"\t.byte %c[paravirt_type]\n"             \
	"\t.byte 772b - 771b\n"                   \
	"\t.short %c[paravirt_clobber]\n"         \
	".popsection\n"

/* ds call *ABS32 in its SIB form on both architectures (paravirt_types.h). */
#define PARAVIRT_CALL                                               \
	"771:\n\t.byte " __stringify(PARAVIRT_CALL_PREFIX) ", 0xff, 0x14, 0x25\n" \
	"\t.long %c[paravirt_slot]\n772:\n" _PARAVIRT_RECORD

#define paravirt_type(op) \
	[paravirt_type] "i"(PV_IRQ_##op), [paravirt_slot] "i"(&pv_irq_ops.op)
#define paravirt_clobber(mask) [paravirt_clobber] "i"(mask)

/*
 * What the compiler must assume a site destroys. Callee-save targets keep
 * everything but the return register; the PV_PLAIN_CALLS build (used by
 * `make bench` to measure what the thunks save) treats the ops as ordinary
 * C functions instead.
 */
#ifdef CONFIG_PV_PLAIN_CALLS
#define PV_SITE_CLOBBERS CLBR_C_CALL
/*
 * Every register of CLBR_C_CALL but the return register, which is an
 * output operand (pvops/paravirt.c counts them against the mask).
 * restore_fl's argument register is an operand too, so it is named
 * apart: PV_EXTRA_CLOBBERS_BUT_ARG leaves it out.
 */
#ifdef __x86_64__
#define PV_EXTRA_CLOBBERS_BUT_ARG "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11"
#define PV_EXTRA_CLOBBERS "rdi", PV_EXTRA_CLOBBERS_BUT_ARG
#else
/* -mregparm=3: the argument is in eax, the return register. */
#define PV_EXTRA_CLOBBERS_BUT_ARG "ecx", "edx"
#define PV_EXTRA_CLOBBERS PV_EXTRA_CLOBBERS_BUT_ARG
#endif
#else
#define PV_SITE_CLOBBERS CLBR_RET_REG
#define PV_EXTRA_CLOBBERS "cc"
#endif

static inline unsigned long arch_local_save_flags(void)
{
	unsigned long f;

	asm volatile(PARAVIRT_CALL
		     : "=a"(f)
		     : paravirt_type(save_fl), paravirt_clobber(PV_SITE_CLOBBERS)
		     : "memory", "cc", PV_EXTRA_CLOBBERS);
	return f;
}

#ifdef __x86_64__
static inline void arch_local_irq_restore(unsigned long f)
{
	unsigned long ax;

#ifdef CONFIG_PV_PLAIN_CALLS
	asm volatile(PARAVIRT_CALL
		     : "=a"(ax), "+D"(f)
		     : paravirt_type(restore_fl), paravirt_clobber(PV_SITE_CLOBBERS)
		     : "memory", "cc", PV_EXTRA_CLOBBERS_BUT_ARG);
#else
	asm volatile(PARAVIRT_CALL
		     : "=a"(ax)
		     : "D"(f), paravirt_type(restore_fl),
		       paravirt_clobber(PV_SITE_CLOBBERS)
		     : "memory", "cc");
#endif
}
#else
static inline void arch_local_irq_restore(unsigned long f)
{
	asm volatile(PARAVIRT_CALL
		     : "+a"(f)
		     : paravirt_type(restore_fl), paravirt_clobber(PV_SITE_CLOBBERS)
		     : "memory", "cc", PV_EXTRA_CLOBBERS);
}
#endif

static inline void arch_local_irq_disable(void)
{
	unsigned long ax;

	asm volatile(PARAVIRT_CALL
		     : "=a"(ax)
		     : paravirt_type(irq_disable), paravirt_clobber(PV_SITE_CLOBBERS)
		     : "memory", "cc", PV_EXTRA_CLOBBERS);
}

static inline void arch_local_irq_enable(void)
{
	unsigned long ax;

	asm volatile(PARAVIRT_CALL
		     : "=a"(ax)
		     : paravirt_type(irq_enable), paravirt_clobber(PV_SITE_CLOBBERS)
		     : "memory", "cc", PV_EXTRA_CLOBBERS);
}

/* Enable interrupts and wait for one (see struct pv_irq_ops). */
static inline void arch_safe_halt(void)
{
	unsigned long ax;

	asm volatile(PARAVIRT_CALL
		     : "=a"(ax)
		     : paravirt_type(safe_halt), paravirt_clobber(PV_SITE_CLOBBERS)
		     : "memory", "cc", PV_EXTRA_CLOBBERS);
}

/* Wait for an interrupt, the interrupt flag left as it is. */
static inline void halt(void)
{
	unsigned long ax;

	asm volatile(PARAVIRT_CALL
		     : "=a"(ax)
		     : paravirt_type(halt), paravirt_clobber(PV_SITE_CLOBBERS)
		     : "memory", "cc", PV_EXTRA_CLOBBERS);
}

/*
 * Callee-save thunks. The thunk saves every caller-saved register except
 * the return register, calls the C function, and restores them, so that a
 * site only loses the return register.
 */
#ifdef __x86_64__
#define PV_SAVE_ALL_CALLER_REGS \
	"push %rcx\n\tpush %rdx\n\tpush %rsi\n\tpush %rdi\n\t" \
	"push %r8\n\tpush %r9\n\tpush %r10\n\tpush %r11\n\t"
#define PV_RESTORE_ALL_CALLER_REGS \
	"pop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n\t" \
	"pop %rdi\n\tpop %rsi\n\tpop %rdx\n\tpop %rcx\n\t"
#else
#define PV_SAVE_ALL_CALLER_REGS "push %ecx\n\tpush %edx\n\t"
#define PV_RESTORE_ALL_CALLER_REGS "pop %edx\n\tpop %ecx\n\t"
#endif

#define PV_THUNK_NAME(func) __raw_callee_save_##func

/* Emits __raw_callee_save_func, a proper (typed, sized) global function. */
#define PV_CALLEE_SAVE_REGS_THUNK(func)                                   \
	extern void PV_THUNK_NAME(func)(void);                                \
	static const void *const __pv_thunk_target_##func __used = (func);  \
	asm(".pushsection .text.pv_ops, \"ax\", @progbits\n"                  \
	    ".globl " __stringify(PV_THUNK_NAME(func)) "\n"                  \
	    ".type " __stringify(PV_THUNK_NAME(func)) ", @function\n"        \
	    ".balign 16\n" __stringify(PV_THUNK_NAME(func)) ":\n\t"          \
	    PV_SAVE_ALL_CALLER_REGS "call " #func "\n\t"                     \
	    PV_RESTORE_ALL_CALLER_REGS "ret\n"                               \
	    ".size " __stringify(PV_THUNK_NAME(func)) ", . - "               \
	    __stringify(PV_THUNK_NAME(func)) "\n"                            \
	    ".popsection")

/*
 * The callee-save thunk of func, as a table entry. The plain-calls build
 * measures the ops without thunks: there the entry is func itself, a
 * struct paravirt_plain_call.
 */
#ifdef CONFIG_PV_PLAIN_CALLS
#define PV_CALLEE_SAVE(fn) ((struct paravirt_plain_call){ .func = (void *)(fn) })
#else
#define PV_CALLEE_SAVE(fn) { .func = (void *)PV_THUNK_NAME(fn) }
#endif

/* Promise that hand-written func already keeps all but the return register. */
#define __PV_IS_CALLEE_SAVE(fn) { .func = (void *)(fn) }

#else /* __ASSEMBLY__ */

/*
 * A site in assembly. clobbers names the registers the surrounding code
 * lets the site destroy; the op may destroy the return register, so it is
 * saved around the call unless clobbers allows it. The record carries what
 * the call instruction itself may destroy.
 */
.macro PV_SITE type:req, clobbers:req
	.if (CLBR_RET_REG & ~(\clobbers))
	push _ASM_AX
	.endif
771:	.byte PARAVIRT_CALL_PREFIX, 0xff, 0x14, 0x25
	.long pv_irq_ops + (\type) * PV_WORD_SIZE
772:
	.pushsection .parainstructions, "a"
	.balign 4
	.long 771b - .
	.byte \type
	.byte 772b - 771b
	.short (\clobbers) | CLBR_RET_REG
	.popsection
	.if (CLBR_RET_REG & ~(\clobbers))
	pop _ASM_AX
	.endif
.endm

#define DISABLE_INTERRUPTS(clobbers) PV_SITE PV_IRQ_irq_disable, clobbers
#define ENABLE_INTERRUPTS(clobbers) PV_SITE PV_IRQ_irq_enable, clobbers
/* Flags arrive in the return register, so it must be in clobbers. */
#define SAVE_FLAGS(clobbers) PV_SITE PV_IRQ_save_fl, (clobbers) | CLBR_RET_REG
/* Flags go in the first argument register (rdi, or eax on i386). */
#define RESTORE_FLAGS(clobbers) PV_SITE PV_IRQ_restore_fl, clobbers

#endif /* __ASSEMBLY__ */

#endif
