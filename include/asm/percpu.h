/*
 * Accessors of the current CPU's copy of a per-CPU variable
 * (pvkern/percpu.h): one instruction each, through the per-CPU segment.
 * The memory operand names the template; the segment base turns it into
 * this CPU's copy (on x86_64 the operand is RIP-relative, and the base is
 * added to it all the same).
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#ifdef __x86_64__
#define __PERCPU_SEG "%%gs:"
#else
#define __PERCPU_SEG "%%fs:"
#endif

/* Words and smaller: a wider variable would need two instructions. */
#define __percpu_check_size(var) \
	((void)sizeof(char[1 - 2 * (sizeof(var) > sizeof(long))]))

#define this_cpu_read(var)                                                  \
	({                                                                  \
		__typeof__(var) __ret;                                      \
		__percpu_check_size(var);                                   \
		asm volatile("mov " __PERCPU_SEG "%1, %0" : "=q"(__ret) : "m"(var)); \
		__ret;                                                      \
	})

#define this_cpu_write(var, val)                                            \
	do {                                                                \
		__typeof__(var) __val = (val);                              \
		__percpu_check_size(var);                                   \
		asm volatile("mov %1, " __PERCPU_SEG "%0" : "=m"(var) : "q"(__val)); \
	} while (0)

#endif
