/*
 * Powering the machine off from dom0, the way Linux's dom0 does: Xen owns
 * the ACPI PM1 control registers, so dom0 hands it the values it would
 * have written for S5 (SLP_TYP from the DSDT's \_S5 package, plus SLP_EN)
 * with XENPF_enter_acpi_sleep, and Xen writes them after stopping itself.
 *
 * The tables are read with the kernel's ACPI walker (kernel/acpi.c). A PV
 * guest has no identity map of physical memory: each range the walker
 * asks for is mapped, read-only, into fresh pages of a window in .bss
 * (dom0 may map the first MiB and the firmware's non-RAM ranges, where the
 * RSDP and the tables live). Pages are never reused, so every pointer the
 * walker holds stays valid; this runs once, at the end of a run.
 */
#include <pvkern/acpi.h>
#include <pvkern/printk.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

/* PM1 control register fields (ACPI 6.5, table 4.16). */
#define ACPI_PM1_SLP_TYP_SHIFT 10
#define ACPI_PM1_SLP_EN (1u << 13)
#define ACPI_STATE_S5 5

#define PTE_PRESENT 0x001
#define PTE_ACCESSED 0x020

/* The BIOS area alone takes 32 pages; QEMU's tables a dozen more. */
#define WINDOW_PAGES 96

static u8 window[WINDOW_PAGES][XEN_PAGE_SIZE] __aligned(XEN_PAGE_SIZE);
static unsigned int window_used;

static const void *machine_map(const struct acpi_mem *m, u64 phys, u32 len)
{
	u64 first = phys / XEN_PAGE_SIZE, offset = phys % XEN_PAGE_SIZE;
	u64 pages = (offset + len + XEN_PAGE_SIZE - 1) / XEN_PAGE_SIZE;
	u8 *va = window[window_used];

	if (!phys || !len || pages > WINDOW_PAGES - window_used)
		return NULL;
	for (unsigned int i = 0; i < pages; i++) {
		u64 pte = (first + i) * XEN_PAGE_SIZE | PTE_PRESENT | PTE_ACCESSED;

		if (HYPERVISOR_update_va_mapping((unsigned long)window[window_used + i], pte,
						 UVMF_INVLPG))
			return NULL;
	}
	window_used += pages;
	return va + offset;
}

static const struct acpi_mem machine_mem = { .map = machine_map };

/* The EBDA's first KiB (its segment is in the BIOS data area), then the BIOS area. */
static const char *find_rsdp(struct acpi_root *root, const char **where)
{
	const u8 *bda = machine_map(&machine_mem, ACPI_EBDA_PTR, 2);
	u32 ebda = bda ? (bda[0] | (u32)bda[1] << 8) << 4 : 0;
	const void *area;

	*where = "in the EBDA";
	if (ebda >= 0x80000 && ebda < 0xa0000) {
		area = machine_map(&machine_mem, ebda, ACPI_EBDA_SCAN_LEN);
		if (area && !acpi_scan_rsdp(area, ACPI_EBDA_SCAN_LEN, ebda, root))
			return NULL;
	}
	*where = "in the BIOS area";
	area = machine_map(&machine_mem, ACPI_BIOS_AREA_START,
			   ACPI_BIOS_AREA_END - ACPI_BIOS_AREA_START);
	if (!area)
		return "Xen refused to map the BIOS area";
	return acpi_scan_rsdp(area, ACPI_BIOS_AREA_END - ACPI_BIOS_AREA_START,
			      ACPI_BIOS_AREA_START, root);
}

int xen_acpi_enter_s5(const struct acpi_poweroff_info *info)
{
	struct xen_platform_op op = { .cmd = XENPF_enter_acpi_sleep };
	int rc;

	op.u.enter_acpi_sleep.val_a = (info->slp_typa << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SLP_EN;
	op.u.enter_acpi_sleep.val_b = (info->slp_typb << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SLP_EN;
	op.u.enter_acpi_sleep.sleep_state = ACPI_STATE_S5;
	rc = HYPERVISOR_platform_op(&op);
	printk("xen: XENPF_enter_acpi_sleep(S5, PM1a 0x%x) returned %d: the machine is still on\n",
	       op.u.enter_acpi_sleep.val_a, rc);
	return rc;
}

int xen_acpi_poweroff(void)
{
	struct acpi_poweroff_info info;
	struct acpi_root root;
	const char *where, *err;

	err = find_rsdp(&root, &where);
	if (!err)
		err = acpi_poweroff_lookup(&machine_mem, &root, &info);
	if (err) {
		printk("xen: no ACPI power-off (RSDP %s): %s\n", where, err);
		return -1;
	}
	printk("xen: ACPI: RSDP %s (OEM '%s'), \\_S5 SLP_TYP %u/%u: XENPF_enter_acpi_sleep(S5)\n",
	       where, root.oem_id, info.slp_typa, info.slp_typb);
	return xen_acpi_enter_s5(&info);
}
