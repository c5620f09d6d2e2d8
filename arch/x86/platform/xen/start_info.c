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

static const char *why(const char *fmt, ...) __printf(1, 2);
static const char *why(const char *fmt, ...)
{
	va_list ap;

	if (why_buf[0])
		return why_buf; /* keep the first */
	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof(why_buf), fmt, ap);
	va_end(ap);
	return why_buf;
}

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
		boot->mmap[0] = (struct boot_mmap_entry){
			.base = 0,
			.length = (u64)si->nr_pages * XEN_PAGE_SIZE,
			.type = 1,
		};
		boot->mmap_count = 1;
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
