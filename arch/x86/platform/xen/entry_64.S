/*
 * x86_64 Xen PV exception and event entry. Xen bounces an exception or an
 * event to the handler registered for it with the native frame (rip, cs,
 * rflags, rsp, ss, and an error code for some vectors) plus rcx and r11
 * pushed below it, because its own return path used them. The stubs pop
 * those two back, after which the frame is the one the bare-metal entry
 * code builds on: they push the same struct pt_regs and call the same C
 * handlers. The way out is the iret hypercall, which restores the event
 * mask from the frame's IF bit in the same step as the registers; a plain
 * iretq cannot change the mask.
 */
#include <asm/asm.h>
#include <asm/entry.h>
#include <asm/text_poke_int3.h>
#include <asm/traps.h>
#include <xen/xen.h>
#include <xen-guest/entry.h>
#include <xen-guest/hypercall.h>
#include <generated/asm-offsets.h>


	/* With the bare-metal entry code, so the tests count these sites as asm ones. */
	.section .text.entry, "ax", @progbits
	.balign XEN_TRAP_STUB_SIZE
	.globl xen_trap_stubs
xen_trap_stubs:
	vector = 0
	.rept XEN_NR_TRAP_STUBS
	.balign XEN_TRAP_STUB_SIZE
1:	pop	%rcx
	pop	%r11
	.if !HAS_ERROR_CODE(vector)
	pushq	$0
	.endif
	pushq	$vector
	jmp	xen_trap_common
	.org 1b + XEN_TRAP_STUB_SIZE	/* fails to assemble if the stub is too long */
	vector = vector + 1
	.endr

SYM_FUNC_START(xen_trap_common)
	PUSH_PT_REGS
	mov	%rsp, %rdi
	call	do_trap_entry
	jmp	xen_iret_to_kernel
SYM_FUNC_END(xen_trap_common)

/* The event upcall (CALLBACKTYPE_event): Xen has masked events. */
SYM_FUNC_START(xen_hypervisor_callback)
	pop	%rcx
	pop	%r11
	pushq	$0
	pushq	$XEN_VECTOR_UPCALL
	PUSH_PT_REGS
	mov	%rsp, %rdi
	call	xen_evtchn_do_upcall
	jmp	xen_iret_to_kernel
SYM_FUNC_END(xen_hypervisor_callback)

/*
 * Xen could not load a segment register on the way back to the kernel.
 * Its frame has ds, es, fs and gs between r11 and rip; nothing here loads
 * segments, so the C side reports it as fatal.
 */
SYM_FUNC_START(xen_failsafe_callback_entry)
	pop	%rcx
	pop	%r11
	add	$32, %rsp		/* ds, es, fs, gs */
	pushq	$0
	pushq	$XEN_VECTOR_FAILSAFE
	PUSH_PT_REGS
	mov	%rsp, %rdi
	call	xen_failsafe_callback
	ud2
SYM_FUNC_END(xen_failsafe_callback_entry)

/*
 * Back to the interrupted code. Events stay off while the registers come
 * back, so no upcall can pile a frame on this half-restored one; the iret
 * hypercall then sets the mask from the saved IF. The hypercall stub pushes
 * rax, r11 and rcx below the flags word pushed here, which gives Xen its
 * struct iret_context.
 */
SYM_FUNC_START(xen_iret_to_kernel)
	DISABLE_INTERRUPTS(CLBR_ANY)
	add	$8, %rsp		/* pvflags */
	POP_PT_REGS
	pushq	$0			/* iret_context.flags: not from a syscall */
	jmp	hypercall_page + __HYPERVISOR_iret * XEN_HYPERCALL_STUB_SIZE
SYM_FUNC_END(xen_iret_to_kernel)

/*
 * Vector 3 (asm/text_poke_int3.h): rcx and r11 come back first, as in the
 * stubs, and go back on the frame for the common path.
 */
SYM_FUNC_START(xen_text_poke_int3_entry)
	pop	%rcx
	pop	%r11
	TEXT_POKE_INT3_ENTRY 1f, 2f
1:	push	%r11
	push	%rcx
	jmp	xen_trap_stubs + X86_TRAP_BP * XEN_TRAP_STUB_SIZE
2:	pushq	$0			/* iret_context.flags, as in xen_iret_to_kernel */
	jmp	hypercall_page + __HYPERVISOR_iret * XEN_HYPERCALL_STUB_SIZE
SYM_FUNC_END(xen_text_poke_int3_entry)
