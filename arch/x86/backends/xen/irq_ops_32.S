/*
 * The xen irq ops in assembly, for i386 (see irq_ops_64.S). Each keeps
 * every register but %eax; restore_fl takes its flags in %eax.
 */
#include <asm/asm.h>
#include <xen/xen.h>
#include <xen-guest/hypercall.h>
#include <generated/xen-asm-offsets.h>

#define UPCALL_MASK xen_shared_info_page + XEN_SI_vcpu0_upcall_mask
#define UPCALL_PENDING xen_shared_info_page + XEN_SI_vcpu0_upcall_pending

	.text
/* Returns EFLAGS-style flags: only IF means anything. */
SYM_FUNC_START(xen_save_fl_direct)
	xor	%eax, %eax
	cmpb	$0, UPCALL_MASK
	jne	1f
	mov	$XEN_EFLAGS_IF, %eax
1:	ret
SYM_FUNC_END(xen_save_fl_direct)

/* Flags in %eax (-mregparm=3); %eax is also the one register we may lose. */
SYM_FUNC_START(xen_restore_fl_direct)
	testl	$XEN_EFLAGS_IF, %eax
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
 * pending upcall now that the mask is clear: xen_version(XENVER_version)
 * is the cheapest harmless one. Keeps all but %eax.
 */
SYM_FUNC_START(xen_force_evtchn_callback)
	push	%ebx
	push	%ecx
	mov	$XEN_XENVER_version, %ebx
	xor	%ecx, %ecx
	call	hypercall_page + __HYPERVISOR_xen_version * XEN_HYPERCALL_STUB_SIZE
	pop	%ecx
	pop	%ebx
	ret
SYM_FUNC_END(xen_force_evtchn_callback)
