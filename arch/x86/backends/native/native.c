/*
 * The native backend: each site becomes the instruction itself, padded with
 * NOPs, so a patched kernel on bare metal runs as if built without paravirt.
 */
#include <pvops/native.h>
#include <asm/paravirt.h>
#include <pvops/backend.h>

static const u8 tmpl_cli[] = { 0xfa };        /* cli */
static const u8 tmpl_sti[] = { 0xfb };        /* sti */
static const u8 tmpl_save_fl[] = { 0x9c, 0x58 }; /* pushf; pop %eax/%rax */
static const u8 tmpl_safe_halt[] = { 0xfb, 0xf4 }; /* sti; hlt */
static const u8 tmpl_halt[] = { 0xf4 };             /* hlt */
#ifdef PV_TARGET_X86_64
static const u8 tmpl_restore_fl[] = { 0x57, 0x9d }; /* push %rdi; popfq */
#else
static const u8 tmpl_restore_fl[] = { 0x50, 0x9d }; /* push %eax; popf */
#endif

const struct native_template native_templates[PV_IRQ_NR] = {
	[PV_IRQ_save_fl] = { tmpl_save_fl, sizeof(tmpl_save_fl) },
	[PV_IRQ_restore_fl] = { tmpl_restore_fl, sizeof(tmpl_restore_fl) },
	[PV_IRQ_irq_disable] = { tmpl_cli, sizeof(tmpl_cli) },
	[PV_IRQ_irq_enable] = { tmpl_sti, sizeof(tmpl_sti) },
	[PV_IRQ_safe_halt] = { tmpl_safe_halt, sizeof(tmpl_safe_halt) },
	[PV_IRQ_halt] = { tmpl_halt, sizeof(tmpl_halt) },
};

static unsigned int native_patch(const struct pv_backend *b, u8 type, u16 clobbers, void *buf,
				 unsigned long addr, unsigned int len)
{
	if (type < PV_IRQ_NR && native_templates[type].len <= len)
		return paravirt_patch_insns(buf, len, native_templates[type].bytes,
					    native_templates[type].len);
	return paravirt_patch_default(type, clobbers, buf, addr, len);
}

static const struct pv_irq_ops native_irq_ops = NATIVE_IRQ_OPS_INIT;

const struct pv_backend native_backend = {
	.name = "native",
	.description = "the CPU's cli/sti/pushf/popf, patched inline",
	.irq_ops = &native_irq_ops,
	.patch = native_patch,
};
PV_BACKEND(native_backend);
