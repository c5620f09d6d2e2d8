/*
 * The xen backend's entry in the backend table and its patch(): the part
 * of the backend that host tools (paracheck) also compile, to show what
 * the kernel would write at each site. So no inline asm, no boot
 * parameters, no Xen headers and nothing that only runs in the kernel
 * here; the ops and init() live in irq_ops.c.
 *
 * irq_disable is one store of 1 to the boot vCPU's upcall mask, which
 * fits a 7-byte site:
 *
 *   i386:    c6 05 abs32 01    movb $1, mask
 *   x86_64:  c6 05 rel32 01    movb $1, mask(%rip)
 *
 * The x86_64 form is relative to the end of the instruction, so it is
 * built for each site. Everything else becomes a direct call to the
 * installed op: enabling must look for a pending event, and save_fl and
 * restore_fl do not fit a site inline.
 */
#include <asm/paravirt.h>
#include <pvops/backend.h>
#include <pvops/patch.h>
#include <pvops/xen.h>

static struct xen_backend_data xen_data;

#define MOVB_IMM_LEN 7

static unsigned int xen_patch(const struct pv_backend *b, u8 type, u16 clobbers, void *buf,
			      unsigned long addr, unsigned int len)
{
	const struct xen_backend_data *d = b->data;
	u8 *insn = buf;

	if (type != PV_IRQ_irq_disable || len < MOVB_IMM_LEN ||
	    !paravirt_put_mem_operand(insn + 2, d->upcall_mask_addr, addr, MOVB_IMM_LEN))
		return paravirt_patch_default(type, clobbers, buf, addr, len);
	insn[0] = 0xc6; /* mov imm8 to r/m8 */
	insn[1] = 0x05; /* ModRM: disp32 (absolute on i386, RIP-relative on x86_64) */
	insn[6] = 1;
	return MOVB_IMM_LEN;
}

const struct pv_backend xen_backend = {
	.name = "xen",
	.description = "Xen PV: the event-channel upcall mask in vcpu_info",
	.irq_ops = &xen_irq_ops_asm,
	.mmu_ops = &xen_mmu_ops,
	.init = xen_backend_init,
	.patch = xen_patch,
	.data = &xen_data,
};
PV_BACKEND(xen_backend);
