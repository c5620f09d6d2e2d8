/* The modes of live re-patching and the check of every site (pv_switch_modes.h). */
#include <asm/paravirt.h>
#include <pvkern/string.h>
#include <pvops/xen.h>
#include "pv_switch_modes.h"

unsigned int pv_switch_modes(struct pv_mode *modes)
{
	const struct pv_backend *boot = pv_backend_active();
	const struct pv_backend *xen = pv_backend_find("xen"), *lguest = pv_backend_find("lguest");
	const struct pv_irq_ops *boot_ops = pv_active_ops();
	struct pv_mode kinds[2];
	unsigned int nkinds = 1, n = 0;
	bool patched = pv_patching_enabled();

	kinds[0] = (struct pv_mode){ boot, boot_ops, false, boot->name };
	if (boot == xen) {
		kinds[1] = (struct pv_mode){ xen, boot_ops == &xen_irq_ops_c ? &xen_irq_ops_asm :
					     &xen_irq_ops_c, false,
					     boot_ops == &xen_irq_ops_c ? "xen asm ops" : "xen C ops" };
		kinds[0].name = boot_ops == &xen_irq_ops_c ? "xen C ops" : "xen asm ops";
		nkinds = 2;
	} else if (!pv_backend_fixed()) {
		const struct pv_backend *other = boot == lguest ? &native_backend : lguest;

		kinds[1] = (struct pv_mode){ other, other->irq_ops, false, other->name };
		nkinds = 2;
	}
	for (unsigned int k = 0; k < nkinds; k++) {
		modes[n] = kinds[k];
		modes[n++].patched = k ? true : patched;
		modes[n] = kinds[k];
		modes[n++].patched = k ? false : !patched;
	}
	return n;
}

int pv_switch_to(const struct pv_mode *m)
{
	return pv_repatch(m->backend, m->ops, m->patched);
}

/* The slot a site of this type calls through, from the tables' own addresses. */
static unsigned long slot_of(u8 type)
{
	unsigned long table = PV_TYPE_GROUP(type) == PV_GROUP_MMU ? (unsigned long)&pv_mmu_ops :
								  (unsigned long)&pv_irq_ops;

	return table + PV_TYPE_SLOT(type) * sizeof(long);
}

static void link_time_bytes(const struct paravirt_patch_site *p, u8 *buf)
{
	u32 slot = (u32)slot_of(p->type);

	buf[0] = 0x3e; /* ds */
	buf[1] = 0xff; /* call *disp32 */
	buf[2] = 0x14;
	buf[3] = 0x25;
	memcpy(buf + 4, &slot, 4);
	memset(buf + 8, 0x90, p->len - 8);
}

#ifdef __x86_64__
#define PERCPU_PREFIX 0x65
#else
#define PERCPU_PREFIX 0x64
#endif

/* The inline irq flag ops' first bytes by hand, when the mode writes them. */
static bool inline_op_looks_right(const struct pv_mode *m, u8 type, const u8 *b)
{
	if (!m->patched)
		return true;
	if (m->backend == &native_backend)
		return type == PV_IRQ_irq_disable ? b[0] == 0xfa :
		       type == PV_IRQ_irq_enable ? b[0] == 0xfb : true;
	if (type == PV_IRQ_irq_disable) /* a store of 0 (lguest) or 1 (xen) to the per-CPU flag */
		return b[0] == PERCPU_PREFIX && b[1] == 0xc6 && b[2] == 0x05 &&
		       b[7] == (m->backend == pv_backend_find("xen"));
	return true;
}

bool pv_sites_match(struct ktest *t, const struct pv_mode *m)
{
	for (const struct paravirt_patch_site *p = __parainstructions_start;
	     p < __parainstructions_end; p++) {
		const u8 *site = (const u8 *)PARAVIRT_SITE_ADDR(p);
		u8 orig[PARAVIRT_SITE_MAX], want[PARAVIRT_SITE_MAX];
		/* A copy of the record that points at the link-time bytes. */
		struct paravirt_patch_site rec = *p;
		struct paravirt_patch_env env = *pv_kernel_env();
		const char *reason;

		link_time_bytes(p, orig);
		memcpy(want, orig, p->len);
		if (m->patched) {
			rec.instr_offset = (s32)((long)orig - (long)&rec.instr_offset);
			env.addr_bias = (long)site - (long)orig;
			env.write = NULL;
			env.quiet = true;
			paravirt_patch_site(&env, &rec, want, &reason);
		}
		if (memcmp(site, want, p->len) || !inline_op_looks_right(m, p->type, site)) {
			KTEST_FAIL(t, "%s, %s: site 0x%lx (%s, %u bytes) starts %02x %02x %02x, "
				   "not %02x %02x %02x", m->name, m->patched ? "patched" : "unpatched",
				   (unsigned long)site, paravirt_op_name(p->type), p->len, site[0],
				   site[1], site[2], want[0], want[1], want[2]);
			return false;
		}
	}
	return true;
}
