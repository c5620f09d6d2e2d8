/*
 * ACPI tables, read-only and pure: bytes in, values out, no port I/O, so
 * the same code runs in the kernel, the host tests and the fuzzer. Every
 * table comes from firmware and is treated as hostile: a length is trusted
 * only within its container, every checksum is checked, and a function that
 * finds something wrong returns one line saying what (NULL when all is well).
 *
 * Physical memory is reached through struct acpi_mem, so the walker never
 * dereferences an address it was not handed by its caller.
 */
#ifndef PVKERN_ACPI_H
#define PVKERN_ACPI_H

#include <pvkern/types.h>

#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36
#define ACPI_HEADER_LEN 36
/* Larger than any real table (DSDTs reach a few hundred KiB). */
#define ACPI_TABLE_MAX (4u << 20)

/* Where the BIOS may put the RSDP: the EBDA's first KiB, and this area. */
#define ACPI_BIOS_AREA_START 0xe0000u
#define ACPI_BIOS_AREA_END 0x100000u
#define ACPI_EBDA_PTR 0x40eu /* BIOS data area: EBDA segment (u16) */
#define ACPI_EBDA_SCAN_LEN 1024u

struct acpi_mem {
	/* len bytes at physical address phys, or NULL if they cannot be read. */
	const void *(*map)(const struct acpi_mem *m, u64 phys, u32 len);
	void *ctx;
};

struct acpi_root {
	u64 rsdp_phys; /* where it was found; 0 for a copy the loader handed over */
	u8 revision;   /* 0: ACPI 1.0 (RSDT only), 2 and later: XSDT */
	char oem_id[7];
	u64 sdt_phys;     /* the XSDT when there is one, else the RSDT */
	u8 sdt_entry_len; /* 8 (XSDT) or 4 (RSDT) */
};

struct acpi_table {
	u64 phys;
	const u8 *bytes; /* the whole table, header included, checksum checked */
	u32 len;
};

/* A Generic Address Structure (FADT reset register, extended blocks). */
struct acpi_gas {
	u8 space_id; /* ACPI_GAS_* */
	u8 bit_width, bit_offset, access_size;
	u64 address;
};
#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO 1
#define ACPI_GAS_PCI_CONFIG 2

/* What power-off and reset need from the FADT and the DSDT. */
struct acpi_fadt {
	u64 dsdt;
	u32 smi_cmd;     /* 0: the machine is in ACPI mode already */
	u8 acpi_enable;  /* written to smi_cmd to enter ACPI mode */
	u16 pm1a_cnt, pm1b_cnt; /* I/O ports; pm1b_cnt 0 when absent */
	bool reset_supported;
	struct acpi_gas reset_reg;
	u8 reset_value;
};

struct acpi_poweroff_info {
	struct acpi_root root;
	bool fadt_ok; /* fadt holds a parsed FADT (its reset register may serve) */
	struct acpi_fadt fadt;
	u8 slp_typa, slp_typb; /* \_S5's sleep types for PM1a and PM1b */
};

/* Checks an RSDP of avail readable bytes: signature, checksums, lengths. */
const char *acpi_parse_rsdp(const void *p, size_t avail, struct acpi_root *root);
/* Looks for a valid RSDP on 16-byte boundaries of area (at area_phys). */
const char *acpi_scan_rsdp(const void *area, size_t len, u64 area_phys, struct acpi_root *root);
/* The table at phys, whose signature must be sig (4 characters). */
const char *acpi_map_table(const struct acpi_mem *m, u64 phys, const char *sig,
			   struct acpi_table *t);
/*
 * The instance'th (from 0) table with signature sig listed in the RSDT or
 * XSDT. The message starts with "no " when there is no such table.
 */
const char *acpi_find_table(const struct acpi_mem *m, const struct acpi_root *root,
			    const char *sig, unsigned int instance, struct acpi_table *t);
const char *acpi_parse_fadt(const struct acpi_table *t, struct acpi_fadt *f);
/* SLP_TYPa/b from the \_S5_ package of a DSDT's AML (the bytes after its header). */
const char *acpi_find_s5(const u8 *aml, u32 len, u8 *slp_typa, u8 *slp_typb);
/* The processors a MADT lists: local APIC ids of the enabled or online-capable ones. */
#define ACPI_MADT_MAX_CPUS 64
struct acpi_madt {
	u32 lapic_addr;
	unsigned int nr_cpus; /* listed; the first ACPI_MADT_MAX_CPUS are in apic_ids */
	u32 apic_ids[ACPI_MADT_MAX_CPUS];
};
const char *acpi_parse_madt(const struct acpi_table *t, struct acpi_madt *m);

/* All of the above: from an RSDP to what a power-off writes. */
const char *acpi_poweroff_lookup(const struct acpi_mem *m, const struct acpi_root *root,
				 struct acpi_poweroff_info *info);

#endif
