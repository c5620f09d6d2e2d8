/*
 * The Xen PV platform as the kernel sees it: start_info checked, the xen
 * backend chosen whatever pv.backend= said, shared_info mapped and live,
 * the timer on VIRQ_TIMER, and a page fault that reports its address
 * through the frame Xen bounces (an exception with an error code).
 */
#include <asm/irq.h>
#include <asm/irqflags.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>
#include <pvkern/timer.h>
#include <pvops/backend.h>
#include <xen-guest/events.h>
#include <pvops/xen.h>
#include <xen-guest/xen.h>
#include "fault_probe.h"

static void test_started_by_xen(struct ktest *t)
{
	KASSERT_TRUE(t, xen_start_info != NULL);
	KEXPECT_EQ(t, 0, memcmp(xen_start_info->magic, "xen-3.0-", 8));
}

/* The check the entry path fails the run with: what it accepts and refuses. */
static void test_start_info_magic_check(struct ktest *t)
{
	char magic[sizeof(xen_start_info->magic)];

	memcpy(magic, xen_start_info->magic, sizeof(magic));
	KEXPECT_TRUE(t, xen_start_info_magic_ok(magic));
	KEXPECT_FALSE(t, xen_start_info_magic_ok(""));
	KEXPECT_FALSE(t, xen_start_info_magic_ok("xen-"));
	KEXPECT_FALSE(t, xen_start_info_magic_ok("Xen-3.0-x86_64"));
	magic[0] = 'y';
	KEXPECT_FALSE(t, xen_start_info_magic_ok(magic));
	/* The other kind of guest: x86_32p for x86_64 and the other way round. */
#ifdef __x86_64__
	KEXPECT_FALSE(t, xen_start_info_magic_ok("xen-3.0-x86_32p"));
#else
	KEXPECT_FALSE(t, xen_start_info_magic_ok("xen-3.0-x86_64"));
#endif
}

static void test_xen_backend_is_the_only_choice(struct ktest *t)
{
	/* Also when the command line asked for another (pv.backend=native). */
	KEXPECT_EQ(t, (unsigned long)&xen_backend, (unsigned long)pv_backend_active());
}

static void test_system_time_advances(struct ktest *t)
{
	u64 t0 = xen_clock_ns(), t1;

	timer_spin_periods(2);
	t1 = xen_clock_ns();
	KEXPECT_GT(t, t1, t0);
	/* Two 10 ms periods at 100 Hz: allow anything from 1 to 1000 ms. */
	KEXPECT_GE(t, t1 - t0, 1000000u);
	KEXPECT_LT(t, t1 - t0, 1000000000u);
}

static void test_timer_on_virq(struct ktest *t)
{
	KEXPECT_NE(t, 0, xen_irq_port(TIMER_IRQ));
	KEXPECT_GT(t, xen_upcall_count(), 0);
	KEXPECT_GE(t, xen_event_count(), timer_ticks());
}

/* Reads the byte at addr; false if that faulted (not mapped). */
static bool byte_is_mapped(unsigned long addr)
{
	return !read_faults((const volatile void *)addr);
}

/* Page 0 was unmapped at boot: a read there faults with its address in cr2. */
static void test_page_fault_reports_address(struct ktest *t)
{
	unsigned long addr = 0x10;

	KEXPECT_FALSE(t, byte_is_mapped(addr));
	KEXPECT_EQ(t, 1, pf_last.hits);
	/* Xen's copy in vcpu_info keeps the last fault's address too. */
	KEXPECT_EQ(t, addr, xen_vcpu()->arch.cr2);
	KEXPECT_EQ(t, addr, pf_last.cr2);
	KEXPECT_EQ(t, 0, pf_last.error & 1); /* not present */
	KEXPECT_FALSE(t, irqs_disabled());
}

/*
 * The memory map says how far Xen's initial mapping reaches: the page
 * tables agree, byte for byte at the edge (the last mapped byte reads,
 * the next one faults).
 */
static void test_memory_map_says_what_is_mapped(struct ktest *t)
{
	static char cmdline[sizeof(xen_start_info->cmd_line)];
	static struct boot_info b;
	unsigned long end;

	memset(&b, 0, sizeof(b));
	KASSERT_TRUE(t, xen_parse_start_info(xen_start_info, &b, cmdline, sizeof(cmdline)) == NULL);
	KASSERT_TRUE(t, b.mmap_count >= 1);
	KEXPECT_EQ(t, b.mmap[0].type, BOOT_MMAP_USABLE);
	end = b.mmap[0].base + b.mmap[0].length;
	KEXPECT_TRUE(t, byte_is_mapped(end - 1));
	if (b.mmap_count < 2)
		return; /* Xen mapped all of the domain's memory */
	KEXPECT_EQ(t, b.mmap[1].type, BOOT_MMAP_UNMAPPED);
	KEXPECT_EQ(t, b.mmap[1].base, end);
	KEXPECT_EQ(t, b.mmap[1].base + b.mmap[1].length,
		   (u64)xen_start_info->nr_pages * XEN_PAGE_SIZE);
	KEXPECT_FALSE(t, byte_is_mapped(end));
}

/* A damaged copy of the real start_info: named, and the rest still read. */
static void test_damaged_start_info_is_named(struct ktest *t)
{
	static start_info_t si;
	static char cmdline[sizeof(si.cmd_line)];
	static struct boot_info b;
	const char *err;

	memcpy(&si, xen_start_info, sizeof(si));
	memset(&b, 0, sizeof(b));
	KEXPECT_TRUE(t, xen_parse_start_info(&si, &b, cmdline, sizeof(cmdline)) == NULL);
	KEXPECT_GE(t, b.mmap_count, 1);

	memset(&b, 0, sizeof(b));
	si.nr_pages = 0;
	memset(si.cmd_line, 'a', sizeof(si.cmd_line));
	err = xen_parse_start_info(&si, &b, cmdline, sizeof(cmdline));
	KASSERT_TRUE(t, err != NULL);
	KEXPECT_STREQ(t, "the command line fills all 1024 bytes without a NUL: cut to 1023", err);
	KEXPECT_EQ(t, strlen(b.cmdline), sizeof(si.cmd_line) - 1);
	KEXPECT_EQ(t, b.mmap_count, 0);

	memcpy(&si, xen_start_info, sizeof(si));
	si.nr_pages = ~0ul;
	si.mod_start = ~0ul - 10;
	si.mod_len = 11;
	memset(&b, 0, sizeof(b));
	err = xen_parse_start_info(&si, &b, cmdline, sizeof(cmdline));
	KASSERT_TRUE(t, err != NULL);
	KEXPECT_EQ(t, 0, strncmp(err, "nr_pages ", 9));
	KEXPECT_EQ(t, b.mmap_count, 0);
	si.nr_pages = xen_start_info->nr_pages;
	err = xen_parse_start_info(&si, &b, cmdline, sizeof(cmdline));
	KASSERT_TRUE(t, err != NULL);
	KEXPECT_EQ(t, 0, strncmp(err, "module ", 7));
}

static const struct ktest_case xen_platform_cases[] = {
	KTEST_CASE(test_started_by_xen),
	KTEST_CASE(test_start_info_magic_check),
	KTEST_CASE(test_damaged_start_info_is_named),
	KTEST_CASE(test_xen_backend_is_the_only_choice),
	KTEST_CASE(test_system_time_advances),
	KTEST_CASE(test_timer_on_virq),
	KTEST_CASE(test_page_fault_reports_address),
	KTEST_CASE(test_memory_map_says_what_is_mapped),
	{},
};
static const char *xen_platform_skip(void)
{
	return xen_pv_domain() ? NULL : "not a Xen PV guest";
}

KTEST_SUITE(xen_platform, xen_platform_cases, xen_platform_skip);
