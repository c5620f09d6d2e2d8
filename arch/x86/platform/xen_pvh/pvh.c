/*
 * The Xen PVH platform. Xen starts the kernel like a multiboot loader
 * would (head.S joins the multiboot head), in an HVM container: the CPU's
 * interrupt flag is real, so the native backend serves, and there is no
 * start_info page, no trap table and no PV mappings. Instead:
 *
 *   - the hypercall page is wherever the guest asks, through the MSR that
 *     CPUID's Xen leaves (0x40000000 + 0x100 * n) name;
 *   - shared_info is placed on a page of .bss with XENMEM_add_to_physmap
 *     and vCPU 0's vcpu_info registered in its per-CPU area, so the event
 *     and time code of the PV platform (events.c, time.c) reads both as it
 *     does there;
 *   - events arrive as an interrupt on XEN_HVM_CALLBACK_VECTOR
 *     (HVM_PARAM_CALLBACK_IRQ of the vector type), held off by IF;
 *   - a domU's console ring is found through HVM_PARAM_CONSOLE_PFN and
 *     _EVTCHN; dom0 keeps console_io.
 *
 * The tick, the console ring and the end of a run are the PV platform's
 * code. pvkern runs one CPU as a PVH guest.
 *
 * Paging is the guest's own (Xen translates guest-physical addresses
 * underneath, out of sight): the kernel protects itself with the same
 * tables as on bare metal (arch/x86/mm/protect.c), and the native mmu ops
 * write them.
 */
#include <asm/bare_metal.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/multiboot.h>
#include <asm/pgtable.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/acpi.h>
#include <pvkern/kernel.h>
#include <pvkern/percpu.h>
#include <pvkern/printk.h>
#include <pvops/backend.h>
#include <xen-guest/console.h>
#include <xen-guest/events.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/pvh.h>
#include <xen-guest/xen.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>

/* Xen's leaves may be moved up by 0x100 steps (to make room for Viridian's). */
#define XEN_CPUID_LEAF_STRIDE 0x100u
#define XEN_CPUID_LAST_BASE (XEN_CPUID_FIRST_LEAF + 0x10000u)
/* Xen's HVM debug port: what a guest writes there appears in Xen's log. */
#define XEN_HVM_DEBUG_PORT 0xe9

struct pvh_start xen_pvh_start_info;
static struct boot_info boot;
static char loader_name[40];
static u64 callbacks;

bool xen_pvh_domain(void)
{
	return platform == &xen_pvh_platform;
}

u64 xen_pvh_callback_count(void)
{
	return callbacks;
}

static bool pvh_dom0(void)
{
	return xen_pvh_start_info.flags & SIF_INITDOMAIN;
}

/* Before the hypercall page there is no console: say it on the debug port, and stop. */
static void __noreturn early_death(const char *msg)
{
	while (*msg)
		outb(XEN_HVM_DEBUG_PORT, *msg++);
	for (;;)
		asm volatile("cli; hlt");
}

/* Xen's CPUID leaves: "XenVMMXenVMM" at base, the hypercall MSR at base + 2. */
static void init_hypercall_page(void)
{
	for (u32 base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_LAST_BASE;
	     base += XEN_CPUID_LEAF_STRIDE) {
		u32 a = base, b, c = 0, d;

		asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
		if (b != XEN_CPUID_SIGNATURE_EBX || c != XEN_CPUID_SIGNATURE_ECX ||
		    d != XEN_CPUID_SIGNATURE_EDX || a < base + 2)
			continue;
		a = base + 2;
		c = 0;
		asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
		if (a < 1)
			break;
		/* Xen fills the page at this physical address (identity-mapped) at once. */
		wrmsr(b, (unsigned long)hypercall_page);
		return;
	}
	early_death("pvkern: PVH entry, but CPUID shows no Xen hypercall MSR: stopping\n");
}

static void map_shared_info(void)
{
	struct xen_add_to_physmap add = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (unsigned long)&xen_shared_info_page / XEN_PAGE_SIZE,
	};
	int rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &add);

	if (rc)
		panic("xen: PVH: cannot map shared_info (XENMEM_add_to_physmap: %d)", rc);
}

static int get_hvm_param(u32 index, u64 *value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	int rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);

	*value = p.value;
	return rc;
}

/* A domU's console ring: its frame and port are HVM parameters. */
static void init_console_ring(void)
{
	u64 pfn, evtchn;
	int rc;

	if (pvh_dom0())
		return;
	rc = get_hvm_param(HVM_PARAM_CONSOLE_PFN, &pfn);
	if (!rc)
		rc = get_hvm_param(HVM_PARAM_CONSOLE_EVTCHN, &evtchn);
	if (rc || !pfn || pfn >= (1ull << 32) / XEN_PAGE_SIZE) {
		/* Only Xen's own log hears this (guest_loglvl), as console_io. */
		static const char msg[] = "pvkern: PVH domU without a console ring\n";

		HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg);
		return;
	}
	xen_console_ring_attach((void *)(unsigned long)(pfn * XEN_PAGE_SIZE), evtchn, true);
}

static void pvh_callback(struct pt_regs *regs)
{
	callbacks++;
	xen_evtchn_do_upcall(regs);
}

/*
 * Events as an interrupt on our vector. Xen raises it while the vCPU's
 * evtchn_upcall_pending is set and IF allows (the upcall mask plays no
 * part here): the handler clears the flag before it scans, as under PV.
 * The vector does not go through the local APIC: no EOI.
 */
static void init_callback_vector(void)
{
	struct xen_hvm_param p = {
		.domid = DOMID_SELF,
		.index = HVM_PARAM_CALLBACK_IRQ,
		.value = ((u64)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | XEN_HVM_CALLBACK_VECTOR,
	};
	int rc;

	set_local_vector_handler(XEN_HVM_CALLBACK_VECTOR, pvh_callback);
	WRITE_ONCE(xen_vcpu()->evtchn_upcall_mask, 0);
	rc = HYPERVISOR_hvm_op(HVMOP_set_param, &p);
	if (rc)
		panic("xen: PVH: HVM_PARAM_CALLBACK_IRQ (vector 0x%x) refused: %d",
		      XEN_HVM_CALLBACK_VECTOR, rc);
	printk("xen: PVH: events through the HVM callback vector 0x%x\n", XEN_HVM_CALLBACK_VECTOR);
}

/* dom0's ACPI power-off: the tables pc_acpi_init() read through the identity map. */
static int pvh_acpi_poweroff(void)
{
	const struct acpi_poweroff_info *info = pc_acpi_poweroff_info();

	if (!info) {
		printk("xen: PVH: no ACPI power-off (see the acpi: line at boot)\n");
		return -1;
	}
	printk("xen: PVH: XENPF_enter_acpi_sleep(S5)\n");
	return xen_acpi_enter_s5(info);
}

static void __noreturn pvh_exit(unsigned int code)
{
	if (!pvh_dom0())
		xen_domu_exit(code);
	xen_dom0_exit(code, false, pvh_acpi_poweroff);
}

const struct platform_ops xen_pvh_platform = {
	.name = "Xen PVH",
	.console_write = xen_console_write,
	.timer_start = xen_timer_start,
	.irq_mask = xen_irq_mask,
	.irq_unmask = xen_irq_unmask,
	.irq_eoi = xen_irq_eoi,
	.irq_latched = xen_irq_latched,
	.percpu_load = bare_metal_percpu_load,
	.protect_kernel = hvm_guest_protect_kernel,
	.exit = pvh_exit,
};

static void report_start_info(unsigned long paddr, const char *err)
{
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);

	snprintf(loader_name, sizeof(loader_name), "Xen %ld.%ld", ver >> 16, ver & 0xffff);
	boot.loader_name = loader_name;
	if (err)
		printk("xen: PVH: the hvm_start_info at 0x%lx is damaged: %s; going on with what "
		       "could be read\n", paddr, err);
	printk("xen: PVH: hvm_start_info version %u, flags 0x%x%s, %u memory map entries, "
	       "RSDP at 0x%llx\n", xen_pvh_start_info.version, xen_pvh_start_info.flags,
	       pvh_dom0() ? " (dom0)" : " (domU)", xen_pvh_start_info.memmap_entries,
	       (unsigned long long)xen_pvh_start_info.rsdp_paddr);
}

/* A version 0 hvm_start_info (PVH dom0 on Xen 4.17) has no map: ask Xen. */
static const char *read_e820(void)
{
	static struct e820_entry e820[BOOT_MMAP_MAX];
	struct xen_memory_map map = { .nr_entries = BOOT_MMAP_MAX };
	int rc;

	set_xen_guest_handle(map.buffer, e820);
	rc = HYPERVISOR_memory_op(XENMEM_memory_map, &map);
	if (rc) {
		printk("xen: PVH: no memory map (XENMEM_memory_map: %d)\n", rc);
		return NULL;
	}
	printk("xen: PVH: the memory map from XENMEM_memory_map\n");
	return xen_pvh_parse_e820(e820, BOOT_MMAP_MAX, map.nr_entries, &boot);
}

static const void *identity_map(const struct acpi_mem *m, u64 phys, u32 len)
{
	return multiboot_map(phys, len);
}

static const struct acpi_mem identity_mem = { .map = identity_map };

/*
 * The RSDP Xen names, for the ACPI walker (its 2.0 form is 36 bytes, 1.0's
 * 20). Xen 4.17 builds a PVH dom0 an XSDT of its own whose header it
 * copies from the firmware's XSDT address even when the firmware's RSDP
 * is ACPI 1.0 and has none (SeaBIOS): the signature is then garbage. dom0
 * then reads the firmware's tables, which Xen maps 1:1, from the BIOS area.
 */
static void find_rsdp(void)
{
	u64 rsdp = xen_pvh_start_info.rsdp_paddr;
	struct acpi_root root;
	struct acpi_table t;
	const char *err;

	if (!rsdp)
		return;
	boot.acpi_rsdp_len = 36;
	boot.acpi_rsdp = multiboot_map(rsdp, boot.acpi_rsdp_len);
	if (!boot.acpi_rsdp) {
		boot.acpi_rsdp_len = 20;
		boot.acpi_rsdp = multiboot_map(rsdp, boot.acpi_rsdp_len);
	}
	boot.acpi_rsdp_from = "from hvm_start_info";
	err = boot.acpi_rsdp ? acpi_parse_rsdp(boot.acpi_rsdp, boot.acpi_rsdp_len, &root) :
			       "not readable";
	if (!err)
		err = acpi_find_table(&identity_mem, &root, "FACP", 0, &t);
	if (err && pvh_dom0()) {
		printk("xen: PVH: the ACPI tables behind hvm_start_info's RSDP at 0x%llx are "
		       "unusable (%s): looking for the firmware's\n", (unsigned long long)rsdp, err);
		boot.acpi_rsdp = NULL;
	}
}

void xen_pvh_entry(unsigned long paddr)
{
	const char *err;

	init_hypercall_page();
	/* The console is a hypercall (or, for a domU, the ring below). */
	platform = &xen_pvh_platform;
	bare_metal_percpu_load(0, percpu_area_setup(0));
	/* The guest's IF is real: native, and no other backend may replace it. */
	pv_backend_install(&native_backend, true);
	idt_init();
	hvm_guest_choose_paging_format(); /* before patching: the native set_pte depends on it */
	err = xen_pvh_parse_start_info(paddr, multiboot_map, &boot, &xen_pvh_start_info);
	if (!xen_pvh_start_info.valid) {
		printk("pvkern: PVH entry with a bad hvm_start_info at 0x%lx: %s\n", paddr, err);
		run_exit(EXIT_CRASH);
	}
	map_shared_info();
	/*
	 * The events code reads this vCPU's vcpu_info in its per-CPU area (as
	 * under PV): Xen must use that one before the callback is set up.
	 */
	if (xen_vcpu_info_register(0)) {
		printk("pvkern: PVH: events need vCPU 0's vcpu_info in its per-CPU area: "
		       "ending the run\n");
		run_exit(EXIT_FAIL);
	}
	init_console_ring();
	report_start_info(paddr, err);
	if (xen_pvh_start_info.version == 0) {
		err = read_e820();
		if (err)
			printk("xen: PVH: the memory map from Xen is damaged: %s\n", err);
	}
	init_callback_vector();
	find_rsdp();
	pc_acpi_init(&boot);
	kernel_main(&boot);
}
