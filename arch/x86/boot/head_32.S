/*
 * i386 multiboot entry: the loader leaves us in flat protected mode with
 * paging off, eax = magic, ebx = the info block (physical address).
 */
#include <asm/asm.h>
#include <asm/segment.h>

	.section .head.text, "ax", @progbits
	.code32
SYM_FUNC_START(_start)
	lgdt	boot_gdt_desc
	ljmp	$GDT_KERNEL_CS32, $1f
1:	mov	$GDT_KERNEL_DS, %ecx
	mov	%ecx, %ds
	mov	%ecx, %es
	mov	%ecx, %fs
	mov	%ecx, %gs
	mov	%ecx, %ss
	mov	$boot_stack_top, %esp
	xor	%ebp, %ebp
	cld
	/* -mregparm=3: magic in eax, info in edx. */
	mov	%ebx, %edx
	call	multiboot_entry
	ud2
SYM_FUNC_END(_start)

/*
 * An application processor, from the trampoline (trampoline.S): protected
 * mode on the boot GDT, interrupts off; its stack is in ap_boot_stack.
 */
SYM_FUNC_START(ap_start32)
	mov	$GDT_KERNEL_DS, %ecx
	mov	%ecx, %ds
	mov	%ecx, %es
	mov	%ecx, %fs
	mov	%ecx, %gs
	mov	%ecx, %ss
	mov	ap_boot_stack, %esp
	xor	%ebp, %ebp
	cld
	call	paging_enable_ap	/* the boot CPU's tables, if it protected the kernel */
	call	ap_entry
	ud2
SYM_FUNC_END(ap_start32)

	.section .bss
	.balign 16
	.globl boot_stack_top
boot_stack:
	.skip 16384
boot_stack_top:
