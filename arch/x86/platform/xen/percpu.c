/*
 * Loading a vCPU's per-CPU segment in a Xen PV guest. On x86_64 the
 * kernel's GS base is set by hypercall. On i386 a segment with a base
 * needs a descriptor, and a PV guest cannot load a GDT of its own making:
 * it registers a page, mapped read-only, as its GDT (set_gdt) and writes
 * descriptors into it through Xen (update_descriptor), which checks them.
 * Xen keeps its own flat selectors after the guest's entries. Every vCPU
 * uses the same GDT page, each with a descriptor of its own in it.
 */
#include <asm/desc.h>
#include <asm/platform.h>
#include <pvkern/kernel.h>
#include <pvkern/percpu.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

#ifdef __x86_64__
void xen_percpu_load(unsigned int cpu, unsigned long offset)
{
	int rc = HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, offset);

	if (rc)
		panic("xen: cannot set the GS base of CPU %u (set_segment_base: %d)", cpu, rc);
}

void xen_percpu_fill_context(unsigned int cpu, unsigned long offset,
			     struct vcpu_guest_context *ctxt)
{
	ctxt->gs_base_kernel = offset;
}
#else
#define GDT_ENTRIES (XEN_PAGE_SIZE / 8)
#define PTE_PRESENT 0x001
#define PTE_ACCESSED 0x020
/* Descriptors the guest owns run in ring 1, like the PV kernel itself. */
#define XEN_PERCPU_DESC(cpu) (1 + (cpu))
#define XEN_PERCPU_SEL(cpu) (XEN_PERCPU_DESC(cpu) * 8 | 1)

static u64 gdt[GDT_ENTRIES] __aligned(XEN_PAGE_SIZE);
static unsigned long gdt_frame;

static void register_gdt(void)
{
	u64 ro_pte;
	int rc;

	gdt_frame = xen_virt_to_mfn(gdt);
	ro_pte = ((u64)gdt_frame * XEN_PAGE_SIZE) | PTE_PRESENT | PTE_ACCESSED;
	rc = HYPERVISOR_update_va_mapping((unsigned long)gdt, ro_pte, UVMF_INVLPG);
	if (!rc)
		rc = HYPERVISOR_set_gdt(&gdt_frame, GDT_ENTRIES);
	if (rc)
		panic("xen: cannot register a GDT for per-CPU segments (%d)", rc);
}

/* CPU cpu's descriptor in the GDT page, which every vCPU shares. */
static void write_percpu_descriptor(unsigned int cpu, unsigned long offset)
{
	u64 maddr;
	int rc;

	if (!gdt_frame)
		register_gdt();
	maddr = (u64)gdt_frame * XEN_PAGE_SIZE + XEN_PERCPU_DESC(cpu) * 8;
	rc = HYPERVISOR_update_descriptor(maddr, gdt_data_segment(offset, 1));
	if (rc)
		panic("xen: cannot write the per-CPU descriptor of CPU %u (%d)", cpu, rc);
}

void xen_percpu_load(unsigned int cpu, unsigned long offset)
{
	write_percpu_descriptor(cpu, offset);
	asm volatile("mov %0, %%fs" ::"r"(XEN_PERCPU_SEL(cpu)) : "memory");
}

/*
 * A vCPU starts on the shared GDT page with its own selector in %fs: Xen
 * loads it before the first instruction, so per-CPU data works from there.
 */
void xen_percpu_fill_context(unsigned int cpu, unsigned long offset,
			     struct vcpu_guest_context *ctxt)
{
	write_percpu_descriptor(cpu, offset);
	ctxt->gdt_frames[0] = gdt_frame;
	ctxt->gdt_ents = GDT_ENTRIES;
	ctxt->user_regs.fs = XEN_PERCPU_SEL(cpu);
}
#endif
