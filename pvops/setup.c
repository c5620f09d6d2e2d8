/*
 * A platform installs its backend at entry (pv_backend_install()); on a
 * platform that allows a choice, pv_setup() switches to the one pv.backend=
 * names. One place patches: pv_setup(), called once from kernel_main()
 * with interrupts off.
 */
#include <asm/irqflags.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/cmdline.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include <pvops/native.h>

BOOT_PARAM_FLAG(param_nopatch, "pv.nopatch", "leave every paravirt site an indirect call");
/* A string: the backends are a registry, and setup names an unknown one. */
BOOT_PARAM_STRING(param_backend, "pv.backend", "backend: native or lguest (a Xen PV guest runs only xen)");
BOOT_PARAM_FLAG(param_dump, "pv.dump", "print every site's bytes after patching");

extern const struct pv_backend *const __pv_backends_start[], *const __pv_backends_end[];
extern char __text_start[], __text_end[];

static const struct pv_backend *active = &native_backend;
/* The table the installed ops came from (pv_irq_ops may hold PV_DEBUG's trampolines). */
static const struct pv_irq_ops *active_ops;
static bool backend_fixed; /* the platform allows no other backend */
static bool patching;
static struct paravirt_patch_stats stats;
static u64 patch_tsc; /* what apply_paravirt() took, for `make bench` */

/*
 * Boot patching writes text in place: it runs once, on the boot CPU, with
 * interrupts off, before text is made read-only, and nothing runs a site
 * while it is written. One serialising instruction ends the whole pass
 * (pv_setup()), not one per site: in a guest each one traps to the
 * hypervisor.
 */
static struct paravirt_patch_env kernel_env = {
	.write = paravirt_write_early,
};

void pv_cpu_init(void)
{
	if (active->cpu_init)
		active->cpu_init(active);
}

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

/* b's ops in the tables (and the patcher's environment) without init(). */
void pv_switch_tables(const struct pv_backend *b, const struct pv_irq_ops *ops)
{
	active_ops = ops;
	pv_irq_ops = *ops;
	pv_mmu_ops = b->mmu_ops ? *b->mmu_ops : native_mmu_ops;
	active = b;
	kernel_env.backend = b;
#ifdef CONFIG_PV_DEBUG
	pv_debug_retarget();
#endif
}

/*
 * Initialises b and installs its ops; false (nothing changed) if it cannot
 * run here. Interrupts are off: at a platform's entry, and in pv_setup().
 * No interrupt-flag op may run here, since the installed ops may be the
 * wrong ones for this platform until this returns.
 */
static bool install(const struct pv_backend *b)
{
	const struct pv_irq_ops *ops = b->init ? b->init(b) : b->irq_ops;

	if (!ops)
		return false;
	pv_switch_tables(b, ops);
#ifdef CONFIG_PV_DEBUG
	pv_debug_announce();
#endif
	return true;
}

const struct pv_irq_ops *pv_active_ops(void)
{
	return active_ops;
}

bool pv_backend_fixed(void)
{
	return backend_fixed;
}

void pv_set_patching(bool on)
{
	patching = on;
}

void pv_backend_install(const struct pv_backend *b, bool fixed)
{
	if (!install(b))
		panic("pvops: the %s platform's backend %s cannot run", platform->name, b->name);
	backend_fixed = fixed;
}

/* The backend pv.backend= asks for, if the platform allows it to replace the installed one. */
static void choose_backend(void)
{
	const char *asked = cmdline_get("pv.backend");
	const struct pv_backend *b;

	/*
	 * The platform installed its backend before the command line was
	 * read: its init() runs again now, so that the backend's own
	 * options (xen.irq_ops=) take effect.
	 */
	if (active->init && !install(active))
		panic("pvops: backend %s cannot run any more", active->name);
	if (!asked)
		return;
	b = pv_backend_find(asked);
	if (!b) {
		printk("pvops: unknown backend '%s' (pv.backend=); keeping %s\n", asked, active->name);
		return;
	}
	if (b == active)
		return;
	if (backend_fixed) {
		printk("pvops: pv.backend=%s ignored: the %s platform runs only the %s backend\n",
		       asked, platform->name, active->name);
		return;
	}
	if (!install(b))
		printk("pvops: backend %s cannot run here; keeping %s\n", b->name, active->name);
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
		       paravirt_op_name(p->type), p->clobbers, hex);
	}
}

void pv_setup(void)
{
	choose_backend();
	kernel_env.text_start = (unsigned long)__text_start;
	kernel_env.text_end = (unsigned long)__text_end;
	kernel_env.ops_addr = (unsigned long)&pv_irq_ops;
	kernel_env.mmu_ops_addr = (unsigned long)&pv_mmu_ops;
	kernel_env.backend = active;
	printk("pvops: backend %s: %s\n", active->name, active->description);

	paravirt_choose_nops();
	patching = !cmdline_flag("pv.nopatch");
	if (!patching) {
		stats.sites = __parainstructions_end - __parainstructions_start;
		stats.count[PV_SITE_LEFT] = stats.sites;
		printk("pvops: %s: %u sites: patching disabled by pv.nopatch, all left as indirect calls\n",
		       active->name, stats.sites);
	} else {
		u64 t0 = rdtsc();

		apply_paravirt(&kernel_env, __parainstructions_start, __parainstructions_end, &stats);
		sync_core();
		patch_tsc = rdtsc() - t0;
		printk("pvops: %s: %u sites: %u inline, %u direct call, %u left, %u refused\n",
		       active->name, stats.sites, stats.count[PV_SITE_INLINE],
		       stats.count[PV_SITE_DIRECT_CALL], stats.count[PV_SITE_LEFT],
		       stats.count[PV_SITE_REFUSED]);
	}
	if (cmdline_flag("pv.dump"))
		dump_sites();
}
