/*
 * Reading a PVH guest's struct hvm_start_info (xen/arch-x86/hvm/start_info.h):
 * the command line and, from version 1 on, the memory map. Everything in it
 * is a guest-physical address or a count Xen chose, so every access goes
 * through map(), which refuses what cannot be read, and every count is
 * bounded before it is multiplied. A damaged field is skipped (for the
 * memory map: the entries before the damage are kept) and the first damage
 * is returned; the other fields are still read. Pure code: the host fuzzer
 * (tests/fuzz/pvh_start_info.c) builds this same file.
 */
#include <asm/platform.h>
#include <pvkern/cmdline.h>
#include <pvkern/printk.h>
#include <xen-guest/pvh.h>

/* Version 0 ends before memmap_paddr; version 1 adds the map. */
#define PVH_V0_SIZE __builtin_offsetof(struct hvm_start_info, memmap_paddr)
/*
 * Xen aligns both structures for the guest's ABI (8 bytes for a 64-bit
 * kernel, 4 for a 32-bit one, where u64 fields need no more); reading them
 * off that boundary would be undefined.
 */
#define PVH_ALIGN ((unsigned int)_Alignof(struct hvm_start_info))
BUILD_BUG_ON(_Alignof(struct hvm_memmap_table_entry) != _Alignof(struct hvm_start_info));
/* Far more than Xen's maps (a handful of entries; E820MAX is 1024). */
#define PVH_MMAP_MAX_ENTRIES 1024u

/* The first damage found; later ones do not overwrite it. */
static char why_buf[128];

#define why(...) format_first_problem(why_buf, sizeof(why_buf), __VA_ARGS__)

/* The string at addr if its NUL comes within CMDLINE_SCAN_MAX readable bytes. */
static const char *read_string(pvh_map_fn map, u64 addr)
{
	for (u32 n = 0; n < CMDLINE_SCAN_MAX; n++) {
		const char *p = map(addr + n, 1);

		if (!p) {
			why("the command line at 0x%llx runs into unreadable memory after %u bytes",
			    (unsigned long long)addr, n);
			return NULL;
		}
		if (!*p)
			return map(addr, n + 1);
	}
	why("the command line at 0x%llx has no NUL within %u bytes", (unsigned long long)addr,
	    CMDLINE_SCAN_MAX);
	return NULL;
}

/* Keeps one map entry, or names the damage and returns false. */
static bool add_entry(struct boot_info *boot, u32 i, u64 addr, u64 size, u32 type)
{
	if (size == 0 || size - 1 > ~0ull - addr) {
		why("memory map entry %u (0x%llx, %llu bytes) is empty or wraps around", i,
		    (unsigned long long)addr, (unsigned long long)size);
		return false;
	}
	if (boot->mmap_count == BOOT_MMAP_MAX) {
		boot->mmap_dropped++;
		return true;
	}
	boot->mmap[boot->mmap_count++] = (struct boot_mmap_entry){
		.base = addr, .length = size, .type = type,
	};
	return true;
}

static void read_mmap(const struct hvm_start_info *si, pvh_map_fn map, struct boot_info *boot)
{
	const struct hvm_memmap_table_entry *e;
	u32 n = si->memmap_entries;

	if (!n) {
		why("version %u but an empty memory map", si->version);
		return;
	}
	if (n > PVH_MMAP_MAX_ENTRIES) {
		why("memmap_entries %u is implausible (at most %u)", n, PVH_MMAP_MAX_ENTRIES);
		return;
	}
	if (si->memmap_paddr % PVH_ALIGN) {
		why("the memory map at 0x%llx is not %u-byte aligned",
		    (unsigned long long)si->memmap_paddr, PVH_ALIGN);
		return;
	}
	e = map(si->memmap_paddr, (u64)n * sizeof(*e));
	if (!e) {
		why("the memory map at 0x%llx (%u entries) is not readable",
		    (unsigned long long)si->memmap_paddr, n);
		return;
	}
	for (u32 i = 0; i < n; i++) {
		if (e[i].reserved) {
			why("memory map entry %u has reserved 0x%x (must be 0)", i, e[i].reserved);
			return;
		}
		if (!add_entry(boot, i, e[i].addr, e[i].size, e[i].type))
			return;
	}
}

const char *xen_pvh_parse_e820(const struct e820_entry *e, u32 room, u32 returned,
			       struct boot_info *boot)
{
	why_buf[0] = '\0';
	boot->mmap_count = 0;
	boot->mmap_dropped = 0;
	if (returned > room)
		return why("XENMEM_memory_map returned %u entries into room for %u", returned, room);
	for (u32 i = 0; i < returned; i++)
		if (!add_entry(boot, i, e[i].addr, e[i].size, e[i].type))
			break;
	return why_buf[0] ? why_buf : NULL;
}

const char *xen_pvh_parse_start_info(u64 paddr, pvh_map_fn map, struct boot_info *boot,
				     struct pvh_start *start)
{
	const struct hvm_start_info *si = map(paddr, PVH_V0_SIZE);

	why_buf[0] = '\0';
	start->valid = false;
	boot->protocol = "pvh";
	boot->mmap_count = 0;
	boot->mmap_dropped = 0;
	if (paddr % PVH_ALIGN)
		return why("hvm_start_info at 0x%llx is not %u-byte aligned", (unsigned long long)paddr,
			   PVH_ALIGN);
	if (!si)
		return why("hvm_start_info at 0x%llx is not readable", (unsigned long long)paddr);
	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		return why("hvm_start_info magic 0x%08x (want 0x%08x)", si->magic,
			   XEN_HVM_START_MAGIC_VALUE);
	start->valid = true;
	start->version = si->version;
	start->flags = si->flags;
	start->rsdp_paddr = si->rsdp_paddr;
	start->memmap_entries = 0;
	if (si->cmdline_paddr)
		boot->cmdline = read_string(map, si->cmdline_paddr);
	if (si->version >= 1) {
		si = map(paddr, sizeof(*si));
		if (!si) {
			why("version 1 hvm_start_info at 0x%llx is cut short",
			    (unsigned long long)paddr);
		} else {
			start->memmap_entries = si->memmap_entries;
			read_mmap(si, map, boot);
		}
	}
	return why_buf[0] ? why_buf : NULL;
}
