/*
 * The MADT parser on tables made here, byte by byte from the ACPI
 * specification (5.2.12): processor entries of both kinds, disabled ones,
 * other entry types skipped, and damaged entries refused. Built for the
 * host too (make host-tests), under ASan and UBSan.
 */
#include <pvkern/acpi.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>

static u8 table[128];
static u32 used;

static void start(void)
{
	memset(table, 0, sizeof(table));
	memcpy(table, "APIC", 4);
	table[36] = 0x00; /* local APIC at 0xfee00000 */
	table[37] = 0x00;
	table[38] = 0xe0;
	table[39] = 0xfe;
	used = 44;
}

static void entry(const u8 *bytes, u8 len)
{
	memcpy(table + used, bytes, len);
	used += len;
}

static const char *parse(struct acpi_madt *m)
{
	struct acpi_table t = { .phys = 0x1000, .bytes = table, .len = used };

	return acpi_parse_madt(&t, m);
}

static void test_processors_listed(struct ktest *t)
{
	/* type 0: ACPI id, APIC id, flags (1: enabled, 2: online capable) */
	static const u8 cpu0[] = { 0, 8, 0, 0, 1, 0, 0, 0 };
	static const u8 cpu1_off[] = { 0, 8, 1, 3, 0, 0, 0, 0 };
	static const u8 cpu2_hotplug[] = { 0, 8, 2, 5, 2, 0, 0, 0 };
	/* type 1, an I/O APIC: not a processor */
	static const u8 ioapic[] = { 1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0 };
	/* type 9: reserved, x2APIC id 0x100, flags, uid */
	static const u8 x2[] = { 9, 16, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0 };
	struct acpi_madt m;

	start();
	entry(cpu0, sizeof(cpu0));
	entry(cpu1_off, sizeof(cpu1_off));
	entry(ioapic, sizeof(ioapic));
	entry(cpu2_hotplug, sizeof(cpu2_hotplug));
	entry(x2, sizeof(x2));
	KASSERT_TRUE(t, parse(&m) == NULL);
	KEXPECT_EQ(t, m.lapic_addr, 0xfee00000);
	KASSERT_EQ(t, m.nr_cpus, 3);
	KEXPECT_EQ(t, m.apic_ids[0], 0);
	KEXPECT_EQ(t, m.apic_ids[1], 5);
	KEXPECT_EQ(t, m.apic_ids[2], 0x100);
}

static void test_damaged_entries_refused(struct ktest *t)
{
	static const u8 zero_len[] = { 0, 0, 0, 0 };
	static const u8 too_long[] = { 0, 40, 0, 1, 1, 0, 0, 0 };
	static const u8 cpu[] = { 0, 8, 0, 0, 1, 0, 0, 0 };
	struct acpi_madt m;

	start();
	entry(zero_len, sizeof(zero_len));
	KEXPECT_TRUE(t, parse(&m) != NULL);
	start();
	entry(cpu, sizeof(cpu));
	entry(too_long, sizeof(too_long));
	KEXPECT_TRUE(t, parse(&m) != NULL);
	/* one byte left over at the end: an entry header cut short */
	start();
	entry(cpu, sizeof(cpu));
	table[used++] = 0;
	KEXPECT_TRUE(t, parse(&m) != NULL);
	/* shorter than the MADT's own fields */
	used = 40;
	KEXPECT_TRUE(t, parse(&m) != NULL);
}

static void test_more_cpus_than_kept(struct ktest *t)
{
	static u8 big[44 + 8 * (ACPI_MADT_MAX_CPUS + 2)];
	struct acpi_table tb = { .bytes = big, .len = sizeof(big) };
	struct acpi_madt m;

	memset(big, 0, sizeof(big));
	for (u32 i = 0; i < ACPI_MADT_MAX_CPUS + 2; i++) {
		u8 *e = big + 44 + 8 * i;

		e[0] = 0;
		e[1] = 8;
		e[3] = (u8)i;
		e[4] = 1;
	}
	KASSERT_TRUE(t, acpi_parse_madt(&tb, &m) == NULL);
	KEXPECT_EQ(t, m.nr_cpus, ACPI_MADT_MAX_CPUS + 2);
	KEXPECT_EQ(t, m.apic_ids[ACPI_MADT_MAX_CPUS - 1], ACPI_MADT_MAX_CPUS - 1);
}

static const struct ktest_case acpi_madt_cases[] = {
	KTEST_CASE(test_processors_listed),
	KTEST_CASE(test_damaged_entries_refused),
	KTEST_CASE(test_more_cpus_than_kept),
	{},
};

KTEST_SUITE(acpi_madt, acpi_madt_cases, NULL);
