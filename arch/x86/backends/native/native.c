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

/* The registers are the C calling convention's: the sites load them so. */
#ifdef PV_TARGET_X86_64
static const u8 tmpl_set_pte[] = { 0x48, 0x89, 0x37 };   /* mov %rsi, (%rdi) */
static const u8 tmpl_invlpg[] = { 0x0f, 0x01, 0x3f };    /* invlpg (%rdi) */
static const u8 tmpl_read_cr3[] = { 0x0f, 0x20, 0xd8 };  /* mov %cr3, %rax */
static const u8 tmpl_write_cr3[] = { 0x0f, 0x22, 0xdf }; /* mov %rdi, %cr3 */
#else
/* The high half (NX) first, as native_set_pte() does. */
static const u8 tmpl_set_pte[] = { 0x89, 0x48, 0x04, 0x89, 0x10 }; /* mov %ecx, 4(%eax); mov %edx, (%eax) */
static const u8 tmpl_invlpg[] = { 0x0f, 0x01, 0x38 };    /* invlpg (%eax) */
static const u8 tmpl_read_cr3[] = { 0x0f, 0x20, 0xd8 };  /* mov %cr3, %eax */
static const u8 tmpl_write_cr3[] = { 0x0f, 0x22, 0xd8 }; /* mov %eax, %cr3 */
#endif

const struct native_template native_mmu_templates[PV_MMU_NR] = {
	[PV_TYPE_SLOT(PV_MMU_set_pte)] = { tmpl_set_pte, sizeof(tmpl_set_pte) },
	[PV_TYPE_SLOT(PV_MMU_flush_tlb_one)] = { tmpl_invlpg, sizeof(tmpl_invlpg) },
	[PV_TYPE_SLOT(PV_MMU_read_cr3)] = { tmpl_read_cr3, sizeof(tmpl_read_cr3) },
	[PV_TYPE_SLOT(PV_MMU_write_cr3)] = { tmpl_write_cr3, sizeof(tmpl_write_cr3) },
};

unsigned int native_patch_mmu(u8 type, u16 clobbers, void *buf, unsigned long addr,
			      unsigned int len)
{
	const struct native_template *t = &native_mmu_templates[PV_TYPE_SLOT(type)];

	if (PV_TYPE_GROUP(type) == PV_GROUP_MMU && PV_TYPE_SLOT(type) < PV_MMU_NR && t->len <= len)
		return paravirt_patch_insns(buf, len, t->bytes, t->len);
	return paravirt_patch_default(type, clobbers, buf, addr, len);
}

static unsigned int native_patch(const struct pv_backend *b, u8 type, u16 clobbers, void *buf,
				 unsigned long addr, unsigned int len)
{
	if (PV_TYPE_GROUP(type) == PV_GROUP_MMU)
		return native_patch_mmu(type, clobbers, buf, addr, len);
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
	.mmu_ops = &native_mmu_ops,
	.patch = native_patch,
};
PV_BACKEND(native_backend);
