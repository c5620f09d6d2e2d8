/*
 * The ACPI table walker (see <pvkern/acpi.h>): RSDP, RSDT/XSDT, tables by
 * signature, the FADT's power-management fields and \_S5 in the DSDT.
 * Pure: no I/O, no global state besides the buffer of the last message.
 */
#include <pvkern/acpi.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>

/* Offsets from the ACPI specification (6.5, sections 5.2.5 - 5.2.9). */
#define RSDP_CHECKSUM_V1_LEN 20
#define RSDP_OEM_ID 9
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24

#define HDR_LENGTH 4

#define FADT_DSDT 40
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_PM1_CNT_LEN 89
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_DSDT 140
#define FADT_X_PM1A_CNT 172
#define FADT_X_PM1B_CNT 184
#define FADT_V1_LEN 116 /* ACPI 1.0: everything up to the flags */
#define FADT_FLAG_RESET_REG_SUP (1u << 10)
#define FADT_FLAG_HW_REDUCED (1u << 20)
#define GAS_LEN 12

/* AML opcodes the \_S5_ scanner reads (ACPI 6.5, section 20). */
#define AML_ZERO 0x00
#define AML_ONE 0x01
#define AML_NAME 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_PACKAGE 0x12
#define AML_ROOT_PREFIX 0x5c

static char why_buf[160];

static const char *why(const char *fmt, ...) __printf(1, 2);
static const char *why(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof(why_buf), fmt, ap);
	va_end(ap);
	return why_buf;
}

static u16 get16(const u8 *p)
{
	return p[0] | (u16)p[1] << 8;
}

static u32 get32(const u8 *p)
{
	return get16(p) | (u32)get16(p + 2) << 16;
}

static u64 get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

static u8 sum(const u8 *p, size_t n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* A signature for a message: printable characters only. */
static const char *sig_str(const u8 *p, char out[5])
{
	for (int i = 0; i < 4; i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?';
	out[4] = '\0';
	return out;
}

const char *acpi_parse_rsdp(const void *p, size_t avail, struct acpi_root *root)
{
	const u8 *b = p;
	u32 len;
	u64 xsdt;

	if (avail < ACPI_RSDP_V1_LEN)
		return why("RSDP of %zu bytes is shorter than %u", avail, ACPI_RSDP_V1_LEN);
	if (memcmp(b, "RSD PTR ", 8) != 0)
		return "no 'RSD PTR ' signature";
	if (sum(b, RSDP_CHECKSUM_V1_LEN) != 0)
		return "RSDP checksum is wrong";
	memset(root, 0, sizeof(*root));
	root->revision = b[RSDP_REVISION];
	memcpy(root->oem_id, b + RSDP_OEM_ID, 6);
	for (int i = 0; i < 6; i++)
		if (root->oem_id[i] < 0x20 || root->oem_id[i] >= 0x7f)
			root->oem_id[i] = '?';
	root->sdt_phys = get32(b + RSDP_RSDT);
	root->sdt_entry_len = 4;
	if (root->revision < 2)
		return root->sdt_phys ? NULL : "RSDP names no RSDT";
	/* ACPI 2.0 and later: the extended part, with its own length and checksum. */
	if (avail < ACPI_RSDP_V2_LEN)
		return why("ACPI %u RSDP of %zu bytes is shorter than %u", root->revision, avail,
			   ACPI_RSDP_V2_LEN);
	len = get32(b + RSDP_LENGTH);
	if (len < ACPI_RSDP_V2_LEN || len > avail)
		return why("RSDP length %u outside %u..%zu", len, ACPI_RSDP_V2_LEN, avail);
	if (sum(b, len) != 0)
		return "RSDP extended checksum is wrong";
	xsdt = get64(b + RSDP_XSDT);
	if (xsdt) {
		root->sdt_phys = xsdt;
		root->sdt_entry_len = 8;
	}
	return root->sdt_phys ? NULL : "RSDP names neither an XSDT nor an RSDT";
}

const char *acpi_scan_rsdp(const void *area, size_t len, u64 area_phys, struct acpi_root *root)
{
	const u8 *b = area;
	const char *first_bad = NULL;
	static char bad_buf[sizeof(why_buf)];

	for (size_t off = 0; off + ACPI_RSDP_V1_LEN <= len; off += 16) {
		const char *err;

		if (memcmp(b + off, "RSD PTR ", 8) != 0)
			continue;
		err = acpi_parse_rsdp(b + off, len - off, root);
		if (!err) {
			root->rsdp_phys = area_phys + off;
			return NULL;
		}
		/* A damaged copy may come before a good one: keep looking. */
		if (!first_bad) {
			snprintf(bad_buf, sizeof(bad_buf), "RSDP at 0x%llx: %s",
				 (unsigned long long)(area_phys + off), err);
			first_bad = bad_buf;
		}
	}
	return first_bad ? first_bad : "no RSDP";
}

const char *acpi_map_table(const struct acpi_mem *m, u64 phys, const char *sig,
			   struct acpi_table *t)
{
	const u8 *h = m->map(m, phys, ACPI_HEADER_LEN);
	char s[5];
	u32 len;

	if (!h)
		return why("%s at 0x%llx cannot be read", sig, (unsigned long long)phys);
	if (memcmp(h, sig, 4) != 0)
		return why("table at 0x%llx is '%s', not %s", (unsigned long long)phys,
			   sig_str(h, s), sig);
	len = get32(h + HDR_LENGTH);
	if (len < ACPI_HEADER_LEN || len > ACPI_TABLE_MAX)
		return why("%s at 0x%llx has length %u (want %u..%u)", sig,
			   (unsigned long long)phys, len, ACPI_HEADER_LEN, ACPI_TABLE_MAX);
	t->bytes = m->map(m, phys, len);
	if (!t->bytes)
		return why("%s at 0x%llx: its %u bytes cannot be read", sig,
			   (unsigned long long)phys, len);
	if (sum(t->bytes, len) != 0)
		return why("%s at 0x%llx: checksum is wrong", sig, (unsigned long long)phys);
	t->phys = phys;
	t->len = len;
	return NULL;
}

const char *acpi_find_table(const struct acpi_mem *m, const struct acpi_root *root,
			    const char *sig, unsigned int instance, struct acpi_table *t)
{
	const char *sdt_sig = root->sdt_entry_len == 8 ? "XSDT" : "RSDT";
	struct acpi_table sdt;
	const char *err = acpi_map_table(m, root->sdt_phys, sdt_sig, &sdt);
	u32 n;

	if (err)
		return err;
	if (root->sdt_entry_len != 4 && root->sdt_entry_len != 8)
		return why("root table entries of %u bytes", root->sdt_entry_len);
	n = (sdt.len - ACPI_HEADER_LEN) / root->sdt_entry_len;
	for (u32 i = 0; i < n; i++) {
		const u8 *e = sdt.bytes + ACPI_HEADER_LEN + i * root->sdt_entry_len;
		u64 phys = root->sdt_entry_len == 8 ? get64(e) : get32(e);
		const u8 *h;

		if (!phys)
			continue;
		h = m->map(m, phys, 4);
		/* An entry we cannot read is not the one asked for; it is checked when it is. */
		if (!h || memcmp(h, sig, 4) != 0)
			continue;
		if (instance--)
			continue;
		return acpi_map_table(m, phys, sig, t);
	}
	return why("no %s table among the %u entries of the %s", sig, n, sdt_sig);
}

static void get_gas(const u8 *p, struct acpi_gas *g)
{
	g->space_id = p[0];
	g->bit_width = p[1];
	g->bit_offset = p[2];
	g->access_size = p[3];
	g->address = get64(p + 4);
}

/* The port of a PM1 control block: the extended field when it names one. */
static const char *pm1_cnt_port(const struct acpi_table *t, u32 legacy_off, u32 x_off,
				const char *name, u16 *port)
{
	u32 legacy = get32(t->bytes + legacy_off);

	if (t->len >= x_off + GAS_LEN) {
		struct acpi_gas g;

		get_gas(t->bytes + x_off, &g);
		if (g.address && g.space_id == ACPI_GAS_IO) {
			if (g.address > 0xffff)
				return why("FADT X_%s_CNT_BLK I/O port 0x%llx is beyond 0xffff", name,
					   (unsigned long long)g.address);
			*port = g.address;
			return NULL;
		}
		if (g.address && !legacy)
			return why("FADT X_%s_CNT_BLK is in address space %u, not I/O", name,
				   g.space_id);
	}
	if (legacy > 0xffff)
		return why("FADT %s_CNT_BLK I/O port 0x%x is beyond 0xffff", name, legacy);
	*port = legacy;
	return NULL;
}

const char *acpi_parse_fadt(const struct acpi_table *t, struct acpi_fadt *f)
{
	const char *err;
	u32 flags;

	memset(f, 0, sizeof(*f));
	if (t->len < FADT_V1_LEN)
		return why("FADT of %u bytes is shorter than ACPI 1.0's %u", t->len, FADT_V1_LEN);
	flags = get32(t->bytes + FADT_FLAGS);
	f->dsdt = get32(t->bytes + FADT_DSDT);
	if (t->len >= FADT_X_DSDT + 8 && get64(t->bytes + FADT_X_DSDT))
		f->dsdt = get64(t->bytes + FADT_X_DSDT);
	f->smi_cmd = get32(t->bytes + FADT_SMI_CMD);
	f->acpi_enable = t->bytes[FADT_ACPI_ENABLE];
	if (t->len >= FADT_RESET_VALUE + 1 && (flags & FADT_FLAG_RESET_REG_SUP)) {
		f->reset_supported = true;
		get_gas(t->bytes + FADT_RESET_REG, &f->reset_reg);
		f->reset_value = t->bytes[FADT_RESET_VALUE];
	}
	if (flags & FADT_FLAG_HW_REDUCED)
		return "FADT: a hardware-reduced ACPI platform (no PM1 control block)";
	err = pm1_cnt_port(t, FADT_PM1A_CNT, FADT_X_PM1A_CNT, "PM1a", &f->pm1a_cnt);
	if (!err)
		err = pm1_cnt_port(t, FADT_PM1B_CNT, FADT_X_PM1B_CNT, "PM1b", &f->pm1b_cnt);
	if (err)
		return err;
	if (!f->pm1a_cnt)
		return "FADT has no PM1a control block";
	if (t->bytes[FADT_PM1_CNT_LEN] < 2)
		return why("FADT PM1_CNT_LEN %u is below 2", t->bytes[FADT_PM1_CNT_LEN]);
	if (!f->dsdt)
		return "FADT names no DSDT";
	return NULL;
}

/*
 * One package element that is an integer: Zero, One, or a byte, word or
 * dword constant. *at moves past it. False for anything else.
 */
static bool aml_integer(const u8 *aml, u32 len, u32 *at, u32 *value)
{
	u32 p = *at, size;

	if (p >= len)
		return false;
	switch (aml[p]) {
	case AML_ZERO:
	case AML_ONE:
		*value = aml[p];
		*at = p + 1;
		return true;
	case AML_BYTE_PREFIX:
		size = 1;
		break;
	case AML_WORD_PREFIX:
		size = 2;
		break;
	case AML_DWORD_PREFIX:
		size = 4;
		break;
	default:
		return false;
	}
	if (len - p - 1 < size)
		return false;
	*value = size == 1 ? aml[p + 1] : size == 2 ? get16(aml + p + 1) : get32(aml + p + 1);
	*at = p + 1 + size;
	return true;
}

/*
 * Finds `Name (_S5_, Package () { SLP_TYPa, SLP_TYPb, ... })` by its bytes,
 * as small kernels do instead of running an AML interpreter: NameOp, an
 * optional root prefix, "_S5_", PackageOp, PkgLength, NumElements, then
 * the integers. Every step stays within the package and the AML.
 */
const char *acpi_find_s5(const u8 *aml, u32 len, u8 *slp_typa, u8 *slp_typb)
{
	for (u32 i = 1; i + 4 <= len; i++) {
		u32 p, pkg_end, lead_bytes, pkg_len, n, a, b;

		if (memcmp(aml + i, "_S5_", 4) != 0)
			continue;
		if (aml[i - 1] != AML_NAME &&
		    !(i >= 2 && aml[i - 1] == AML_ROOT_PREFIX && aml[i - 2] == AML_NAME))
			continue; /* a reference to _S5_, not its definition */
		p = i + 4;
		if (p >= len || aml[p] != AML_PACKAGE)
			return why("\\_S5_ at AML offset %u is not a package", i);
		p++;
		if (p >= len)
			return "\\_S5_ package cut off by the end of the DSDT";
		/* PkgLength: bits 7-6 of the lead byte count the bytes that follow. */
		lead_bytes = aml[p] >> 6;
		if (len - p < 1 + lead_bytes)
			return "\\_S5_ package length cut off by the end of the DSDT";
		pkg_len = lead_bytes ? aml[p] & 0x0f : aml[p] & 0x3f;
		for (u32 k = 0; k < lead_bytes; k++)
			pkg_len |= (u32)aml[p + 1 + k] << (4 + 8 * k);
		if (pkg_len > len - p)
			return why("\\_S5_ package of %u bytes runs past the DSDT's end", pkg_len);
		pkg_end = p + pkg_len;
		p += 1 + lead_bytes;
		if (p >= pkg_end)
			return "\\_S5_ package has no element count";
		n = aml[p++];
		if (n < 1)
			return "\\_S5_ package is empty";
		if (!aml_integer(aml, pkg_end, &p, &a))
			return "\\_S5_ SLP_TYPa is not an integer constant";
		b = a; /* one element: the same for both blocks */
		if (n >= 2 && !aml_integer(aml, pkg_end, &p, &b))
			return "\\_S5_ SLP_TYPb is not an integer constant";
		if (a > 7 || b > 7)
			return why("\\_S5_ sleep types 0x%x/0x%x are not 3-bit values", a, b);
		*slp_typa = a;
		*slp_typb = b;
		return NULL;
	}
	return "no \\_S5_ object in the DSDT";
}

const char *acpi_poweroff_lookup(const struct acpi_mem *m, const struct acpi_root *root,
				 struct acpi_poweroff_info *info)
{
	struct acpi_table fadt, dsdt;
	const char *err;

	memset(info, 0, sizeof(*info));
	info->root = *root;
	err = acpi_find_table(m, root, "FACP", 0, &fadt);
	if (!err)
		err = acpi_parse_fadt(&fadt, &info->fadt);
	info->fadt_ok = !err || info->fadt.reset_supported;
	if (!err)
		err = acpi_map_table(m, info->fadt.dsdt, "DSDT", &dsdt);
	if (!err)
		err = acpi_find_s5(dsdt.bytes + ACPI_HEADER_LEN, dsdt.len - ACPI_HEADER_LEN,
				   &info->slp_typa, &info->slp_typb);
	return err;
}
