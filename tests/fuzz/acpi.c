/*
 * libFuzzer target for the ACPI table walker (kernel/acpi.c). The input is
 * a piece of "physical memory" starting at the BIOS area: the walker scans
 * it for an RSDP as the kernel scans the BIOS area, follows the root table
 * to the FADT, the DSDT and \_S5, and looks up a few MADTs as the SMP code
 * will. The first bytes also go to the RSDP parser as a loader's copy and
 * to the \_S5_ scanner as AML. Any read outside the input is a bug
 * (ASan), as is undefined arithmetic (UBSan); every refusal must be one
 * non-empty line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pvkern/acpi.h>

struct fuzz_mem {
	const uint8_t *data;
	size_t size;
};

static const void *fuzz_map(const struct acpi_mem *m, u64 phys, u32 len)
{
	const struct fuzz_mem *f = m->ctx;

	if (phys < ACPI_BIOS_AREA_START || phys - ACPI_BIOS_AREA_START > f->size ||
	    len > f->size - (phys - ACPI_BIOS_AREA_START))
		return NULL;
	return f->data + (phys - ACPI_BIOS_AREA_START);
}

static void one_line(const char *err)
{
	if (err && (!*err || strchr(err, '\n')))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so that ASan sees any read past it. */
	uint8_t *copy = malloc(size ? size : 1);
	struct fuzz_mem fm = { copy, size };
	struct acpi_mem m = { .map = fuzz_map, .ctx = &fm };
	struct acpi_poweroff_info info;
	struct acpi_root root;
	struct acpi_table t;
	u8 a, b;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	one_line(acpi_parse_rsdp(copy, size, &root));
	one_line(acpi_find_s5(copy, (u32)(size > 0xffffffffu ? 0xffffffffu : size), &a, &b));
	if (!acpi_scan_rsdp(copy, size, ACPI_BIOS_AREA_START, &root)) {
		one_line(acpi_poweroff_lookup(&m, &root, &info));
		for (unsigned int i = 0; i < 4; i++)
			if (acpi_find_table(&m, &root, "APIC", i, &t))
				break;
	}
	free(copy);
	return 0;
}
