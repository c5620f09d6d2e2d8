/*
 * Building and unbuilding struct pt_regs (include/asm/ptrace.h) in the
 * entry code. The push order here is the struct's layout, so every entry
 * path (bare metal and Xen) gets it from this one place. Assembly only.
 */
#ifndef ASM_ENTRY_H
#define ASM_ENTRY_H

#include <asm/irqflags.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR_CODE(v) \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

#ifdef __ASSEMBLY__
#ifdef __x86_64__
/* With vector and error code already pushed: save every register and the pv flag. */
.macro PUSH_PT_REGS
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	cld
	SAVE_FLAGS(CLBR_ANY)		/* every register is saved: the site may take any */
	push	%rax			/* pt_regs.pvflags */
.endm

/* With pt_regs.pvflags already popped: restore the registers, drop vector and error code. */
.macro POP_PT_REGS
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp
.endm
#else
.macro PUSH_PT_REGS
	push	%eax
	push	%ecx
	push	%edx
	push	%ebx
	push	%ebp
	push	%esi
	push	%edi
	cld
	SAVE_FLAGS(CLBR_ANY)
	push	%eax
.endm

.macro POP_PT_REGS
	pop	%edi
	pop	%esi
	pop	%ebp
	pop	%ebx
	pop	%edx
	pop	%ecx
	pop	%eax
	add	$8, %esp
.endm
#endif
#endif /* __ASSEMBLY__ */

#endif
