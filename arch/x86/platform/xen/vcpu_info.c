/*
 * Each vCPU's vcpu_info in its per-CPU area, where Linux places it.
 *
 * shared_info holds a vcpu_info for each of the first 32 vCPUs only, at
 * an address that is the same for all of them: code that must act on the
 * current vCPU would first have to find out which one it runs on. With
 * VCPUOP_register_vcpu_info, Xen uses a vcpu_info the guest chooses
 * instead; here, the per-CPU variable xen_vcpu_info, so that "this vCPU's
 * event mask" is one access through the per-CPU segment, as the irq ops
 * need. Xen maps the one frame the structure lies in: it is aligned so
 * that it never straddles a page.
 *
 * A vCPU is registered once, by itself or, before it runs, by another:
 * the boot vCPU registers itself before the ops are installed, and each
 * other one before it is started (smp.c).
 */
#include <pvkern/percpu.h>
#include <pvkern/printk.h>
#include <xen/errno.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

DEFINE_PER_CPU(struct vcpu_info, xen_vcpu_info) __aligned(XEN_VCPU_INFO_ALIGN);
BUILD_BUG_ON(sizeof(struct vcpu_info) > XEN_VCPU_INFO_ALIGN);
BUILD_BUG_ON(XEN_PAGE_SIZE % XEN_VCPU_INFO_ALIGN);

int xen_vcpu_info_register(unsigned int cpu)
{
	struct vcpu_info *v = per_cpu_ptr(xen_vcpu_info, cpu);
	unsigned long va = (unsigned long)v;
	struct vcpu_register_vcpu_info info = {
		.mfn = xen_virt_to_gfn(v),
		.offset = va % XEN_PAGE_SIZE,
	};
	int rc;

	/* The per-CPU areas are page-aligned copies of the template: never true. */
	if (info.offset + sizeof(*v) > XEN_PAGE_SIZE) {
		printk("xen: vCPU %u: vcpu_info at 0x%lx crosses a page: not registered\n", cpu, va);
		return -XEN_EINVAL;
	}
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, cpu, &info);
	if (rc) {
		printk("xen: vCPU %u: VCPUOP_register_vcpu_info(mfn 0x%llx, offset 0x%x) failed: %d\n",
		       cpu, (unsigned long long)info.mfn, info.offset, rc);
		return rc;
	}
	printk("xen: vCPU %u vcpu_info at 0x%lx (mfn 0x%llx, offset 0x%x)\n", cpu, va,
	       (unsigned long long)info.mfn, info.offset);
	return 0;
}
