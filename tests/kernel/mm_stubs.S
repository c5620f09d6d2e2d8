/*
 * A function whose bytes the memory-protection tests know by hand:
 * b8 imm32 (mov $imm32, %eax), c3 (ret). text_poke changes the immediate.
 */
#include <asm/asm.h>

	.text
SYM_FUNC_START(mm_poke_target)
	mov	$0x11, %eax
	ret
SYM_FUNC_END(mm_poke_target)

/*
 * The same, placed so that its immediate crosses a page boundary: a poke
 * of the immediate writes two pages. The int3 fill before it never runs.
 */
	.text
	.balign 4096, 0xcc
	.fill 4096 - 3, 1, 0xcc
	.globl mm_edge_target
	.type mm_edge_target, @function
mm_edge_target:
	mov	$0x11, %eax
	ret
	.size mm_edge_target, . - mm_edge_target
