/*
 * i386 Xen PV exception and event entry. The kernel runs in ring 1 and Xen
 * bounces exceptions and events from ring 1 to ring 1 with the native
 * frame (an error code for some vectors, eip, cs, eflags), so the stubs
 * build the bare-metal entry code's struct pt_regs directly and call the
 * same C handlers. The way out is the iret hypercall, which restores the
 * event mask from the frame's IF bit together with the registers; iret
 * itself cannot change the mask.
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
1:
	.if !HAS_ERROR_CODE(vector)
	pushl	$0
	.endif
	pushl	$vector
	jmp	xen_trap_common
	.org 1b + XEN_TRAP_STUB_SIZE	/* fails to assemble if the stub is too long */
	vector = vector + 1
	.endr

SYM_FUNC_START(xen_trap_common)
	PUSH_PT_REGS
	mov	%esp, %eax		/* -mregparm=3: first argument in eax */
	call	do_trap_entry
	jmp	xen_iret_to_kernel
SYM_FUNC_END(xen_trap_common)

/* The event upcall (CALLBACKTYPE_event): Xen has masked events. */
SYM_FUNC_START(xen_hypervisor_callback)
	pushl	$0
	pushl	$XEN_VECTOR_UPCALL
	PUSH_PT_REGS
	mov	%esp, %eax
	call	xen_evtchn_do_upcall
	jmp	xen_iret_to_kernel
SYM_FUNC_END(xen_hypervisor_callback)

/*
 * Xen could not load a segment register on the way back to the kernel.
 * Its frame has ds, es, fs and gs below eip; nothing here loads segments,
 * so the C side reports it as fatal.
 */
SYM_FUNC_START(xen_failsafe_callback_entry)
	add	$16, %esp		/* ds, es, fs, gs */
	pushl	$0
	pushl	$XEN_VECTOR_FAILSAFE
	PUSH_PT_REGS
	mov	%esp, %eax
	call	xen_failsafe_callback
	ud2
SYM_FUNC_END(xen_failsafe_callback_entry)

/*
 * Back to the interrupted code. Events stay off while the registers come
 * back, so no upcall can pile a frame on this half-restored one; the iret
 * hypercall then sets the mask from the saved IF. Its stub pushes eax
 * below eip, cs and eflags, which is the frame Xen's compat iret reads.
 */
SYM_FUNC_START(xen_iret_to_kernel)
	DISABLE_INTERRUPTS(CLBR_ANY)
	add	$4, %esp		/* pvflags */
	POP_PT_REGS
	jmp	hypercall_page + __HYPERVISOR_iret * XEN_HYPERCALL_STUB_SIZE
SYM_FUNC_END(xen_iret_to_kernel)

/* Vector 3 (asm/text_poke_int3.h); the iret stub pushes the eax Xen wants. */
SYM_FUNC_START(xen_text_poke_int3_entry)
	TEXT_POKE_INT3_ENTRY (xen_trap_stubs+X86_TRAP_BP*XEN_TRAP_STUB_SIZE), \
		(hypercall_page+__HYPERVISOR_iret*XEN_HYPERCALL_STUB_SIZE)
SYM_FUNC_END(xen_text_poke_int3_entry)
