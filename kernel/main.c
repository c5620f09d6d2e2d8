/*
 * The common boot sequence: every entry path (multiboot1, multiboot2, Xen)
 * ends up here with its platform set up and a struct boot_info filled in.
 */
#include <asm/irqflags.h>
#include <asm/pgtable.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/bench.h>
#include <pvkern/cmdline.h>
#include <pvkern/kernel.h>
#include <pvkern/ktest.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/timer.h>
#include <pvops/backend.h>

#ifdef __x86_64__
#define ARCH_NAME "x86_64"
#else
#define ARCH_NAME "i386"
#endif

static void print_boot_info(const struct boot_info *boot)
{
	printk("pvkern: %s kernel on %s, started by %s%s%s%s%s\n", ARCH_NAME, platform->name,
	       boot->protocol, boot->loader_name ? " from " : "",
	       boot->loader_name ? boot->loader_name : "",
	       boot->firmware ? " on " : "", boot->firmware ? boot->firmware : "");
	if (boot->mmap_count) {
		printk("memory map (%u entries):\n", boot->mmap_count);
		for (unsigned int i = 0; i < boot->mmap_count; i++) {
			const struct boot_mmap_entry *e = &boot->mmap[i];

			printk("  [%016llx-%016llx] %s\n", (unsigned long long)e->base,
			       (unsigned long long)(e->base + e->length - 1),
			       e->type == BOOT_MMAP_USABLE ? "usable" :
			       e->type == BOOT_MMAP_UNMAPPED ? "RAM, not mapped" : "reserved");
		}
		if (boot->mmap_dropped)
			printk("memory map: %u more entries not kept (the kernel keeps %u)\n",
			       boot->mmap_dropped, BOOT_MMAP_MAX);
	}
	printk("command line: '%s'\n", cmdline_raw());
}

void kernel_main(struct boot_info *boot)
{
	u64 main_tsc = rdtsc(); /* the benchmark mode counts from here */
	unsigned int failed;

	cmdline_init(boot->cmdline);
	print_boot_info(boot);
	cmdline_report();

	pv_setup();
	mm_protect_kernel();
	smp_init(boot);
	bench_run_if_asked(main_tsc);

	timer_init(timer_boot_hz());

	failed = ktest_run_all();
	run_exit(failed ? EXIT_FAIL : EXIT_PASS);
}
