/*
 * The native backend: each site becomes the instruction itself, padded with
 * NOPs, so a patched kernel on bare metal runs as if built without paravirt.
 */
#include <pvops/native.h>
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <pvops/backend.h>

const struct paravirt_template native_templates[PV_IRQ_NR] = {
	[PV_IRQ_save_fl] = PARAVIRT_TEMPLATE(0x9c, 0x58),      /* pushf; pop %eax/%rax */
#ifdef PV_TARGET_X86_64
	[PV_IRQ_restore_fl] = PARAVIRT_TEMPLATE(0x57, 0x9d),   /* push %rdi; popfq */
#else
	[PV_IRQ_restore_fl] = PARAVIRT_TEMPLATE(0x50, 0x9d),   /* push %eax; popf */
#endif
	[PV_IRQ_irq_disable] = PARAVIRT_TEMPLATE(0xfa),        /* cli */
	[PV_IRQ_irq_enable] = PARAVIRT_TEMPLATE(0xfb),         /* sti */
	[PV_IRQ_safe_halt] = PARAVIRT_TEMPLATE(0xfb, 0xf4),    /* sti; hlt */
	[PV_IRQ_halt] = PARAVIRT_TEMPLATE(0xf4),               /* hlt */
};

/* The registers are the C calling convention's: the sites load them so. */
const struct paravirt_template native_mmu_templates[PV_MMU_NR] = {
#ifdef PV_TARGET_X86_64
	[PV_TYPE_SLOT(PV_MMU_set_pte)] = PARAVIRT_TEMPLATE(0x48, 0x89, 0x37),       /* mov %rsi, (%rdi) */
	[PV_TYPE_SLOT(PV_MMU_flush_tlb_one)] = PARAVIRT_TEMPLATE(0x0f, 0x01, 0x3f), /* invlpg (%rdi) */
	[PV_TYPE_SLOT(PV_MMU_read_cr3)] = PARAVIRT_TEMPLATE(0x0f, 0x20, 0xd8),      /* mov %cr3, %rax */
	[PV_TYPE_SLOT(PV_MMU_write_cr3)] = PARAVIRT_TEMPLATE(0x0f, 0x22, 0xdf),     /* mov %rdi, %cr3 */
#else
	/* The high half (NX) first, as native_set_pte() does: mov %ecx, 4(%eax); mov %edx, (%eax) */
	[PV_TYPE_SLOT(PV_MMU_set_pte)] = PARAVIRT_TEMPLATE(0x89, 0x48, 0x04, 0x89, 0x10),
	[PV_TYPE_SLOT(PV_MMU_flush_tlb_one)] = PARAVIRT_TEMPLATE(0x0f, 0x01, 0x38), /* invlpg (%eax) */
	[PV_TYPE_SLOT(PV_MMU_read_cr3)] = PARAVIRT_TEMPLATE(0x0f, 0x20, 0xd8),      /* mov %cr3, %eax */
	[PV_TYPE_SLOT(PV_MMU_write_cr3)] = PARAVIRT_TEMPLATE(0x0f, 0x22, 0xd8),     /* mov %eax, %cr3 */
#endif
};

#ifndef PV_TARGET_X86_64
/* A two-level table's entry (pte_32bit): mov %edx, (%eax) */
static const struct paravirt_template native_set_pte_32bit = PARAVIRT_TEMPLATE(0x89, 0x10);
#endif

/* The native instruction for an op type, if there is one (the patchers' fast path: inline). */
static inline const struct paravirt_template *template_of(u8 type)
{
	if (type < PV_IRQ_NR)
		return &native_templates[type];
#ifndef PV_TARGET_X86_64
	if (type == PV_MMU_set_pte && pte_32bit)
		return &native_set_pte_32bit;
#endif
	if (PV_TYPE_GROUP(type) == PV_GROUP_MMU && PV_TYPE_SLOT(type) < PV_MMU_NR)
		return &native_mmu_templates[PV_TYPE_SLOT(type)];
	return NULL;
}

static inline unsigned int patch_template_or_call(const struct paravirt_template *t, u8 type,
						  u16 clobbers, void *buf, unsigned long addr,
						  unsigned int len)
{
	if (t && t->len <= len)
		return paravirt_patch_template(buf, len, t);
	return paravirt_patch_default(type, clobbers, buf, addr, len);
}

unsigned int native_patch_mmu(u8 type, u16 clobbers, void *buf, unsigned long addr,
			      unsigned int len)
{
	return patch_template_or_call(PV_TYPE_GROUP(type) == PV_GROUP_MMU ? template_of(type) : NULL,
				      type, clobbers, buf, addr, len);
}

static unsigned int native_patch(const struct pv_backend *b, u8 type, u16 clobbers, void *buf,
				 unsigned long addr, unsigned int len)
{
	return patch_template_or_call(template_of(type), type, clobbers, buf, addr, len);
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
