/*
 * The lguest-style backend's table, and how it rewrites a site. irq_disable and save_fl
 * become one memory instruction on the flag, written at the site:
 *
 *   irq_disable  movb $0, flag+1       i386: c6 05 abs32 00   x86_64: c6 05 rel32 00
 *   save_fl      mov flag, %eax        i386: a1 abs32         x86_64: 8b 05 rel32
 *
 * Clearing byte 1 is enough: the flag is X86_EFLAGS_IF (0x200) or 0. The
 * x86_64 forms are RIP-relative, so they depend on the site's address and
 * are built here for each site. irq_enable and restore_fl must look for
 * deferred interrupts, so they become direct calls to the asm ops.
 *
 * No inline asm here: host tools compile this file to see what the kernel
 * would write. They set the backend data's flag_addr from the kernel
 * image's symbol lguest_irq_enabled and provide stand-ins for the kernel functions the
 * table names, as they do for the native backend.
 */
#include <asm/paravirt.h>
#include <pvops/backend.h>
#include <pvops/patch.h>
#include <pvops/lguest.h>
#include <pvops/native.h>

static struct lguest_backend_data lguest_data;

/* movb $0, flag+1 */
static unsigned int build_irq_disable(u8 *insn, unsigned long flag, unsigned long addr)
{
	insn[0] = 0xc6;
	insn[1] = 0x05;
	insn[6] = 0x00;
	return paravirt_put_mem_operand(insn + 2, flag + 1, addr, 7) ? 7 : 0;
}

/* mov flag, %eax: on x86_64 the 32-bit load zero-extends into %rax. */
static unsigned int build_save_fl(u8 *insn, unsigned long flag, unsigned long addr)
{
#ifdef PV_TARGET_X86_64
	insn[0] = 0x8b;
	insn[1] = 0x05;
	return paravirt_put_mem_operand(insn + 2, flag, addr, 6) ? 6 : 0;
#else
	insn[0] = 0xa1;
	return paravirt_put_mem_operand(insn + 1, flag, addr, 5) ? 5 : 0;
#endif
}

static unsigned int lguest_patch(const struct pv_backend *b, u8 type, u16 clobbers, void *buf,
				 unsigned long addr, unsigned int len)
{
	const struct lguest_backend_data *d = b->data;
	u8 insn[PARAVIRT_SITE_MAX];
	unsigned int n = 0;

	if (PV_TYPE_GROUP(type) == PV_GROUP_MMU) /* real page tables: native's ops */
		return native_patch_mmu(type, clobbers, buf, addr, len);
	/* Neither instruction touches a register but the return register. */
	if (type == PV_IRQ_irq_disable)
		n = build_irq_disable(insn, d->flag_addr, addr);
	else if (type == PV_IRQ_save_fl)
		n = build_save_fl(insn, d->flag_addr, addr);
	if (n && n <= len)
		return paravirt_patch_insns(buf, len, insn, n);
	return paravirt_patch_default(type, clobbers, buf, addr, len);
}

static const struct pv_irq_ops lguest_irq_ops = {
	.save_fl = __PV_IS_CALLEE_SAVE(lguest_save_fl_op),
	.restore_fl = __PV_IS_CALLEE_SAVE(lguest_restore_fl_op),
	.irq_disable = __PV_IS_CALLEE_SAVE(lguest_irq_disable_op),
	.irq_enable = __PV_IS_CALLEE_SAVE(lguest_irq_enable_op),
};

const struct pv_backend lguest_backend = {
	.name = "lguest",
	.description = "virtual interrupt flag in memory, deferred interrupts replayed on enable",
	.irq_ops = &lguest_irq_ops,
	.mmu_ops = &native_mmu_ops,
	.init = lguest_init,
	.patch = lguest_patch,
	.irq_entry = lguest_irq_entry,
	.data = &lguest_data,
};
PV_BACKEND(lguest_backend);
