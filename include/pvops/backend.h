/* Choosing a backend and patching the kernel for it, once, at boot. */
#ifndef PVOPS_BACKEND_H
#define PVOPS_BACKEND_H

#include <asm/paravirt_types.h>
#include <pvops/patch.h>

struct boot_info;

#ifdef CONFIG_PARAVIRT
/*
 * Picks the backend (the platform's required one, else pv.backend=, else
 * native), initialises it, installs its ops and patches every site unless
 * pv.nopatch is given. Runs with interrupts off, before the timer starts.
 */
void pv_setup(const struct boot_info *boot);

const struct pv_backend *pv_backend_active(void);
const struct pv_backend *pv_backend_find(const char *name);
bool pv_patching_enabled(void);
const struct paravirt_patch_stats *pv_patch_stats(void);
/* TSC cycles apply_paravirt() took at boot: instructions under QEMU -icount. */
u64 pv_patch_tsc(void);
/* The environment the kernel patches itself with (text bounds, writer). */
const struct paravirt_patch_env *pv_kernel_env(void);

extern const struct pv_backend native_backend;

#ifdef CONFIG_PV_DEBUG
/* Route every op through a trampoline that trashes what its site may lose. */
void pv_debug_install(void);
#endif

#else /* !CONFIG_PARAVIRT: the floor `make bench` measures against */
#include <pvkern/printk.h>

static inline void pv_setup(const struct boot_info *boot)
{
	printk("pvops: built without paravirt: plain cli/sti/pushf/popf\n");
}

static inline const struct pv_backend *pv_backend_active(void)
{
	return NULL;
}
#endif

#endif
