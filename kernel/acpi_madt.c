/*
 * The MADT ("APIC" table): which processors the firmware lists, by local
 * APIC id. Pure, like the rest of the walker: bytes in, values out, every
 * entry bounded by the table.
 */
#include <pvkern/acpi.h>
#include <pvkern/printk.h>

/* ACPI 6.5, section 5.2.12. */
#define MADT_LAPIC_ADDR 36
#define MADT_ENTRIES 44
#define MADT_TYPE_LAPIC 0
#define MADT_TYPE_X2APIC 9
#define MADT_LAPIC_LEN 8
#define MADT_X2APIC_LEN 16
#define MADT_ENABLED (1u << 0)
#define MADT_ONLINE_CAPABLE (1u << 1)

static char why_buf[96];

static u32 get32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static void add_cpu(struct acpi_madt *m, u32 apic_id, u32 flags)
{
	/* A disabled entry that cannot be brought online is no CPU at all. */
	if (!(flags & (MADT_ENABLED | MADT_ONLINE_CAPABLE)))
		return;
	if (m->nr_cpus < ACPI_MADT_MAX_CPUS)
		m->apic_ids[m->nr_cpus] = apic_id;
	m->nr_cpus++;
}

const char *acpi_parse_madt(const struct acpi_table *t, struct acpi_madt *m)
{
	u32 off = MADT_ENTRIES;

	*m = (struct acpi_madt){ 0 };
	if (t->len < MADT_ENTRIES) {
		snprintf(why_buf, sizeof(why_buf), "MADT of %u bytes: shorter than its header",
			 t->len);
		return why_buf;
	}
	m->lapic_addr = get32(t->bytes + MADT_LAPIC_ADDR);
	while (off < t->len) {
		const u8 *e = t->bytes + off;
		u32 left = t->len - off;

		if (left < 2 || e[1] < 2 || e[1] > left) {
			snprintf(why_buf, sizeof(why_buf),
				 "MADT entry at offset %u (type %u) runs past the table or has length %u",
				 off, left ? e[0] : 0, left >= 2 ? e[1] : 0);
			return why_buf;
		}
		if (e[0] == MADT_TYPE_LAPIC && e[1] >= MADT_LAPIC_LEN)
			add_cpu(m, e[3], get32(e + 4));
		else if (e[0] == MADT_TYPE_X2APIC && e[1] >= MADT_X2APIC_LEN)
			add_cpu(m, get32(e + 4), get32(e + 8));
		off += e[1];
	}
	return NULL;
}
