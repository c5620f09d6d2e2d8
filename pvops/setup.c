/*
 * One place picks the backend and one place patches: pv_setup(), called
 * once from kernel_main() with interrupts off.
 */
#include <asm/irqflags.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/cmdline.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <pvops/backend.h>

BOOT_PARAM(param_nopatch, "pv.nopatch", "leave every paravirt site an indirect call");
BOOT_PARAM(param_backend, "pv.backend", "backend: native or lguest (Xen picks xen itself)");
BOOT_PARAM(param_dump, "pv.dump", "print every site's bytes after patching");

extern const struct pv_backend *const __pv_backends_start[], *const __pv_backends_end[];
extern char __text_start[], __text_end[];

static const struct pv_backend *active;
static bool patching;
static struct paravirt_patch_stats stats;
static u64 patch_tsc; /* what apply_paravirt() took, for `make bench` */

/* Writes a site with interrupts off, then serialises. */
static void text_poke_early(void *dst, const void *src, unsigned int len)
{
	unsigned long flags;

	local_irq_save(flags);
	memcpy(dst, src, len);
	sync_core();
	local_irq_restore(flags);
}

static struct paravirt_patch_env kernel_env = {
	.write = text_poke_early,
};

const struct pv_backend *pv_backend_active(void)
{
	return active;
}

bool pv_patching_enabled(void)
{
	return patching;
}

const struct paravirt_patch_stats *pv_patch_stats(void)
{
	return &stats;
}

u64 pv_patch_tsc(void)
{
	return patch_tsc;
}

const struct paravirt_patch_env *pv_kernel_env(void)
{
	return &kernel_env;
}

const struct pv_backend *pv_backend_find(const char *name)
{
	for (const struct pv_backend *const *b = __pv_backends_start; b < __pv_backends_end; b++)
		if (strcmp((*b)->name, name) == 0)
			return *b;
	return NULL;
}

static const struct pv_backend *choose_backend(const struct boot_info *boot)
{
	const char *asked = cmdline_get("pv.backend");
	const struct pv_backend *b;

	if (boot->required_backend) {
		if (asked && strcmp(asked, boot->required_backend->name) != 0)
			printk("pvops: pv.backend=%s ignored: the %s platform needs the %s backend\n",
			       asked, platform->name, boot->required_backend->name);
		return boot->required_backend;
	}
	if (!asked)
		return &native_backend;
	b = pv_backend_find(asked);
	if (!b) {
		printk("pvops: unknown backend '%s' (pv.backend=); using native\n", asked);
		return &native_backend;
	}
	return b;
}

static void dump_sites(void)
{
	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		const u8 *site = (const u8 *)PARAVIRT_SITE_ADDR(p);
		char hex[3 * PARAVIRT_SITE_MAX + 1];
		unsigned int n = 0;

		for (unsigned int i = 0; i < p->len && i < PARAVIRT_SITE_MAX; i++)
			n += snprintf(hex + n, sizeof(hex) - n, " %02x", site[i]);
		printk("pvops: site 0x%lx %-11s clobbers 0x%03x:%s\n", (unsigned long)site,
		       p->type < PV_IRQ_NR ? paravirt_op_names[p->type] : "?", p->clobbers, hex);
	}
}

void pv_setup(const struct boot_info *boot)
{
	const struct pv_backend *b = choose_backend(boot);

	if (b->init && b->init() != 0) {
		printk("pvops: backend %s cannot run here; using native\n", b->name);
		b = &native_backend;
	}
	if (b->irq_ops)
		pv_irq_ops = *b->irq_ops;
	active = b;
#ifdef CONFIG_PV_DEBUG
	pv_debug_install();
#endif
	kernel_env.text_start = (unsigned long)__text_start;
	kernel_env.text_end = (unsigned long)__text_end;
	kernel_env.ops_addr = (unsigned long)&pv_irq_ops;
	kernel_env.backend = b;
	printk("pvops: backend %s: %s\n", b->name, b->description);

	paravirt_choose_nops();
	patching = !cmdline_flag("pv.nopatch");
	if (!patching) {
		stats.sites = __parainstructions_end - __parainstructions_start;
		stats.count[PV_SITE_LEFT] = stats.sites;
		printk("pvops: %s: %u sites: patching disabled by pv.nopatch, all left as indirect calls\n",
		       b->name, stats.sites);
	} else {
		u64 t0 = rdtsc();

		apply_paravirt(&kernel_env, __parainstructions_start, __parainstructions_end, &stats);
		patch_tsc = rdtsc() - t0;
		printk("pvops: %s: %u sites: %u inline, %u direct call, %u left, %u refused\n",
		       b->name, stats.sites, stats.count[PV_SITE_INLINE],
		       stats.count[PV_SITE_DIRECT_CALL], stats.count[PV_SITE_LEFT],
		       stats.count[PV_SITE_REFUSED]);
	}
	if (cmdline_flag("pv.dump"))
		dump_sites();
}
