/*
 * Reading Xen's start_info: what the boot needs from it (command line,
 * memory size) and a check of the lengths and ranges it gives. Xen is the
 * only writer, but a guest kernel that is a reference for others trusts
 * no input it did not make: the command line is copied with a bound (Xen
 * need not terminate it), sizes are multiplied only after a range check,
 * and ranges are checked without sums that could wrap. Pure code: the host
 * fuzzer (tests/fuzz/) builds this same file.
 */
#include <asm/platform.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <xen-guest/xen.h>

/*
 * The most memory a guest of this kind can address: 2^40 pages of 4 KiB
 * are 4 PiB, x86_64's 52-bit limit; PAE reaches 64 GiB (36 bits).
 */
#ifdef __x86_64__
#define XEN_MAX_PAGES (1ull << 40)
#else
#define XEN_MAX_PAGES (1ull << 24)
#endif

bool xen_start_info_magic_ok(const char *magic)
{
	size_t n = 0, sfx = sizeof(XEN_PLATFORM_MAGIC) - 1;

	while (n < sizeof(((start_info_t *)0)->magic) && magic[n])
		n++;
	return n > 4 + sfx && memcmp(magic, "xen-", 4) == 0 &&
	       memcmp(magic + n - sfx, XEN_PLATFORM_MAGIC, sfx) == 0;
}

static char why_buf[128];

#define why(...) format_first_problem(why_buf, sizeof(why_buf), __VA_ARGS__)

/* Taken as u64 so that the test means the same on both word sizes. */
static bool pages_ok(u64 pages)
{
	return pages && pages <= XEN_MAX_PAGES;
}

/* Is [start, start + len) a range that does not wrap? */
static bool range_ok(unsigned long start, unsigned long len)
{
	return len <= ~0ul - start;
}

/*
 * Where Xen's initial mapping ends (xen.h, "start-of-day memory layout"):
 * the bootstrap region runs from the kernel image to the page of stack
 * after the page tables, then on to a 4 MiB boundary at least 512 KiB
 * further. The kernel is linked with no VIRT_BASE, so its addresses are
 * pseudo-physical ones. 0 if pt_base makes no sense.
 */
#define XEN_BOOTSTRAP_PAD (512u << 10)
#define XEN_BOOTSTRAP_ALIGN (4u << 20)

static u64 bootstrap_end(const start_info_t *si)
{
	u64 ram = (u64)si->nr_pages * XEN_PAGE_SIZE;
	u64 pt_base = si->pt_base, stack_end;

	if (pt_base % XEN_PAGE_SIZE || pt_base > ram ||
	    (u64)si->nr_pt_frames + 1 > (ram - pt_base) / XEN_PAGE_SIZE)
		return 0;
	stack_end = pt_base + ((u64)si->nr_pt_frames + 1) * XEN_PAGE_SIZE;
	return (stack_end + XEN_BOOTSTRAP_PAD + XEN_BOOTSTRAP_ALIGN - 1) &
	       ~(u64)(XEN_BOOTSTRAP_ALIGN - 1);
}

/* cmdline_size must be at least 1. */
const char *xen_parse_start_info(const start_info_t *si, struct boot_info *boot,
				 char *cmdline, size_t cmdline_size)
{
	size_t len = 0, keep;

	why_buf[0] = '\0';
	boot->protocol = "xen";
	while (len < sizeof(si->cmd_line) && si->cmd_line[len])
		len++;
	keep = len < cmdline_size ? len : cmdline_size - 1;
	memcpy(cmdline, si->cmd_line, keep);
	cmdline[keep] = '\0';
	boot->cmdline = cmdline;
	if (len == sizeof(si->cmd_line))
		why("the command line fills all %u bytes without a NUL: cut to %u",
		    (unsigned int)sizeof(si->cmd_line), (unsigned int)keep);
	if (!pages_ok(si->nr_pages)) {
		why("nr_pages %lu is implausible (want 1..%llu): no memory map",
		    (unsigned long)si->nr_pages, XEN_MAX_PAGES);
	} else {
		u64 ram = (u64)si->nr_pages * XEN_PAGE_SIZE;
		u64 mapped = bootstrap_end(si);

		if (!mapped)
			why("pt_base 0x%lx with %lu frames lies outside the %llu bytes of RAM",
			    (unsigned long)si->pt_base, (unsigned long)si->nr_pt_frames,
			    (unsigned long long)ram);
		if (!mapped || mapped > ram)
			mapped = ram;
		boot->mmap[0] = (struct boot_mmap_entry){
			.base = 0, .length = mapped, .type = BOOT_MMAP_USABLE,
		};
		boot->mmap_count = 1;
		if (mapped < ram)
			boot->mmap[boot->mmap_count++] = (struct boot_mmap_entry){
				.base = mapped, .length = ram - mapped, .type = BOOT_MMAP_UNMAPPED,
			};
	}
	if (si->shared_info % XEN_PAGE_SIZE)
		why("shared_info 0x%llx is not page-aligned", (unsigned long long)si->shared_info);
	if (si->nr_pt_frames > si->nr_pages)
		why("nr_pt_frames %lu exceeds nr_pages %lu", (unsigned long)si->nr_pt_frames,
		    (unsigned long)si->nr_pages);
	if (!range_ok(si->mod_start, si->mod_len))
		why("module 0x%lx + %lu bytes wraps around", (unsigned long)si->mod_start,
		    (unsigned long)si->mod_len);
	if (!range_ok(si->first_p2m_pfn, si->nr_p2m_frames))
		why("p2m frames %lu + %lu wrap around", (unsigned long)si->first_p2m_pfn,
		    (unsigned long)si->nr_p2m_frames);
	return why_buf[0] ? why_buf : NULL;
}
