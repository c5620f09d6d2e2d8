/* For the test stubs that single-step code with the trap flag (assembly only). */
#ifndef TESTS_KERNEL_TRAP_FLAG_H
#define TESTS_KERNEL_TRAP_FLAG_H

#include <asm/asm.h>
#include <generated/asm-offsets.h>

/*
 * popf that sets TF traps only after the instruction that follows it, so
 * the nop makes the first #DB arrive exactly at what comes next.
 */
.macro TRAP_FLAG_ON
	pushf
	orl	$ASM_EFLAGS_TF, (_ASM_SP)
	popf
	nop
.endm

#endif
