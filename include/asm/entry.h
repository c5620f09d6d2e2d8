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
#include <asm/asm.h>
#include <generated/asm-offsets.h>

/*
 * The registers PUSH_PT_REGS saves, in push order; struct pt_regs holds
 * them in the reverse order, above pvflags. One list for the pushes, the
 * pops and the layout check below.
 */
#ifdef __x86_64__
#define PT_REGS_FOREACH(X) X(rax) X(rbx) X(rcx) X(rdx) X(rsi) X(rdi) X(rbp) \
	X(r8) X(r9) X(r10) X(r11) X(r12) X(r13) X(r14) X(r15)
#else
#define PT_REGS_FOREACH(X) X(eax) X(ecx) X(edx) X(ebx) X(ebp) X(esi) X(edi)
#endif

/* Push one register and remember its depth. */
#define PT_PUSH_REG(r) push %r ; pt_pushed = pt_pushed + 1 ; pt_at_##r = pt_pushed ;
/*
 * The assembler checks struct pt_regs (asm/ptrace.h, through asm-offsets)
 * against what was pushed: a field moved in C and not here, or the other
 * way round, fails the build.
 */
#define PT_STR(x) #x
#define PT_CHECK_REG(r)                                                         \
	.if (pt_pushed + 1 - pt_at_##r) * _WORD_SIZE != PT_REGS_##r ;                 \
	.error PT_STR(struct pt_regs in asm/ptrace.h does not match PUSH_PT_REGS at r) ; \
	.endif ;

/* With vector and error code already pushed: save every register and the pv flag. */
.macro PUSH_PT_REGS
	pt_pushed = 0
	PT_REGS_FOREACH(PT_PUSH_REG)
	cld
	SAVE_FLAGS(CLBR_ANY)		/* every register is saved: the site may take any */
	push	_ASM_AX			/* pt_regs.pvflags */
	PT_REGS_FOREACH(PT_CHECK_REG)
	.if PT_REGS_pvflags != 0 || PT_REGS_vector != (pt_pushed + 1) * _WORD_SIZE || \
		PT_REGS_error_code != (pt_pushed + 2) * _WORD_SIZE || \
		PT_REGS_ip != (pt_pushed + 3) * _WORD_SIZE
	.error "struct pt_regs (asm/ptrace.h): pvflags, vector, error_code or ip out of place"
	.endif
.endm

/* With pt_regs.pvflags already popped: restore the registers, drop vector and error code. */
.macro POP_PT_REGS
	POP_REVERSE PT_REGS_FOREACH(ASM_LIST_REG)
	add	$(2 * _WORD_SIZE), _ASM_SP
.endm
#endif /* __ASSEMBLY__ */

#endif
