/*
 * The int3 entry that live patching needs (arch/x86/mm/text_poke_bp.c).
 * While a site is rewritten, its first byte is an int3; a CPU that runs
 * into it gets here. If text_poke_int3() knows the address, the CPU goes
 * on as if the site's original instruction had run: a call through the
 * op's slot, emulated by pushing the return address (the site's end) on
 * the interrupted stack and resuming at the op. Any other int3 takes the
 * common exception path. Nothing here is a paravirt site: the sites are
 * what is being rewritten.
 *
 * On x86_64 every site may lose %rax (an op's thunk may, and no op takes
 * an argument there), so the emulation uses it freely; on i386 %eax
 * carries the first argument (-mregparm=3) and is kept like every other
 * register. One macro per frame shape, shared by the
 * bare-metal IDT entry and the Xen PV one; the platform gives the way
 * back (\exit) and the common path for other int3s (\fallback).
 * Assembly only.
 */
#ifndef ASM_TEXT_POKE_INT3_H
#define ASM_TEXT_POKE_INT3_H

#ifdef __ASSEMBLY__
#include <asm/asm.h>

#ifdef __x86_64__
/* Saved above rax, which carries the C side's answer. */
#define INT3_SCRATCH(X) X(rcx) X(rdx) X(rsi) X(rdi) X(r8) X(r9) X(r10) X(r11)
#define INT3_PUSH(r) push %r;

/*
 * With the native frame (rip, cs, rflags, rsp, ss) at %rsp. The frame
 * may sit right below the interrupted stack pointer (the CPU aligns it
 * down to 16 bytes), where the return address goes, so a copy of it is
 * made below and the old one becomes free stack.
 */
.macro TEXT_POKE_INT3_ENTRY fallback:req, exit:req
	push	%rax
	INT3_SCRATCH(INT3_PUSH)
	lea	9*8(%rsp), %rdi
	cld
	call	text_poke_int3
	test	%rax, %rax
	POP_REVERSE INT3_SCRATCH(ASM_LIST_REG)
	jnz	1f
	pop	%rax
	jmp	\fallback
1:	add	$8, %rsp		/* the saved rax: the site may lose it */
	/* The copy: ss, rsp, rflags, cs, rip; the C side set rip to the op. */
	.rept 5
	pushq	4*8(%rsp)
	.endr
	subq	$8, 3*8(%rsp)		/* the copy's rsp: one word pushed */
	push	%rcx
	mov	1*8+3*8(%rsp), %rcx
	mov	%rax, (%rcx)		/* the return address, from the C side */
	pop	%rcx
	jmp	\exit
.endm
#else
#define INT3_SCRATCH(X) X(eax) X(ecx) X(edx)
#define INT3_PUSH(r) push %r;

/*
 * With the same-privilege frame (eip, cs, eflags) at %esp: the
 * interrupted stack pointer is just above it. The frame moves down a word
 * and the return address takes the place its flags had.
 */
.macro TEXT_POKE_INT3_ENTRY fallback:req, exit:req
	INT3_SCRATCH(INT3_PUSH)
	lea	3*4(%esp), %eax		/* -mregparm=3 */
	cld
	call	text_poke_int3
	test	%eax, %eax
	jnz	1f
	POP_REVERSE INT3_SCRATCH(ASM_LIST_REG)
	jmp	\fallback
1:	mov	2*4(%esp), %ecx		/* the interrupted eax: restore_fl's argument */
	mov	%eax, %edx		/* the return address, from the C side */
	mov	3*4(%esp), %eax
	mov	%eax, 2*4(%esp)		/* eip: the op */
	mov	4*4(%esp), %eax
	mov	%eax, 3*4(%esp)		/* cs */
	mov	5*4(%esp), %eax
	mov	%eax, 4*4(%esp)		/* eflags */
	mov	%edx, 5*4(%esp)		/* the return address */
	mov	%ecx, %eax
	pop	%edx
	pop	%ecx
	jmp	\exit
.endm
#endif
#endif /* __ASSEMBLY__ */

#endif
