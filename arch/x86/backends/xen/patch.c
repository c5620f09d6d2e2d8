/*
 * The xen backend's entry in the backend table and its patch(): the part
 * of the backend that host tools (paracheck) also compile, to show what
 * the kernel would write at each site. So no inline asm, no boot
 * parameters, no Xen headers and nothing that only runs in the kernel
 * here; the ops and init() live in irq_ops.c.
 *
 * irq_disable is one store of 1 to the current vCPU's upcall mask: the
 * per-CPU segment's base added to the address of the template's mask
 * (pvkern/percpu.h). 8 bytes on both architectures:
 *
 *   i386:    64 c6 05 abs32 01    movb $1, %fs:mask
 *   x86_64:  65 c6 05 rel32 01    movb $1, %gs:mask(%rip)
 *
 * On x86_64 the operand is RIP-relative, so it is built for each site;
 * the absolute form would need a SIB byte (65 c6 04 25 abs32 01, 9 bytes).
 * A site too short for the store becomes a direct call like the other
 * ops: enabling must look for a pending event, and save_fl and restore_fl
 * do not fit a site inline.
 */
#include <asm/paravirt.h>
#include <pvops/backend.h>
#include <pvops/patch.h>
#include <pvops/xen.h>

static struct xen_backend_data xen_data;

#ifdef PV_TARGET_X86_64
#define PERCPU_SEG_PREFIX 0x65 /* %gs */
#else
#define PERCPU_SEG_PREFIX 0x64 /* %fs */
#endif
#define MASK_STORE_LEN 8

static unsigned int xen_patch(const struct pv_backend *b, u8 type, u16 clobbers, void *buf,
			      unsigned long addr, unsigned int len)
{
	const struct xen_backend_data *d = b->data;
	u8 *insn = buf;

	if (type != PV_IRQ_irq_disable || len < MASK_STORE_LEN ||
	    !paravirt_put_mem_operand(insn + 3, d->upcall_mask_addr, addr, MASK_STORE_LEN))
		return paravirt_patch_default(type, clobbers, buf, addr, len);
	insn[0] = PERCPU_SEG_PREFIX;
	insn[1] = 0xc6; /* mov imm8 to r/m8 */
	insn[2] = 0x05; /* ModRM: disp32 (absolute on i386, RIP-relative on x86_64) */
	insn[7] = 1;
	return MASK_STORE_LEN;
}

const struct pv_backend xen_backend = {
	.name = "xen",
	.description = "Xen PV: the event-channel upcall mask in this vCPU's vcpu_info",
	.irq_ops = &xen_irq_ops_asm,
	.mmu_ops = &xen_mmu_ops,
	.init = xen_backend_init,
	.patch = xen_patch,
	.data = &xen_data,
};
PV_BACKEND(xen_backend);
