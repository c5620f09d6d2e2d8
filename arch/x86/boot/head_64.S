/*
 * x86_64 multiboot entry. The loader leaves us in 32-bit protected mode
 * with paging off (eax = magic, ebx = info block). Identity-map the low
 * 4 GiB with 2 MiB pages, enable PAE and long mode, and enter 64-bit C.
 */
#include <asm/asm.h>
#include <asm/segment.h>

#define X86_CR0_PE (1 << 0)
#define X86_CR0_WP (1 << 16)
#define X86_CR0_PG (1 << 31)
#define X86_CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define PTE_P 0x1
#define PTE_RW 0x2
#define PTE_PS 0x80

/*
 * From 32-bit protected mode: long mode on the tables %ebx points at, with
 * the EFER bits in %ebp as well (NXE, before any entry with NX is walked),
 * then jump to target. CR0.WP: read-only pages bind the kernel too.
 */
.macro ENTER_LONG_MODE target
	mov	%cr4, %eax
	or	$X86_CR4_PAE, %eax
	mov	%eax, %cr4
	mov	%ebx, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	or	%ebp, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(X86_CR0_PG | X86_CR0_PE | X86_CR0_WP), %eax
	mov	%eax, %cr0
	ljmp	$GDT_KERNEL_CS64, $\target
.endm

/* Flat data segments, and no per-CPU base yet. */
.macro LOAD_DATA_SEGMENTS
	mov	$GDT_KERNEL_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
.endm

	.section .head.text, "ax", @progbits
	.code32
SYM_FUNC_START(_start)
	mov	%eax, %edi		/* keep magic and info across the setup */
	mov	%ebx, %esi
	lgdt	boot_gdt_desc
	mov	$boot_stack_top, %esp

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages */
	mov	$boot_pdpt + (PTE_P | PTE_RW), %eax
	mov	%eax, boot_pml4
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$12, %eax
	add	$boot_pd + (PTE_P | PTE_RW), %eax
	mov	%eax, boot_pdpt(, %ecx, 8)
	inc	%ecx
	cmp	$4, %ecx
	jne	1b
	xor	%ecx, %ecx
2:	mov	%ecx, %eax
	shl	$21, %eax
	or	$(PTE_P | PTE_RW | PTE_PS), %eax
	mov	%eax, boot_pd(, %ecx, 8)
	mov	%ecx, %eax
	shr	$11, %eax		/* high half of the 2 MiB frame address */
	mov	%eax, boot_pd + 4(, %ecx, 8)
	inc	%ecx
	cmp	$2048, %ecx
	jne	2b

	mov	$boot_pml4, %ebx
	xor	%ebp, %ebp
	ENTER_LONG_MODE long_mode

	.code64
long_mode:
	LOAD_DATA_SEGMENTS
	mov	$boot_stack_top, %rsp
	xor	%ebp, %ebp
	cld
	/* multiboot_entry(magic = edi, info = esi), zero-extended */
	mov	%edi, %edi
	mov	%esi, %esi
	call	multiboot_entry
	ud2
SYM_FUNC_END(_start)

/*
 * An application processor, from the trampoline (trampoline.S): protected
 * mode, flat segments, interrupts off. The boot CPU built the page tables
 * (the kernel's own once it protected itself: arch/x86/mm/protect.c) and
 * left the AP's stack in ap_boot_stack.
 */
	.code32
SYM_FUNC_START(ap_start32)
	mov	$GDT_KERNEL_DS, %eax
	mov	%eax, %ds
	mov	paging_ap_cr3, %ebx
	test	%ebx, %ebx
	jnz	1f
	mov	$boot_pml4, %ebx
1:	mov	paging_ap_efer, %ebp
	ENTER_LONG_MODE ap_long_mode
	.code64
ap_long_mode:
	LOAD_DATA_SEGMENTS
	mov	ap_boot_stack(%rip), %rsp
	xor	%ebp, %ebp
	call	ap_entry
	ud2
SYM_FUNC_END(ap_start32)

	.section .bss
	.balign 4096
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4 * 4096

	.balign 16
	.globl boot_stack_top
boot_stack:
	.skip 16384
boot_stack_top:
