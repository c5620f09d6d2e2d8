/*
 * The bare-metal platform: COM1 and the screen, the PIC and PIT, and at
 * the end of a run QEMU's isa-debug-exit device at port 0xf4 (an exit
 * status for the harness) or, where there is none, ACPI power-off.
 */
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/pgtable.h>
#include <pvkern/kernel.h>
#include <asm/screen.h>
#include <pvkern/acpi.h>
#include <pvkern/cmdline.h>
#include <pvkern/percpu.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include <asm/bare_metal.h>

/* QEMU's firmware configuration device: its selector and data ports. */
#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000

BOOT_PARAM_ENUM(param_exit, "exit", "port|acpi|reset",
		"how a bare-metal run ends: port (QEMU's isa-debug-exit, else halt), acpi "
	   "(power off, else reset) or reset; default: the port under QEMU, then acpi");

/*
 * Whether this is QEMU (its fw_cfg device answers "QEMU"): only there can
 * port 0xf4 be the exit device; a PC gets no write to a port it may use.
 * The device itself cannot be detected: without it the write is dropped
 * and the run goes on to ACPI.
 */
static bool qemu_fw_cfg_present(void)
{
	char sig[4];

	outw(FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
	for (int i = 0; i < 4; i++)
		sig[i] = inb(FW_CFG_PORT_DATA);
	return memcmp(sig, "QEMU", 4) == 0;
}

static void __noreturn bare_metal_exit(unsigned int code)
{
	/* NULL when absent or not one of the names (the boot log said so). */
	const char *how;
	bool port_only, reset_only;

	screen_hold();
	how = cmdline_enum(&param_exit);
	port_only = how && strcmp(how, "port") == 0;
	reset_only = how && strcmp(how, "reset") == 0;

	local_irq_disable();
	if (port_only || (!how && qemu_fw_cfg_present()))
		outl(DEBUG_EXIT_PORT, code);
	if (!port_only)
		pc_power_off(!reset_only);
	/* exit=port, and no exit device: stop here. */
	serial_write("pvkern: halted\n", 15);
	for (;;)
		asm volatile("hlt");
}

/* Whether the loader's memory map lists [start, start + len) as usable RAM. */
static bool boot_ram_is_free(const struct boot_info *boot, u64 start, u64 len)
{
	for (unsigned int i = 0; i < boot->mmap_count; i++) {
		const struct boot_mmap_entry *e = &boot->mmap[i];

		if (e->type == 1 && e->base <= start && start - e->base + len <= e->length)
			return true;
	}
	return false;
}

/* The CPUs the firmware's MADT lists; without one, the boot CPU alone. */
static void bare_metal_smp_boot(const struct boot_info *boot)
{
	static struct acpi_madt madt;
	struct acpi_table t;
	const char *err;

	if (!lapic_init()) {
		printk("smp: no local APIC: running on the boot CPU only\n");
		return;
	}
	err = pc_acpi_find_table("APIC", 0, &t);
	if (!err)
		err = acpi_parse_madt(&t, &madt);
	if (err) {
		printk("smp: no usable MADT (%s): running on the boot CPU only\n", err);
		return;
	}
	if (madt.nr_cpus > ACPI_MADT_MAX_CPUS)
		printk("smp: the MADT lists %u CPUs; the ones past the first %u are not read\n",
		       madt.nr_cpus, ACPI_MADT_MAX_CPUS);
	if (!boot_ram_is_free(boot, TRAMPOLINE_BASE, TRAMPOLINE_SIZE)) {
		printk("smp: the memory map does not show 0x%x-0x%x as usable RAM for the AP "
		       "trampoline: running on the boot CPU only\n", TRAMPOLINE_BASE,
		       TRAMPOLINE_BASE + TRAMPOLINE_SIZE - 1);
		return;
	}
	bare_metal_start_aps(madt.apic_ids,
			     madt.nr_cpus < ACPI_MADT_MAX_CPUS ? madt.nr_cpus : ACPI_MADT_MAX_CPUS);
}

const struct platform_ops bare_metal_platform = {
	.name = "bare metal",
	.console_write = screen_and_serial_write,
	.timer_start = bare_metal_timer_start,
	.irq_mask = bare_metal_irq_mask,
	.irq_unmask = bare_metal_irq_unmask,
	.irq_eoi = bare_metal_irq_eoi,
	.irq_latched = bare_metal_irq_latched,
	.percpu_load = bare_metal_percpu_load,
	.protect_kernel = native_protect_kernel,
	.smp_boot = bare_metal_smp_boot,
	.wake_cpu = bare_metal_wake_cpu,
	.wait_for_work = bare_metal_wait_for_work,
	.exit = bare_metal_exit,
};

void bare_metal_early_setup(void)
{
	serial_init();
	platform = &bare_metal_platform;
	paging_choose_format(); /* before patching: the native set_pte depends on it */
	bare_metal_percpu_load(0, percpu_area_setup(0));
#ifdef CONFIG_PARAVIRT
	/* Native until pv_setup() switches to the backend pv.backend= names. */
	pv_backend_install(&native_backend, false);
#endif
	idt_init();
	pic_init();
}
