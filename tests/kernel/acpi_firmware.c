/*
 * The walker on the firmware's own tables (bare metal with ACPI): the FADT
 * and the MADT the SMP code will read are found and pass their checks, and
 * hold what every PC's do: the MADT's local APIC at the architectural
 * 0xfee00000 and an enabled entry for the boot CPU.
 */
#include <asm/bare_metal.h>
#include <pvkern/acpi.h>
#include <pvkern/ktest.h>

#define MADT_LAPIC_ADDR 36
#define MADT_ENTRIES 44
#define MADT_TYPE_LAPIC 0
#define LAPIC_ENABLED 1u

static const char *acpi_firmware_skip(void)
{
	struct acpi_table t;

	return pc_acpi_find_table("FACP", 0, &t) ? "no ACPI tables on this platform" : NULL;
}

static void test_fadt_found(struct ktest *t)
{
	struct acpi_table fadt;

	KASSERT_TRUE(t, pc_acpi_find_table("FACP", 0, &fadt) == NULL);
	KEXPECT_GE(t, fadt.len, 116);
	KEXPECT_TRUE(t, fadt.bytes[0] == 'F' && fadt.bytes[3] == 'P');
}

static void test_madt_lists_the_boot_cpu(struct ktest *t)
{
	struct acpi_table madt;
	unsigned int enabled = 0;
	u32 lapic;

	KASSERT_TRUE(t, pc_acpi_find_table("APIC", 0, &madt) == NULL);
	KASSERT_TRUE(t, madt.len >= MADT_ENTRIES);
	lapic = madt.bytes[MADT_LAPIC_ADDR] | madt.bytes[MADT_LAPIC_ADDR + 1] << 8 |
		madt.bytes[MADT_LAPIC_ADDR + 2] << 16 | (u32)madt.bytes[MADT_LAPIC_ADDR + 3] << 24;
	KEXPECT_EQ(t, 0xfee00000, lapic);
	/* Entries: type, length; a local APIC entry has its flags at offset 4. */
	for (u32 off = MADT_ENTRIES; off + 2 <= madt.len;) {
		u8 type = madt.bytes[off], len = madt.bytes[off + 1];

		if (!KEXPECT_GE(t, len, 2) || !KEXPECT_LE(t, off + len, madt.len))
			break;
		if (type == MADT_TYPE_LAPIC && len >= 8 && (madt.bytes[off + 4] & LAPIC_ENABLED))
			enabled++;
		off += len;
	}
	KEXPECT_GE(t, enabled, 1);
	/* There is one MADT. */
	KEXPECT_TRUE(t, pc_acpi_find_table("APIC", 1, &madt) != NULL);
}

static const struct ktest_case acpi_firmware_cases[] = {
	KTEST_CASE(test_fadt_found),
	KTEST_CASE(test_madt_lists_the_boot_cpu),
	{},
};
KTEST_SUITE(acpi_firmware, acpi_firmware_cases, acpi_firmware_skip);
