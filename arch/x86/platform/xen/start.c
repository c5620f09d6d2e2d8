/*
 * The C side of the Xen PV entry (head_{32,64}.S). Xen built the page
 * tables, loaded the image and filled the hypercall page; start_info says
 * the rest. Check it, map shared_info, install the trap table and
 * callbacks, register the boot vCPU's vcpu_info, install the xen backend
 * (the only one a PV guest can run), and enter the common boot sequence.
 */
#include <asm/platform.h>
#include <pvkern/kernel.h>
#include <pvkern/percpu.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <pvkern/timer.h>
#include <pvops/backend.h>
#include <pvops/xen.h>
#include <xen-guest/console.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

/* Page-table entry bits (x86 paging; the public headers have none). */
#define PTE_PRESENT 0x001
#define PTE_RW 0x002
#define PTE_ACCESSED 0x020
#define PTE_DIRTY 0x040

start_info_t *xen_start_info;
union xen_shared_info_page xen_shared_info_page __aligned(XEN_PAGE_SIZE);
BUILD_BUG_ON(sizeof(struct shared_info) > XEN_PAGE_SIZE);

static struct boot_info boot;
static char loader_name[40];
static char cmdline[sizeof(((start_info_t *)0)->cmd_line)];

bool xen_pv_domain(void)
{
	return platform == &xen_platform;
}

/*
 * shared_info arrives as a machine address and unmapped: point the PTE of
 * our page-aligned .bss page at it.
 */
static void map_shared_info(void)
{
	u64 pte = (u64)xen_start_info->shared_info | PTE_PRESENT | PTE_RW | PTE_ACCESSED |
		  PTE_DIRTY;
	int rc = HYPERVISOR_update_va_mapping((unsigned long)&xen_shared_info_page, pte,
					      UVMF_INVLPG);

	if (rc)
		panic("xen: cannot map shared_info (update_va_mapping: %d)", rc);
}

/* Xen maps everything from virtual address 0: make NULL pointers fault. */
static void unmap_page_zero(void)
{
	int rc = HYPERVISOR_update_va_mapping(0, 0, UVMF_INVLPG);

	if (rc)
		printk("xen: page 0 stays mapped (update_va_mapping: %d)\n", rc);
}

static void fill_boot_info(void)
{
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
	const char *err = xen_parse_start_info(xen_start_info, &boot, cmdline, sizeof(cmdline));

	if (err)
		printk("xen: start_info is damaged: %s; going on with what could be read\n", err);
	snprintf(loader_name, sizeof(loader_name), "Xen %ld.%ld", ver >> 16, ver & 0xffff);
	boot.loader_name = loader_name;
}

void xen_start_kernel(start_info_t *si);
void xen_start_kernel(start_info_t *si)
{
	xen_start_info = si;
	/* The console is a hypercall: it works from here on. */
	platform = &xen_platform;
	if (!xen_start_info_magic_ok(si->magic)) {
		char magic[sizeof(si->magic) + 1];

		memcpy(magic, si->magic, sizeof(si->magic));
		magic[sizeof(si->magic)] = '\0';
		printk("pvkern: bad start_info magic '%s': expected 'xen-<version>%s'\n", magic,
		       XEN_PLATFORM_MAGIC);
		run_exit(EXIT_CRASH);
	}
	xen_init_traps();
	xen_percpu_load(0, percpu_area_setup(0));
	map_shared_info();
	xen_console_ring_init();
	/*
	 * The ops act on this vCPU's vcpu_info in its per-CPU area: Xen must
	 * use that one before any op runs. Without it the backend cannot
	 * work, and no other backend can run a PV guest.
	 */
	if (xen_vcpu_info_register(0)) {
		printk("pvkern: the xen backend needs each vCPU's vcpu_info in its per-CPU area: "
		       "ending the run\n");
		run_exit(EXIT_FAIL);
	}
	pv_backend_install(&xen_backend, true);
	unmap_page_zero();
	fill_boot_info();
	printk("xen: start_info: %s, flags 0x%x%s, %lu pages, shared_info at 0x%llx\n",
	       si->magic, (unsigned int)si->flags,
	       (si->flags & SIF_INITDOMAIN) ? " (dom0)" : " (domU)", (unsigned long)si->nr_pages,
	       (unsigned long long)si->shared_info);
	kernel_main(&boot);
}
