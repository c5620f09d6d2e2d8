/*
 * The native mmu ops, out of line for unpatched sites (patched ones become
 * the instruction itself: native.c). The lguest-style backend uses them
 * too: its guest owns real page tables.
 */
#include <asm/mmu.h>
#include <pvops/native.h>

void native_set_pte_op(u64 *ptep, u64 val)
{
	native_set_pte(ptep, val);
}

void native_flush_tlb_one_op(unsigned long addr)
{
	native_flush_tlb_one(addr);
}

unsigned long native_read_cr3_op(void)
{
	return native_read_cr3();
}

void native_write_cr3_op(unsigned long cr3)
{
	native_write_cr3(cr3);
}

const struct pv_mmu_ops native_mmu_ops = NATIVE_MMU_OPS_INIT;
