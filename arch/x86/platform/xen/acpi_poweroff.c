/*
 * Powering the machine off from dom0, the way Linux's dom0 does: Xen owns
 * the ACPI PM1 control registers, so dom0 hands it the values it would
 * have written for S5 (SLP_TYP from the DSDT's \_S5 package, plus SLP_EN)
 * with XENPF_enter_acpi_sleep, and Xen writes them after stopping itself.
 */
#include <pvkern/printk.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

/* PM1 control register fields (ACPI 6.5, table 4.16). */
#define ACPI_PM1_SLP_TYP_SHIFT 10
#define ACPI_PM1_SLP_EN (1u << 13)
#define ACPI_STATE_S5 5

/*
 * ---- Stop-gap: the \_S5 sleep types of one machine --------------------
 * QEMU's pc machine (PIIX4 power management) has, in its DSDT,
 * Name (_S5, Package (0x04) { Zero, Zero, Zero, Zero }), so SLP_TYPa and
 * SLP_TYPb are both 0. This is to be replaced by the \_S5 values read by
 * the kernel's shared ACPI table walker (bare-metal power-off) once that
 * is merged; it is the only place that knows them.
 */
static void acpi_s5_sleep_types(u8 *slp_typa, u8 *slp_typb)
{
	*slp_typa = 0;
	*slp_typb = 0;
}
/* ----------------------------------------------------------------------- */

int xen_acpi_poweroff(void)
{
	struct xen_platform_op op = { .cmd = XENPF_enter_acpi_sleep };
	u8 a, b;
	int rc;

	acpi_s5_sleep_types(&a, &b);
	op.u.enter_acpi_sleep.val_a = (a << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SLP_EN;
	op.u.enter_acpi_sleep.val_b = (b << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SLP_EN;
	op.u.enter_acpi_sleep.sleep_state = ACPI_STATE_S5;
	rc = HYPERVISOR_platform_op(&op);
	printk("xen: XENPF_enter_acpi_sleep(S5, PM1a 0x%x) returned %d: the machine is still on\n",
	       op.u.enter_acpi_sleep.val_a, rc);
	return rc;
}
