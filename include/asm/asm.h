/* Assembler helpers that read the same on i386 and x86_64. */
#ifndef ASM_ASM_H
#define ASM_ASM_H

#ifdef __x86_64__
#define _ASM_PTR .quad
#define _ASM_AX %rax
#define _ASM_SP %rsp
#define _ASM_ARG0 %rdi /* a C function's first argument */
#define _ASM_ARG0_L %edi /* ... its low 32 bits */
#define _ASM_RIP(sym) sym(%rip) /* a variable, reached from any address */
#define _ASM_IRET iretq
#define _WORD_SIZE 8
#else
#define _ASM_PTR .long
#define _ASM_AX %eax
#define _ASM_SP %esp
#define _ASM_ARG0 %eax /* -mregparm=3 */
#define _ASM_ARG0_L %eax
#define _ASM_RIP(sym) sym
#define _ASM_IRET iret
#define _WORD_SIZE 4
#endif

#ifdef __ASSEMBLY__
/* A global function that tools can see: typed, sized and aligned. */
#define SYM_FUNC_START(name) \
	.globl name;         \
	.type name, @function; \
	.balign 16;          \
	name:
#define SYM_FUNC_END(name) .size name, .- name

/* For register lists kept as X-macros: "X(reg)" becomes "reg,". */
#define ASM_LIST_REG(r) r,

/* Pops a comma-separated list of registers in reverse order of the list. */
.macro POP_REVERSE r, rest:vararg
	.ifnb \rest
	POP_REVERSE \rest
	.endif
	.ifnb \r
	pop	%\r
	.endif
.endm
#endif

#endif
