/*
 * The native ops, out of line: what an unpatched site calls on bare metal.
 * Each touches only the return register.
 */
#include <asm/asm.h>

	.section .text.pv_ops, "ax", @progbits
SYM_FUNC_START(native_save_fl_op)
	pushf
	pop	_ASM_AX
	ret
SYM_FUNC_END(native_save_fl_op)

SYM_FUNC_START(native_restore_fl_op)
#ifdef __x86_64__
	push	%rdi
#else
	push	%eax
#endif
	popf
	ret
SYM_FUNC_END(native_restore_fl_op)

SYM_FUNC_START(native_irq_disable_op)
	cli
	ret
SYM_FUNC_END(native_irq_disable_op)

SYM_FUNC_START(native_irq_enable_op)
	sti
	ret
SYM_FUNC_END(native_irq_enable_op)

/* sti holds interrupts off until after the next instruction: the hlt. */
SYM_FUNC_START(native_safe_halt_op)
	sti
	hlt
	ret
SYM_FUNC_END(native_safe_halt_op)

SYM_FUNC_START(native_halt_op)
	hlt
	ret
SYM_FUNC_END(native_halt_op)
