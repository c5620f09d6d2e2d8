/*
 * The hypercall page: Xen writes one 32-byte stub per hypercall here when it
 * loads the kernel (XEN_ELFNOTE_HYPERCALL_PAGE). Until then (and on bare
 * metal) it holds int3, so a stray call traps at once.
 */
#include <asm/asm.h>

	.section .text.xen_hypercall_page, "ax", @progbits
	.balign 4096
	.globl hypercall_page
	.type hypercall_page, @function
hypercall_page:
	.fill 4096, 1, 0xcc
	.size hypercall_page, 4096
