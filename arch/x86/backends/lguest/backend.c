/*
 * The lguest-style backend's table, and how it rewrites a site. irq_disable
 * and save_fl become one memory instruction on this CPU's flag, written at
 * the site, through the per-CPU segment (%gs on x86_64, %fs on i386):
 *
 *   irq_disable  movb $0, %seg:flag+1   i386: 64 c6 05 abs32 00   x86_64: 65 c6 05 rel32 00
 *   save_fl      mov %seg:flag, %eax    i386: 64 a1 abs32         x86_64: 65 8b 05 rel32
 *
 * The flag stays a 32-bit word, X86_EFLAGS_IF (0x200) or 0, so that
 * save_fl's load is the flags value itself; clearing its byte 1 is enough
 * to disable, and that store, prefix included, is exactly the 8 bytes of
 * a site. flag is the template's address: the segment base makes it this
 * CPU's copy. The x86_64 forms are RIP-relative (the segment base is added
 * to RIP-relative operands too), so they depend on the site's address and
 * are built here for each site. irq_enable, restore_fl, safe_halt and halt
 * must look for deferred interrupts, so they become direct calls to the
 * asm ops.
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

#ifdef PV_TARGET_X86_64
#define PERCPU_SEG_PREFIX 0x65 /* %gs */
#else
#define PERCPU_SEG_PREFIX 0x64 /* %fs */
#endif

static struct lguest_backend_data lguest_data;

/* movb $0, %seg:flag+1 */
static unsigned int build_irq_disable(u8 *insn, unsigned long flag, unsigned long addr)
{
	insn[0] = PERCPU_SEG_PREFIX;
	insn[1] = 0xc6;
	insn[2] = 0x05;
	insn[7] = 0x00;
	return paravirt_put_mem_operand(insn + 3, flag + 1, addr, 8) ? 8 : 0;
}

/* mov %seg:flag, %eax: on x86_64 the 32-bit load zero-extends into %rax. */
static unsigned int build_save_fl(u8 *insn, unsigned long flag, unsigned long addr)
{
	insn[0] = PERCPU_SEG_PREFIX;
#ifdef PV_TARGET_X86_64
	insn[1] = 0x8b;
	insn[2] = 0x05;
	return paravirt_put_mem_operand(insn + 3, flag, addr, 7) ? 7 : 0;
#else
	insn[1] = 0xa1;
	return paravirt_put_mem_operand(insn + 2, flag, addr, 6) ? 6 : 0;
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
	.safe_halt = __PV_IS_CALLEE_SAVE(lguest_safe_halt_op),
	.halt = __PV_IS_CALLEE_SAVE(lguest_halt_op),
};

const struct pv_backend lguest_backend = {
	.name = "lguest",
	.description = "virtual interrupt flag in memory, deferred interrupts replayed on enable",
	.irq_ops = &lguest_irq_ops,
	.mmu_ops = &native_mmu_ops,
	.init = lguest_init,
	.patch = lguest_patch,
	.irq_entry = lguest_irq_entry,
	.local_vector_entry = lguest_local_vector_entry,
	.cpu_init = lguest_cpu_init,
	.cpu_exit = lguest_cpu_exit,
	.data = &lguest_data,
};
PV_BACKEND(lguest_backend);
