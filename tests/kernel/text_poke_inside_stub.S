/*
 * A site of two instructions in read-only text, for text_poke_inside.c:
 * single-stepped from its first byte, so that the test can stop the CPU at
 * the boundary between them. Its old bytes return 1; the test rewrites it
 * to return 2, keeping that boundary, so a CPU that went back into the
 * middle of the new bytes returns 2 instead of crashing.
 */
#include <asm/asm.h>
#include "trap_flag.h"

	.text
/* unsigned int text_poke_inside_stub(void) */
SYM_FUNC_START(text_poke_inside_stub)
	TRAP_FLAG_ON
	.globl	text_poke_inside_site
text_poke_inside_site:
	nop
	mov	$1, %eax
	.globl	text_poke_inside_end
text_poke_inside_end:
	ret
SYM_FUNC_END(text_poke_inside_stub)
