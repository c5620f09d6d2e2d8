/*
 * The multiboot1 information block (QEMU's -kernel, GRUB's `multiboot`):
 * the command line, boot loader name and memory map, read into a struct
 * boot_info. Everything in it is a physical address or a length the
 * loader chose, so every access goes through map(), which refuses what
 * cannot be read, and every length is checked against its container with
 * arithmetic that cannot wrap. A damaged field is skipped (for the memory
 * map: the entries before the damage are kept) and the first damage is
 * returned; the other fields are still read. Pure code: the host fuzzer
 * (tests/fuzz/) builds this same file.
 */
#include <asm/multiboot.h>
#include <asm/platform.h>
#include <pvkern/cmdline.h>
#include <pvkern/printk.h>

/* An mmap entry's size field does not count itself. */
#define MB1_MMAP_ENTRY_MIN (sizeof(struct mb1_mmap_entry) - sizeof(u32))
/* Far more than any loader's map (QEMU: a few hundred bytes). */
#define MB1_MMAP_MAX (64u << 10)
#define MB1_STRING_MAX CMDLINE_SCAN_MAX

/* The first damage found; later ones do not overwrite it. */
static char why_buf[128];

#define why(...) format_first_problem(why_buf, sizeof(why_buf), __VA_ARGS__)

/* The string at addr if its NUL comes within MB1_STRING_MAX readable bytes. */
static const char *read_string(mb_map_fn map, u32 addr, const char *what, const char **err)
{
	for (u32 n = 0; n < MB1_STRING_MAX; n++) {
		const char *p = map((u64)addr + n, 1);

		if (!p) {
			*err = why("%s at 0x%x runs into unreadable memory after %u bytes", what,
				   addr, n);
			return NULL;
		}
		if (!*p)
			return map(addr, n + 1);
	}
	*err = why("%s at 0x%x has no NUL within %u bytes", what, addr, MB1_STRING_MAX);
	return NULL;
}

static const char *read_mmap(const struct mb1_info *mbi, mb_map_fn map, struct boot_info *boot)
{
	u32 len = mbi->mmap_length, off = 0;
	const u8 *p;

	if (len > MB1_MMAP_MAX)
		return why("memory map length %u is implausible (at most %u)", len, MB1_MMAP_MAX);
	p = map(mbi->mmap_addr, len);
	if (!p)
		return why("memory map at 0x%x (%u bytes) is not readable", mbi->mmap_addr, len);
	boot->mmap_count = 0;
	boot->mmap_dropped = 0;
	/* off <= len throughout: only differences are formed, never sums. */
	while (len - off > 0) {
		const struct mb1_mmap_entry *e = (const void *)(p + off);
		u32 size;

		if (len - off < sizeof(e->size))
			return why("memory map ends in %u stray bytes", len - off);
		size = e->size;
		if (size < MB1_MMAP_ENTRY_MIN || size > len - off - sizeof(e->size))
			return why("memory map entry at offset %u has size %u (want %u..%u)", off,
				   size, (unsigned int)MB1_MMAP_ENTRY_MIN,
				   (unsigned int)(len - off - sizeof(e->size)));
		if (boot->mmap_count < BOOT_MMAP_MAX)
			boot->mmap[boot->mmap_count++] = (struct boot_mmap_entry){
				.base = e->base_addr, .length = e->length, .type = e->type
			};
		else
			boot->mmap_dropped++;
		off += sizeof(e->size) + size;
	}
	return NULL;
}

const char *mb1_parse_info(u32 info, mb_map_fn map, struct boot_info *boot)
{
	const struct mb1_info *mbi = map(info, sizeof(*mbi));
	const char *err = NULL;

	why_buf[0] = '\0';
	boot->protocol = "multiboot1";
	if (!mbi)
		return why("information block at 0x%x is not readable", info);
	if (mbi->flags & MB1_INFO_CMDLINE)
		boot->cmdline = read_string(map, mbi->cmdline, "command line", &err);
	if (mbi->flags & MB1_INFO_LOADER_NAME)
		boot->loader_name = read_string(map, mbi->boot_loader_name, "boot loader name", &err);
	if (mbi->flags & MB1_INFO_MMAP && read_mmap(mbi, map, boot))
		err = why_buf;
	return why_buf[0] ? why_buf : NULL;
}
