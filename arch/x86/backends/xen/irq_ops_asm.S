/*
 * The xen irq ops in assembly, both architectures. The pv interrupt flag
 * is the current vCPU's evtchn_upcall_mask (1 = events off), in its
 * vcpu_info in the per-CPU area: each access goes through the per-CPU
 * segment to the template symbol xen_vcpu_info, whose segment base makes
 * it this CPU's copy (pvkern/percpu.h); on x86_64 the operand is
 * RIP-relative and the base is added all the same, as in the inline
 * irq_disable that patch.c writes.
 *
 * Each op keeps every register but the accumulator (restore_fl takes its
 * flags in the first argument register) and is registered as callee-save
 * as it stands (__PV_IS_CALLEE_SAVE). Enabling checks
 * evtchn_upcall_pending after clearing the mask and, if an event waits,
 * has Xen deliver it before returning, so it runs before the instruction
 * after the site. Both flags are this vCPU's, and only Xen sets pending on
 * it, before it looks at the mask: program order is all that is needed.
 */
#include <asm/asm.h>
#include <xen/xen.h>
#include <xen-guest/hypercall.h>
#include <generated/xen-asm-offsets.h>

#ifdef __x86_64__
#define THIS_CPU(var) %gs:var(%rip)
#else
#define THIS_CPU(var) %fs:var
#endif
#define UPCALL_MASK THIS_CPU(xen_vcpu_info + XEN_vcpu_info_mask)
#define UPCALL_PENDING THIS_CPU(xen_vcpu_info + XEN_vcpu_info_pending)

	.section .text.pv_ops, "ax", @progbits
/* Returns EFLAGS-style flags: only IF means anything. */
SYM_FUNC_START(xen_save_fl_direct)
	xor	%eax, %eax
	cmpb	$0, UPCALL_MASK
	jne	1f
	mov	$XEN_EFLAGS_IF, %eax
1:	ret
SYM_FUNC_END(xen_save_fl_direct)

/* Flags in the first argument register (%rdi; %eax with -mregparm=3). */
SYM_FUNC_START(xen_restore_fl_direct)
	testl	$XEN_EFLAGS_IF, _ASM_ARG0_L
	setz	UPCALL_MASK
	jz	1f
	cmpb	$0, UPCALL_PENDING
	jne	xen_force_evtchn_callback
1:	ret
SYM_FUNC_END(xen_restore_fl_direct)

SYM_FUNC_START(xen_irq_disable_direct)
	movb	$1, UPCALL_MASK
	ret
SYM_FUNC_END(xen_irq_disable_direct)

SYM_FUNC_START(xen_irq_enable_direct)
	movb	$0, UPCALL_MASK
	cmpb	$0, UPCALL_PENDING
	jne	xen_force_evtchn_callback
	ret
SYM_FUNC_END(xen_irq_enable_direct)

/*
 * Any hypercall returns through Xen's event check, which delivers the
 * pending upcall now that the mask is clear. xen_version(XENVER_version)
 * is the cheapest harmless one. Keeps all but the accumulator (on x86_64
 * the stub itself keeps %rcx and %r11).
 */
SYM_FUNC_START(xen_force_evtchn_callback)
	push	XEN_HCALL_ARG1
	push	XEN_HCALL_ARG2
	mov	$XEN_XENVER_version, XEN_HCALL_ARG1
	xor	XEN_HCALL_ARG2, XEN_HCALL_ARG2
	call	hypercall_page + __HYPERVISOR_xen_version * XEN_HYPERCALL_STUB_SIZE
	pop	XEN_HCALL_ARG2
	pop	XEN_HCALL_ARG1
	ret
SYM_FUNC_END(xen_force_evtchn_callback)
