/*
 * The x86_64 Xen PV entry point (XEN_ELFNOTE_ENTRY). Xen starts the kernel
 * in long mode, in ring 3 with Xen's flat selectors, its page tables and a
 * 4 KiB stack, with %rsi pointing at start_info and events masked. None of
 * the multiboot head's setup applies: take the kernel's own boot stack and
 * go to C.
 */
#include <asm/asm.h>

	.text
SYM_FUNC_START(xen_start)
	mov	$boot_stack_top, %rsp
	xor	%ebp, %ebp
	cld
	mov	%rsi, %rdi		/* xen_start_kernel(start_info) */
	call	xen_start_kernel
	ud2
SYM_FUNC_END(xen_start)

/*
 * A secondary vCPU's first instruction (VCPUOP_initialise): Xen has loaded
 * its stack, its GS base (per-CPU data works) and the boot vCPU's page
 * tables, and it starts with events masked.
 */
SYM_FUNC_START(xen_secondary_start)
	xor	%ebp, %ebp
	cld
	call	xen_secondary_entry
	ud2
SYM_FUNC_END(xen_secondary_start)
