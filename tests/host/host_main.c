/*
 * The host side of the patcher unit tests: what the kernel would provide
 * (console, command line, a pretend ops table) and a main() that runs the
 * suites through the kernel's own KTAP runner.
 */
#include <stdarg.h>
#include <stdio.h>

#include <pvops/native.h>
#include <asm/paravirt_types.h>
#include <pvkern/cmdline.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

const char *cmdline_get(const char *name)
{
	(void)name;
	return NULL;
}

/* The native ops' code never runs here: only their addresses are used. */
void native_save_fl_op(void) {}
void native_restore_fl_op(void) {}
void native_irq_disable_op(void) {}
void native_irq_enable_op(void) {}
void native_safe_halt_op(void) {}
void native_halt_op(void) {}

/* Targets a 32-bit kernel could have, so that rel32 arithmetic is real. */
struct pv_irq_ops pv_irq_ops = {
	.save_fl = { (void *)0x00180000ul },
	.restore_fl = { (void *)0x00180040ul },
	.irq_disable = { (void *)0x00180080ul },
	.irq_enable = { (void *)0x001800c0ul },
};

/* The mmu group's table, and native's, which the native backend's entry names. */
struct pv_mmu_ops pv_mmu_ops;
const struct pv_mmu_ops native_mmu_ops;
/* The kernel's page-table format: 64-bit entries, as on every CPU with PAE. */
bool pte_32bit;

int main(void)
{
	return ktest_run_all() ? 1 : 0;
}
