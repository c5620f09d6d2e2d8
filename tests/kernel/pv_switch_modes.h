/*
 * The modes live re-patching can switch this boot between, and the check
 * that every site holds what boot patching writes for a mode
 * (pv_switch_modes.c; used by pv_repatch.c and pv_switch_stress.c).
 */
#ifndef TESTS_KERNEL_PV_SWITCH_MODES_H
#define TESTS_KERNEL_PV_SWITCH_MODES_H

#include <pvkern/ktest.h>
#include <pvops/backend.h>

struct pv_mode {
	const struct pv_backend *backend;
	const struct pv_irq_ops *ops;
	bool patched;
	const char *name;
};

#define PV_MAX_MODES 4

/*
 * The modes of this platform, the one it booted in first: native and
 * lguest-style where the platform allows a choice, Xen's asm and C ops
 * under Xen, each patched and unpatched.
 */
unsigned int pv_switch_modes(struct pv_mode *modes);

int pv_switch_to(const struct pv_mode *m);

/*
 * Every site holds what boot patching writes for m: its link-time call
 * (built here from the slot's address) when unpatched, else what the
 * patcher makes of that call, with the first instruction of the inline
 * irq_disable and irq_enable checked by hand. False, with one failure
 * line for the first site that differs, otherwise.
 */
bool pv_sites_match(struct ktest *t, const struct pv_mode *m);

#endif
