/*
 * Ending a run on a PC that has no QEMU exit port: power off through ACPI
 * (S5: the \_S5 sleep type written to the FADT's PM1 control blocks with
 * SLP_EN), or failing that reset the machine (the FADT's reset register,
 * then the keyboard controller, then a triple fault). Each attempt is
 * announced before it is made, so the console says which one worked.
 *
 * The tables are read at boot (pc_acpi_init), where a damaged one is
 * reported in one line; the parsing is kernel/acpi.c's, this file only
 * reaches physical memory and ports.
 */
#include <asm/io.h>
#include <asm/platform.h>
#include <pvkern/acpi.h>
#include <pvkern/printk.h>
#include <pvkern/timer.h>
#include <asm/bare_metal.h>

#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK (7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN (1u << 13)
#define PM1_SCI_EN (1u << 0)

#define KBC_STATUS 0x64
#define KBC_INPUT_FULL (1u << 1)
#define KBC_CMD_RESET 0xfe

/*
 * Bounds for polling a device: port 0x80 reads take about a microsecond
 * on PCs (much less under QEMU).
 */
#define WAIT_IO_READS 1000000u

static struct acpi_poweroff_info info;
static const char *problem; /* why there is no ACPI power-off, or NULL */
static bool initialised;
static struct acpi_root root_found; /* valid when have_root */
static bool have_root;

/* Physical memory is identity-mapped below 4 GiB on both arches. */
static const void *phys_map(const struct acpi_mem *m, u64 phys, u32 len)
{
	if (!phys || phys >= (1ull << 32) || len > (1ull << 32) - phys)
		return NULL;
	return (const void *)(unsigned long)phys;
}

static const struct acpi_mem phys_mem = { .map = phys_map };

/*
 * A pointer to a fixed low address (the BIOS data area, the BIOS ROM),
 * hidden from the compiler, which would otherwise take it for a null
 * pointer plus an offset.
 */
static const void *low_mem(unsigned long phys)
{
	asm("" : "+r"(phys));
	return (const void *)phys;
}

static const char *find_rsdp(const struct boot_info *boot, struct acpi_root *root,
			     const char **where)
{
	const u8 *bda_ebda = low_mem(ACPI_EBDA_PTR);
	u32 ebda = (bda_ebda[0] | (u32)bda_ebda[1] << 8) << 4;
	const char *err;

	if (boot && boot->acpi_rsdp) {
		*where = boot->acpi_rsdp_from ? boot->acpi_rsdp_from : "from the multiboot2 tag";
		return acpi_parse_rsdp(boot->acpi_rsdp, boot->acpi_rsdp_len, root);
	}
	*where = "in the EBDA";
	/* The EBDA sits just below 640 KiB; anything else is not a pointer to it. */
	if (ebda >= 0x80000 && ebda < 0xa0000 &&
	    !acpi_scan_rsdp(low_mem(ebda), ACPI_EBDA_SCAN_LEN, ebda, root))
		return NULL;
	*where = "in the BIOS area";
	err = acpi_scan_rsdp(low_mem(ACPI_BIOS_AREA_START),
			     ACPI_BIOS_AREA_END - ACPI_BIOS_AREA_START, ACPI_BIOS_AREA_START, root);
	return err;
}

static void describe_reset(char *buf, size_t n)
{
	const struct acpi_gas *r = &info.fadt.reset_reg;

	if (!info.fadt_ok || !info.fadt.reset_supported)
		snprintf(buf, n, "none in the FADT");
	else
		snprintf(buf, n, "%s 0x%llx <- 0x%02x",
			 r->space_id == ACPI_GAS_IO ? "I/O" :
			 r->space_id == ACPI_GAS_MEMORY ? "memory" : "other space",
			 (unsigned long long)r->address, info.fadt.reset_value);
}

const struct acpi_poweroff_info *pc_acpi_poweroff_info(void)
{
	return initialised && !problem ? &info : NULL;
}

void pc_acpi_init(const struct boot_info *boot)
{
	struct acpi_root root;
	const char *where;
	char reset[48];

	initialised = true;
	problem = find_rsdp(boot, &root, &where);
	if (problem) {
		printk("acpi: no usable RSDP (%s): %s; power-off falls back to a reset\n", where,
		       problem);
		return;
	}
	root_found = root;
	have_root = true;
	problem = acpi_poweroff_lookup(&phys_mem, &root, &info);
	describe_reset(reset, sizeof(reset));
	if (problem) {
		printk("acpi: RSDP %s, but no power-off: %s; reset register: %s\n", where,
		       problem, reset);
		return;
	}
	printk("acpi: RSDP %s (revision %u, OEM '%s', %s at 0x%llx): PM1a_CNT 0x%x, "
	       "PM1b_CNT 0x%x, \\_S5 SLP_TYP %u/%u; reset register: %s\n", where,
	       root.revision, root.oem_id, root.sdt_entry_len == 8 ? "XSDT" : "RSDT",
	       (unsigned long long)root.sdt_phys, info.fadt.pm1a_cnt, info.fadt.pm1b_cnt,
	       info.slp_typa, info.slp_typb, reset);
}

const char *pc_acpi_find_table(const char *sig, unsigned int instance, struct acpi_table *t)
{
	if (!have_root)
		return "no ACPI root table (see the acpi: line at boot)";
	return acpi_find_table(&phys_mem, &root_found, sig, instance, t);
}

/*
 * Gives the machine a second to go away (QEMU acts on a power-off or reset
 * request from its main loop, on a busy host some time later), by the TSC
 * once the timer has calibrated it, else by port reads.
 */
static void wait_a_while(void)
{
	if (timer_tsc_per_tick() && timer_hz()) {
		timer_spin_periods(timer_hz());
		return;
	}
	for (u32 i = 0; i < WAIT_IO_READS; i++)
		inb(0x80);
}

/* SMI_CMD <- ACPI_ENABLE hands the PM registers from the firmware to the OS. */
static void enter_acpi_mode(void)
{
	const struct acpi_fadt *f = &info.fadt;

	if (!f->smi_cmd || !f->acpi_enable || f->smi_cmd > 0xffff ||
	    (inw(f->pm1a_cnt) & PM1_SCI_EN))
		return;
	outb(f->smi_cmd, f->acpi_enable);
	for (u32 i = 0; i < WAIT_IO_READS && !(inw(f->pm1a_cnt) & PM1_SCI_EN); i++)
		inb(0x80);
}

static void write_sleep_type(u16 port, u8 typ, u16 extra)
{
	u16 v = inw(port) & ~(PM1_SLP_TYP_MASK | PM1_SLP_EN);

	outw(port, v | (u16)(typ << PM1_SLP_TYP_SHIFT) | extra);
}

static void acpi_power_off(void)
{
	const struct acpi_fadt *f = &info.fadt;

	if (problem) {
		printk("pvkern: no ACPI power-off: %s\n", problem);
		return;
	}
	enter_acpi_mode();
	printk("pvkern: powering off through ACPI S5 (PM1a_CNT 0x%x <- SLP_TYP %u | SLP_EN)\n",
	       f->pm1a_cnt, info.slp_typa);
	/* The sleep type first, then SLP_EN in both blocks, as the spec orders it. */
	write_sleep_type(f->pm1a_cnt, info.slp_typa, 0);
	if (f->pm1b_cnt)
		write_sleep_type(f->pm1b_cnt, info.slp_typb, 0);
	write_sleep_type(f->pm1a_cnt, info.slp_typa, PM1_SLP_EN);
	if (f->pm1b_cnt)
		write_sleep_type(f->pm1b_cnt, info.slp_typb, PM1_SLP_EN);
	wait_a_while();
	printk("pvkern: still running after the ACPI S5 request\n");
}

static void reset_through_fadt(void)
{
	const struct acpi_gas *r = &info.fadt.reset_reg;
	char what[48];

	if (!info.fadt_ok || !info.fadt.reset_supported)
		return;
	describe_reset(what, sizeof(what));
	if (r->space_id == ACPI_GAS_IO && r->address <= 0xffff) {
		printk("pvkern: resetting through the FADT reset register (%s)\n", what);
		outb(r->address, info.fadt.reset_value);
	} else if (r->space_id == ACPI_GAS_MEMORY && phys_map(NULL, r->address, 1)) {
		printk("pvkern: resetting through the FADT reset register (%s)\n", what);
		*(volatile u8 *)(unsigned long)r->address = info.fadt.reset_value;
	} else {
		printk("pvkern: FADT reset register not usable here (%s)\n", what);
		return;
	}
	wait_a_while();
}

static void reset_through_kbc(void)
{
	printk("pvkern: resetting through the keyboard controller (0x%x <- 0x%x)\n", KBC_STATUS,
	       KBC_CMD_RESET);
	for (u32 i = 0; i < WAIT_IO_READS && (inb(KBC_STATUS) & KBC_INPUT_FULL); i++)
		inb(0x80);
	outb(KBC_STATUS, KBC_CMD_RESET);
	wait_a_while();
}

/* An exception with an empty IDT cannot be delivered: the CPU shuts down and resets. */
static void __noreturn triple_fault(void)
{
	static const struct {
		u16 limit;
		unsigned long base;
	} __packed no_idt = { 0, 0 };

	printk("pvkern: resetting by a triple fault\n");
	asm volatile("lidt %0\n\tint3" ::"m"(no_idt));
	for (;;)
		asm volatile("hlt");
}

void pc_power_off(bool try_s5)
{
	if (!initialised)
		pc_acpi_init(NULL);
	if (try_s5)
		acpi_power_off();
	reset_through_fadt();
	reset_through_kbc();
	triple_fault();
}
