/*
 * The register frame that the exception and interrupt entry code builds on
 * the stack. Its layout is the entry code's push order; asm-offsets.c
 * exports the offsets the assembly needs.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#include <pvkern/types.h>

#ifdef __x86_64__
struct pt_regs {
	unsigned long pvflags; /* save_fl at entry: restored on the way out */
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
	unsigned long vector, error_code;
	unsigned long ip, cs, flags, sp, ss; /* pushed by the CPU */
};
#else
struct pt_regs {
	unsigned long pvflags;
	unsigned long edi, esi, ebp, ebx, edx, ecx, eax;
	unsigned long vector, error_code;
	unsigned long ip, cs, flags; /* pushed by the CPU */
};
#endif

#endif
