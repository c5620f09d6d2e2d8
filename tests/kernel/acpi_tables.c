/*
 * The ACPI table walker (kernel/acpi.c) on hand-made tables in a scratch
 * "physical memory": good tables are read, and every way a table can be
 * damaged is refused with one line, never read past. Runs in every kernel
 * and, with ASan and UBSan, in the host tests.
 */
#include <pvkern/acpi.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>

#define MEM_BASE 0x000e0000ull /* where the scratch memory pretends to be */
#define MEM_SIZE 8192

/* Where each table goes in the scratch memory (offsets). */
#define AT_RSDP 0x10
#define AT_RSDT 0x100
#define AT_XSDT 0x200
#define AT_FADT 0x400
#define AT_DSDT 0x800
#define AT_MADT 0xc00
#define AT_MADT2 0xd00
#define AT_JUNK 0xe00

static u8 mem[MEM_SIZE];

static const void *scratch_map(const struct acpi_mem *m, u64 phys, u32 len)
{
	if (phys < MEM_BASE || phys - MEM_BASE > MEM_SIZE || len > MEM_SIZE - (phys - MEM_BASE))
		return NULL;
	return mem + (phys - MEM_BASE);
}

static const struct acpi_mem scratch = { .map = scratch_map };

static u64 phys(u32 off)
{
	return MEM_BASE + off;
}

static void put16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(u8 *p, u64 v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

/* Sets the byte at p so that the n bytes from start sum to zero. */
static void fix_sum(u8 *start, size_t n, u8 *p)
{
	u8 s = 0;

	*p = 0;
	for (size_t i = 0; i < n; i++)
		s += start[i];
	*p = -s;
}

static void rsdp_v1(u32 at, u32 rsdt)
{
	u8 *r = mem + at;

	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "PVTEST", 6);
	r[15] = 0;
	put32(r + 16, rsdt);
	fix_sum(r, 20, r + 8);
}

static void rsdp_v2(u32 at, u32 rsdt, u64 xsdt)
{
	u8 *r = mem + at;

	rsdp_v1(at, rsdt);
	r[15] = 2;
	fix_sum(r, 20, r + 8);
	put32(r + 20, 36);
	put64(r + 24, xsdt);
	fix_sum(r, 36, r + 32);
}

/* A table header; the body is the caller's, then table_done() sums it. */
static u8 *table(u32 at, const char *sig, u32 len)
{
	u8 *t = mem + at;

	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = 1;
	memcpy(t + 10, "PVTEST", 6);
	return t;
}

static void table_done(u32 at)
{
	u8 *t = mem + at;
	u32 len = t[4] | t[5] << 8 | t[6] << 16 | (u32)t[7] << 24;

	fix_sum(t, len, t + 9);
}

static void rsdt(u32 at, const u32 *entries, unsigned int n)
{
	u8 *t = table(at, "RSDT", 36 + 4 * n);

	for (unsigned int i = 0; i < n; i++)
		put32(t + 36 + 4 * i, entries[i]);
	table_done(at);
}

static void xsdt(u32 at, const u64 *entries, unsigned int n)
{
	u8 *t = table(at, "XSDT", 36 + 8 * n);

	for (unsigned int i = 0; i < n; i++)
		put64(t + 36 + 8 * i, entries[i]);
	table_done(at);
}

/* An ACPI 1.0 FADT: PM1a at 0x604, no PM1b, SMI_CMD 0xb2 / 0xf1. */
static u8 *fadt_v1(u32 at, u32 dsdt)
{
	u8 *t = table(at, "FACP", 116);

	put32(t + 40, dsdt);
	put32(t + 48, 0xb2);
	t[52] = 0xf1;
	put32(t + 64, 0x604);
	t[89] = 2;
	table_done(at);
	return t;
}

/* An ACPI 2.0+ FADT of 244 bytes with the extended blocks and a reset register. */
static u8 *fadt_v2(u32 at, u32 dsdt, u64 x_dsdt)
{
	u8 *t = table(at, "FACP", 244);

	t[8] = 4;
	put32(t + 40, dsdt);
	put32(t + 64, 0x604);
	put32(t + 68, 0x608);
	t[89] = 2;
	put32(t + 112, 1u << 10); /* RESET_REG_SUP */
	t[116] = 1;               /* reset register: I/O 0xcf9 */
	t[117] = 8;
	put64(t + 120, 0xcf9);
	t[128] = 0x06;
	put64(t + 140, x_dsdt);
	t[172] = 1; /* X_PM1a_CNT_BLK: I/O 0x1004 */
	t[173] = 16;
	put64(t + 176, 0x1004);
	t[184] = 1; /* X_PM1b_CNT_BLK: I/O 0x1008 */
	t[185] = 16;
	put64(t + 188, 0x1008);
	table_done(at);
	return t;
}

/* QEMU's: Name (_S5, Package (0x04) { Zero, Zero, Zero, Zero }) */
static const u8 aml_s5_qemu[] = { 0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x06, 0x04,
				  0x00, 0x00, 0x00, 0x00 };
/* Many PCs': Name (\_S5, Package () { 0x07, 0x07, Zero, Zero }) after other AML */
static const u8 aml_s5_pc[] = { 0x10, 0x05, 0x5c, 0x5f, 0x53, 0x42, 0x5f, /* Scope (\_SB_) */
				0xa4, 0x5f, 0x53, 0x35, 0x5f,             /* Return (_S5_): a use */
				0x08, 0x5c, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x08, 0x04,
				0x0a, 0x07, 0x0a, 0x07, 0x00, 0x00 };

static void dsdt(u32 at, const u8 *aml, u32 n)
{
	u8 *t = table(at, "DSDT", 36 + n);

	memcpy(t + 36, aml, n);
	table_done(at);
}

/* A machine like QEMU's pc: RSDP 1.0 -> RSDT -> FADT 1.0 -> DSDT with \_S5. */
static struct acpi_root qemu_like(void)
{
	static const u32 entries[] = { (u32)MEM_BASE + AT_FADT, (u32)MEM_BASE + AT_MADT };
	struct acpi_root root;

	memset(mem, 0, sizeof(mem));
	rsdp_v1(AT_RSDP, phys(AT_RSDT));
	rsdt(AT_RSDT, entries, 2);
	fadt_v1(AT_FADT, phys(AT_DSDT));
	dsdt(AT_DSDT, aml_s5_qemu, sizeof(aml_s5_qemu));
	table(AT_MADT, "APIC", 44);
	table_done(AT_MADT);
	acpi_parse_rsdp(mem + AT_RSDP, 20, &root);
	return root;
}

static bool one_line(const char *msg)
{
	return msg && *msg && !strchr(msg, '\n');
}

static bool says(const char *msg, const char *what)
{
	size_t n = strlen(what);

	for (; msg && *msg; msg++)
		if (strncmp(msg, what, n) == 0)
			return true;
	return false;
}

#define KEXPECT_REFUSED(t, err, what)                                           \
	do {                                                                    \
		const char *__e = (err);                                        \
		if (!KEXPECT_TRUE(t, one_line(__e)) || !KEXPECT_TRUE(t, says(__e, what))) \
			KTEST_FAIL(t, "message '%s', expected one line with '%s'",   \
				   __e ? __e : "(none)", what);                 \
	} while (0)

static void test_rsdp_v1_and_v2(struct ktest *t)
{
	struct acpi_root root;

	memset(mem, 0, sizeof(mem));
	rsdp_v1(AT_RSDP, 0x12345678);
	KASSERT_TRUE(t, acpi_parse_rsdp(mem + AT_RSDP, 20, &root) == NULL);
	KEXPECT_EQ(t, 0, root.revision);
	KEXPECT_EQ(t, 0x12345678, root.sdt_phys);
	KEXPECT_EQ(t, 4, root.sdt_entry_len);
	KEXPECT_STREQ(t, "PVTEST", root.oem_id);

	rsdp_v2(AT_RSDP, 0x1000, 0x123456789abcull);
	KASSERT_TRUE(t, acpi_parse_rsdp(mem + AT_RSDP, 36, &root) == NULL);
	KEXPECT_EQ(t, 2, root.revision);
	KEXPECT_EQ(t, 0x123456789abcull, root.sdt_phys);
	KEXPECT_EQ(t, 8, root.sdt_entry_len);
	/* No XSDT in a 2.0 RSDP: the RSDT serves. */
	rsdp_v2(AT_RSDP, 0x1000, 0);
	KASSERT_TRUE(t, acpi_parse_rsdp(mem + AT_RSDP, 36, &root) == NULL);
	KEXPECT_EQ(t, 0x1000, root.sdt_phys);
	KEXPECT_EQ(t, 4, root.sdt_entry_len);
}

static void test_rsdp_damage_refused(struct ktest *t)
{
	struct acpi_root root;
	u8 *r = mem + AT_RSDP;

	memset(mem, 0, sizeof(mem));
	rsdp_v1(AT_RSDP, 0x1000);
	KEXPECT_REFUSED(t, acpi_parse_rsdp(r, 19, &root), "shorter");
	r[16] ^= 1;
	KEXPECT_REFUSED(t, acpi_parse_rsdp(r, 20, &root), "checksum");
	rsdp_v1(AT_RSDP, 0);
	KEXPECT_REFUSED(t, acpi_parse_rsdp(r, 20, &root), "no RSDT");
	r[0] = 'X';
	KEXPECT_REFUSED(t, acpi_parse_rsdp(r, 20, &root), "signature");

	rsdp_v2(AT_RSDP, 0x1000, 0x2000);
	KEXPECT_REFUSED(t, acpi_parse_rsdp(r, 35, &root), "shorter");
	r[30] ^= 1; /* inside the extended part only */
	KEXPECT_REFUSED(t, acpi_parse_rsdp(r, 36, &root), "extended checksum");
	/* A length beyond what the caller can read is never summed. */
	rsdp_v2(AT_RSDP, 0x1000, 0x2000);
	put32(r + 20, 37);
	fix_sum(r, 36, r + 32);
	KEXPECT_REFUSED(t, acpi_parse_rsdp(r, 36, &root), "length 37");
	put32(r + 20, 0xffffffff);
	KEXPECT_REFUSED(t, acpi_parse_rsdp(r, 36, &root), "length");
	put32(r + 20, 20);
	KEXPECT_REFUSED(t, acpi_parse_rsdp(r, 36, &root), "length 20");
}

static void test_rsdp_scan(struct ktest *t)
{
	struct acpi_root root;

	memset(mem, 0, sizeof(mem));
	KEXPECT_REFUSED(t, acpi_scan_rsdp(mem, MEM_SIZE, MEM_BASE, &root), "no RSDP");
	/* Off a 16-byte boundary it does not count. */
	rsdp_v1(0x108, 0x1000);
	KEXPECT_REFUSED(t, acpi_scan_rsdp(mem, MEM_SIZE, MEM_BASE, &root), "no RSDP");
	/* A damaged one first, then a good one: the good one is found. */
	rsdp_v1(0x200, 0x1000);
	mem[0x200 + 16] ^= 1;
	rsdp_v1(0x400, 0x2000);
	KASSERT_TRUE(t, acpi_scan_rsdp(mem, MEM_SIZE, MEM_BASE, &root) == NULL);
	KEXPECT_EQ(t, MEM_BASE + 0x400, root.rsdp_phys);
	KEXPECT_EQ(t, 0x2000, root.sdt_phys);
	/* Only damaged ones: the first is named. */
	mem[0x400 + 16] ^= 1;
	KEXPECT_REFUSED(t, acpi_scan_rsdp(mem, MEM_SIZE, MEM_BASE, &root), "RSDP at 0xe0200");
	/* A signature in the area's last 16 bytes is not read past the area's end. */
	memset(mem, 0, sizeof(mem));
	memcpy(mem + MEM_SIZE - 16, "RSD PTR ", 8);
	KEXPECT_REFUSED(t, acpi_scan_rsdp(mem, MEM_SIZE, MEM_BASE, &root), "no RSDP");
}

static void test_find_tables_by_signature(struct ktest *t)
{
	static const u64 x_entries[] = { 0, 0xfffffffff000ull, MEM_BASE + AT_MADT,
					 MEM_BASE + AT_FADT, MEM_BASE + AT_MADT2 };
	struct acpi_root root = qemu_like();
	struct acpi_table tb;

	KASSERT_TRUE(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb) == NULL);
	KEXPECT_EQ(t, phys(AT_FADT), tb.phys);
	KEXPECT_EQ(t, 116, tb.len);
	KEXPECT_TRUE(t, tb.bytes == mem + AT_FADT);
	KASSERT_TRUE(t, acpi_find_table(&scratch, &root, "APIC", 0, &tb) == NULL);
	KEXPECT_EQ(t, phys(AT_MADT), tb.phys);
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "APIC", 1, &tb), "no APIC table");
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "HPET", 0, &tb), "no HPET table");

	/* An XSDT with a null entry and one beyond memory: both passed over. */
	table(AT_MADT2, "APIC", 40);
	table_done(AT_MADT2);
	xsdt(AT_XSDT, x_entries, 5);
	rsdp_v2(AT_RSDP, 0, phys(AT_XSDT));
	KASSERT_TRUE(t, acpi_parse_rsdp(mem + AT_RSDP, 36, &root) == NULL);
	KASSERT_TRUE(t, acpi_find_table(&scratch, &root, "APIC", 1, &tb) == NULL);
	KEXPECT_EQ(t, phys(AT_MADT2), tb.phys);
	KEXPECT_EQ(t, 40, tb.len);
	KASSERT_TRUE(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb) == NULL);
	KEXPECT_EQ(t, phys(AT_FADT), tb.phys);
}

static void test_damaged_tables_refused(struct ktest *t)
{
	struct acpi_root root = qemu_like();
	struct acpi_table tb;
	u8 *f = mem + AT_FADT;

	/* The root table itself. */
	mem[AT_RSDT + 40] ^= 1;
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb), "RSDT at 0xe0100: checksum");
	root = qemu_like();
	root.sdt_phys = phys(AT_FADT);
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb), "is 'FACP', not RSDT");
	root.sdt_phys = MEM_BASE + MEM_SIZE - 8;
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb), "cannot be read");

	/* The table asked for: checksum, lengths below its header and past memory. */
	root = qemu_like();
	f[100] ^= 1;
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb), "FACP at 0xe0400: checksum");
	root = qemu_like();
	put32(f + 4, 35);
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb), "length 35");
	put32(f + 4, MEM_SIZE);
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb), "cannot be read");
	put32(f + 4, 0xffffffff);
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb), "length 4294967295");
	/* The RSDT's length is what bounds its entries: a shorter one lists fewer. */
	root = qemu_like();
	put32(mem + AT_RSDT + 4, 36 + 4 + 3);
	table_done(AT_RSDT);
	KEXPECT_TRUE(t, acpi_find_table(&scratch, &root, "FACP", 0, &tb) == NULL);
	KEXPECT_REFUSED(t, acpi_find_table(&scratch, &root, "APIC", 0, &tb), "among the 1 entries");
}

static void test_fadt_fields(struct ktest *t)
{
	struct acpi_table tb = { .phys = phys(AT_FADT), .bytes = mem + AT_FADT };
	struct acpi_fadt f;
	u8 *b;

	memset(mem, 0, sizeof(mem));
	fadt_v1(AT_FADT, 0x3fe0040);
	tb.len = 116;
	KASSERT_TRUE(t, acpi_parse_fadt(&tb, &f) == NULL);
	KEXPECT_EQ(t, 0x3fe0040, f.dsdt);
	KEXPECT_EQ(t, 0x604, f.pm1a_cnt);
	KEXPECT_EQ(t, 0, f.pm1b_cnt);
	KEXPECT_EQ(t, 0xb2, f.smi_cmd);
	KEXPECT_EQ(t, 0xf1, f.acpi_enable);
	KEXPECT_FALSE(t, f.reset_supported);
	tb.len = 115;
	KEXPECT_REFUSED(t, acpi_parse_fadt(&tb, &f), "shorter than ACPI 1.0");

	/* 2.0+: the extended fields win, the reset register is read. */
	b = fadt_v2(AT_FADT, 0x1000, 0x12345678abcull);
	tb.len = 244;
	KASSERT_TRUE(t, acpi_parse_fadt(&tb, &f) == NULL);
	KEXPECT_EQ(t, 0x12345678abcull, f.dsdt);
	KEXPECT_EQ(t, 0x1004, f.pm1a_cnt);
	KEXPECT_EQ(t, 0x1008, f.pm1b_cnt);
	KEXPECT_TRUE(t, f.reset_supported);
	KEXPECT_EQ(t, ACPI_GAS_IO, f.reset_reg.space_id);
	KEXPECT_EQ(t, 0xcf9, f.reset_reg.address);
	KEXPECT_EQ(t, 0x06, f.reset_value);
	/* A FADT cut before the extended blocks: the legacy ones. */
	tb.len = 172;
	KASSERT_TRUE(t, acpi_parse_fadt(&tb, &f) == NULL);
	KEXPECT_EQ(t, 0x604, f.pm1a_cnt);
	KEXPECT_EQ(t, 0x608, f.pm1b_cnt);
	tb.len = 244;
	/* An extended block in memory space, no legacy one: not usable by ports. */
	b[172] = ACPI_GAS_MEMORY;
	put32(b + 64, 0);
	KEXPECT_REFUSED(t, acpi_parse_fadt(&tb, &f), "X_PM1a_CNT_BLK is in address space 0");
	b[172] = ACPI_GAS_IO;
	put64(b + 176, 0x10000);
	KEXPECT_REFUSED(t, acpi_parse_fadt(&tb, &f), "beyond 0xffff");
	put64(b + 176, 0);
	KEXPECT_REFUSED(t, acpi_parse_fadt(&tb, &f), "no PM1a control block");
	put64(b + 176, 0x1004);
	b[89] = 1;
	KEXPECT_REFUSED(t, acpi_parse_fadt(&tb, &f), "PM1_CNT_LEN 1");
	b[89] = 2;
	put32(b + 112, (1u << 10) | (1u << 20));
	KEXPECT_REFUSED(t, acpi_parse_fadt(&tb, &f), "hardware-reduced");
	/* Even then the reset register is known. */
	KEXPECT_TRUE(t, f.reset_supported);
	put32(b + 112, 0);
	put32(b + 40, 0);
	put64(b + 140, 0);
	KEXPECT_REFUSED(t, acpi_parse_fadt(&tb, &f), "no DSDT");
}

static void test_s5_forms(struct ktest *t)
{
	/* Two-byte PkgLength (0x40 | low nibble, then the rest) and a word constant. */
	static const u8 long_pkg[] = { 0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x47, 0x00, 0x02,
				       0x0b, 0x05, 0x00, 0x01 };
	/* One element: it serves both blocks. */
	static const u8 one[] = { 0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x04, 0x01, 0x0a, 0x06 };
	u8 a = 0xff, b = 0xff;

	KASSERT_TRUE(t, acpi_find_s5(aml_s5_qemu, sizeof(aml_s5_qemu), &a, &b) == NULL);
	KEXPECT_EQ(t, 0, a);
	KEXPECT_EQ(t, 0, b);
	KASSERT_TRUE(t, acpi_find_s5(aml_s5_pc, sizeof(aml_s5_pc), &a, &b) == NULL);
	KEXPECT_EQ(t, 7, a);
	KEXPECT_EQ(t, 7, b);
	KASSERT_TRUE(t, acpi_find_s5(long_pkg, sizeof(long_pkg), &a, &b) == NULL);
	KEXPECT_EQ(t, 5, a);
	KEXPECT_EQ(t, 1, b);
	KASSERT_TRUE(t, acpi_find_s5(one, sizeof(one), &a, &b) == NULL);
	KEXPECT_EQ(t, 6, a);
	KEXPECT_EQ(t, 6, b);
}

static void test_s5_damage_refused(struct ktest *t)
{
	u8 aml[sizeof(aml_s5_pc)];
	u8 a, b;

	/* Cut anywhere inside the package: refused, never read past the cut. */
	for (u32 n = 13; n < sizeof(aml_s5_pc); n++) {
		u8 cut[sizeof(aml_s5_pc)];
		const char *err;

		memcpy(cut, aml_s5_pc, n);
		err = acpi_find_s5(cut, n, &a, &b);
		if (!KEXPECT_TRUE(t, one_line(err)))
			KTEST_FAIL(t, "\\_S5_ cut to %u bytes was accepted", n);
	}
	KEXPECT_REFUSED(t, acpi_find_s5(aml_s5_pc, 12, &a, &b), "no \\_S5_");
	{
		/* The package ends inside SLP_TYPb's ByteConst: its value is not read. */
		static const u8 short_pkg[] = { 0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x05, 0x02,
						0x0a, 0x07, 0x0a, 0x07 };

		KEXPECT_REFUSED(t, acpi_find_s5(short_pkg, sizeof(short_pkg), &a, &b),
				"SLP_TYPb is not");
	}
	memcpy(aml, aml_s5_pc, sizeof(aml));
	aml[18] = 0x13; /* not PackageOp */
	KEXPECT_REFUSED(t, acpi_find_s5(aml, sizeof(aml), &a, &b), "not a package");
	memcpy(aml, aml_s5_pc, sizeof(aml));
	aml[19] = 0x3f; /* a package longer than the AML */
	KEXPECT_REFUSED(t, acpi_find_s5(aml, sizeof(aml), &a, &b), "runs past");
	memcpy(aml, aml_s5_pc, sizeof(aml));
	aml[22] = 0x08; /* SLP_TYPa 8 has no 3-bit encoding */
	KEXPECT_REFUSED(t, acpi_find_s5(aml, sizeof(aml), &a, &b), "3-bit");
	memcpy(aml, aml_s5_pc, sizeof(aml));
	aml[21] = 0x70; /* an opcode, not an integer */
	KEXPECT_REFUSED(t, acpi_find_s5(aml, sizeof(aml), &a, &b), "SLP_TYPa is not");
	memcpy(aml, aml_s5_pc, sizeof(aml));
	aml[20] = 0; /* no elements */
	KEXPECT_REFUSED(t, acpi_find_s5(aml, sizeof(aml), &a, &b), "empty");
}

static void test_poweroff_lookup_end_to_end(struct ktest *t)
{
	struct acpi_root root = qemu_like();
	struct acpi_poweroff_info info;

	KASSERT_TRUE(t, acpi_poweroff_lookup(&scratch, &root, &info) == NULL);
	KEXPECT_EQ(t, 0x604, info.fadt.pm1a_cnt);
	KEXPECT_EQ(t, 0, info.slp_typa);
	KEXPECT_TRUE(t, info.fadt_ok);
	/* A PC's DSDT with \_S5 = 7 behind a 2.0 RSDP and an XSDT. */
	{
		static const u64 entries[] = { MEM_BASE + AT_FADT };

		dsdt(AT_DSDT, aml_s5_pc, sizeof(aml_s5_pc));
		fadt_v2(AT_FADT, 0, phys(AT_DSDT));
		xsdt(AT_XSDT, entries, 1);
		rsdp_v2(AT_RSDP, 0, phys(AT_XSDT));
		KASSERT_TRUE(t, acpi_parse_rsdp(mem + AT_RSDP, 36, &root) == NULL);
		KASSERT_TRUE(t, acpi_poweroff_lookup(&scratch, &root, &info) == NULL);
		KEXPECT_EQ(t, 0x1004, info.fadt.pm1a_cnt);
		KEXPECT_EQ(t, 7, info.slp_typa);
		KEXPECT_EQ(t, 7, info.slp_typb);
	}
	/* A damaged DSDT: refused, but the FADT's reset register still serves. */
	mem[AT_DSDT + 40] ^= 1;
	KEXPECT_REFUSED(t, acpi_poweroff_lookup(&scratch, &root, &info), "DSDT at 0xe0800: checksum");
	KEXPECT_TRUE(t, info.fadt_ok);
	KEXPECT_TRUE(t, info.fadt.reset_supported);
	/* No FADT at all: nothing of it is claimed (the fuzzer's first find). */
	memset(&info, 0x9f, sizeof(info));
	memcpy(mem + AT_FADT, "FACX", 4);
	KEXPECT_REFUSED(t, acpi_poweroff_lookup(&scratch, &root, &info), "no FACP table");
	KEXPECT_FALSE(t, info.fadt_ok);
	KEXPECT_FALSE(t, info.fadt.reset_supported);
}

static const struct ktest_case acpi_tables_cases[] = {
	KTEST_CASE(test_rsdp_v1_and_v2),
	KTEST_CASE(test_rsdp_damage_refused),
	KTEST_CASE(test_rsdp_scan),
	KTEST_CASE(test_find_tables_by_signature),
	KTEST_CASE(test_damaged_tables_refused),
	KTEST_CASE(test_fadt_fields),
	KTEST_CASE(test_s5_forms),
	KTEST_CASE(test_s5_damage_refused),
	KTEST_CASE(test_poweroff_lookup_end_to_end),
	{},
};
KTEST_SUITE(acpi_tables, acpi_tables_cases, NULL);
