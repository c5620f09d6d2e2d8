/*
 * Offsets into Xen's public structures and Xen constants that the assembly
 * ops and entry code need, generated at build time (tools/mk/xen.mk) from
 * Debian's libxen-dev headers, so that no number is copied by hand. It
 * lives in a subfolder so the kernel build does not link it.
 */
#include <pvkern/types.h>
#include <asm/processor.h>
#include <xen/xen.h>
#include <xen/version.h>
#include <xen/arch-x86/hvm/start_info.h>

#define DEFINE(sym, val) asm volatile("\n.ascii \"->" #sym " %c0 " #val "\"" ::"i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, __builtin_offsetof(struct str, mem))

void xen_asm_offsets(void);
void xen_asm_offsets(void)
{
	/* The boot vCPU's event flags, relative to the shared_info page. */
	OFFSET(XEN_SI_vcpu0_upcall_pending, shared_info, vcpu_info[0].evtchn_upcall_pending);
	OFFSET(XEN_SI_vcpu0_upcall_mask, shared_info, vcpu_info[0].evtchn_upcall_mask);
	DEFINE(XEN_EFLAGS_IF, X86_EFLAGS_IF);
	DEFINE(XEN_FLAT_KERNEL_CS, FLAT_KERNEL_CS);
	DEFINE(XEN_XENVER_version, XENVER_version);
	/* What the PVH entry stub hands the multiboot head in %eax. */
	DEFINE(XEN_HVM_START_MAGIC, XEN_HVM_START_MAGIC_VALUE);
}
