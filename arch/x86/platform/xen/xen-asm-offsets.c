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
	/* A vCPU's event flags, relative to its vcpu_info (per CPU: xen_vcpu_info). */
	OFFSET(XEN_vcpu_info_pending, vcpu_info, evtchn_upcall_pending);
	OFFSET(XEN_vcpu_info_mask, vcpu_info, evtchn_upcall_mask);
	DEFINE(XEN_EFLAGS_IF, X86_EFLAGS_IF);
	DEFINE(XEN_FLAT_KERNEL_CS, FLAT_KERNEL_CS);
	DEFINE(XEN_XENVER_version, XENVER_version);
	/* What the PVH entry stub hands the multiboot head in %eax. */
	DEFINE(XEN_HVM_START_MAGIC, XEN_HVM_START_MAGIC_VALUE);
}
