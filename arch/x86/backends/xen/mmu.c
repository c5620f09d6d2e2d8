/*
 * The xen backend's page-table ops. A PV guest's page tables are read-only
 * to it: Xen validates every entry, so each write is a hypercall
 * (mmu_update with the entry's machine address), and so are the TLB flush
 * and the switch of the top-level table (mmuext_op). Sites become direct
 * calls to these.
 */
#include <pvkern/kernel.h>
#include <pvops/xen.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

/* Machine address of the top-level table: Xen's bootstrap one until written. */
static unsigned long xen_cr3;

void xen_set_pte(u64 *ptep, u64 val)
{
	struct mmu_update u = {
		.ptr = xen_virt_to_machine(ptep) | MMU_NORMAL_PT_UPDATE,
		.val = val,
	};
	int rc = HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);

	if (rc)
		panic("xen: mmu_update of the entry at %p to 0x%llx refused (%d)", ptep,
		      (unsigned long long)val, rc);
}

void xen_flush_tlb_one(unsigned long addr)
{
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = addr };
	int rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);

	if (rc)
		panic("xen: MMUEXT_INVLPG_LOCAL of 0x%lx refused (%d)", addr, rc);
}

unsigned long xen_read_cr3(void)
{
	if (!xen_cr3)
		xen_cr3 = xen_virt_to_machine((const void *)xen_start_info->pt_base);
	return xen_cr3;
}

void xen_write_cr3(unsigned long cr3)
{
	struct mmuext_op op = { .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = cr3 / XEN_PAGE_SIZE };
	int rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);

	if (rc)
		panic("xen: MMUEXT_NEW_BASEPTR to 0x%lx refused (%d)", cr3, rc);
	xen_cr3 = cr3;
}

const struct pv_mmu_ops xen_mmu_ops = {
	.set_pte = xen_set_pte,
	.flush_tlb_one = xen_flush_tlb_one,
	.read_cr3 = xen_read_cr3,
	.write_cr3 = xen_write_cr3,
};
