/*
 * Fuzz target: the patcher's record validator and the whole patch of one
 * site (pvops/patch.c with the native backend), as paracheck and the kernel
 * run them. The input is a little-endian header, then the kernel text:
 *
 *	u64 text_start	runtime address of the text's first byte
 *	u64 addr	the address the record claims (for the validator)
 *	u64 ops_addr	runtime address of pv_irq_ops
 *	s32 instr_offset, u8 type, u8 len, u16 clobbers	the record
 *	text bytes	text_end = text_start + their number
 *
 * A validator that accepts a site not wholly inside the text is a bug
 * even when the bytes happen to be readable: the harness traps then. So
 * is a pass over the record (apply_paravirt(), which checks the common
 * form its own way) that comes to another outcome than the single site.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pvops/native.h>
#include <pvops/backend.h>
#include <pvops/patch.h>

/* The native ops' code never runs here: only their addresses are used. */
void native_save_fl_op(void) {}
void native_restore_fl_op(void) {}
void native_irq_disable_op(void) {}
void native_irq_enable_op(void) {}
void native_safe_halt_op(void) {}
void native_halt_op(void) {}
/* The mmu group's table (records of its types are refused here: no mmu_ops_addr). */
struct pv_mmu_ops pv_mmu_ops;
const struct pv_mmu_ops native_mmu_ops;
/* The kernel's page-table format: 64-bit entries, as on every CPU with PAE. */
bool pte_32bit;
struct pv_irq_ops pv_irq_ops = {
	.save_fl = { (void *)native_save_fl_op },
	.restore_fl = { (void *)native_restore_fl_op },
	.irq_disable = { (void *)native_irq_disable_op },
	.irq_enable = { (void *)native_irq_enable_op },
	.safe_halt = { (void *)native_safe_halt_op },
	.halt = { (void *)native_halt_op },
};

struct input_header {
	uint64_t text_start, addr, ops_addr;
	struct paravirt_patch_site rec;
} __attribute__((packed));

static void no_write(void *dst, const void *src, unsigned int len)
{
	(void)dst;
	(void)src;
	(void)len;
}

/* What apply_paravirt() wrote, kept aside: the text itself stays as it was. */
static u8 written[PARAVIRT_SITE_MAX];
static unsigned int writes, written_len;

static void capture_write(void *dst, const void *src, unsigned int len)
{
	(void)dst;
	if (len > sizeof(written))
		__builtin_trap();
	memcpy(written, src, len);
	written_len = len;
	writes++;
}

static bool inside(uint64_t start, uint64_t size, uint64_t addr, uint64_t len)
{
	return addr >= start && addr - start <= size && len <= size - (addr - start);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct input_header h;
	struct paravirt_patch_env env;
	struct paravirt_patch_site *rec;
	unsigned char *buf, *text;
	size_t text_len;
	const char *reason;
	u8 out[PARAVIRT_SITE_MAX];
	unsigned long text_start;
	enum paravirt_outcome o;
	struct paravirt_patch_stats st;

	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	text_len = size - sizeof(h);
	/* The record sits right before the text, as close as in a kernel. */
	buf = malloc(sizeof(*rec) + text_len);
	rec = (struct paravirt_patch_site *)buf;
	text = buf + sizeof(*rec);
	memcpy(rec, &h.rec, sizeof(*rec));
	memcpy(text, data + sizeof(h), text_len);
	text_start = (unsigned long)h.text_start;
	/* A text that wraps the address space is not one a linker makes. */
	if (text_len > ~0ul - text_start)
		goto out;

	memset(&env, 0, sizeof(env));
	env.text_start = text_start;
	env.text_end = text_start + text_len;
	env.ops_addr = (unsigned long)h.ops_addr;
	env.addr_bias = (long)(text_start - (unsigned long)(uintptr_t)text);
	env.backend = &native_backend;
	env.write = no_write;
	env.quiet = true;

	/* The validator alone, at an address of the input's choosing. */
	reason = paravirt_check_site(&env, (unsigned long)h.addr,
				     (const u8 *)(uintptr_t)((uintptr_t)text +
							     ((unsigned long)h.addr - text_start)),
				     rec->type, rec->len);
	if (!reason && !inside(text_start, text_len, (unsigned long)h.addr, rec->len))
		__builtin_trap();

	/* A whole patch of the record, as apply_paravirt does it. */
	o = paravirt_patch_site(&env, rec, out, &reason);
	if (o != PV_SITE_REFUSED &&
	    !inside(text_start, text_len, PARAVIRT_SITE_ADDR(rec) + env.addr_bias, rec->len))
		__builtin_trap();

	/*
	 * apply_paravirt() checks the common form its own quick way: it must
	 * come to the same outcome and write the same bytes, or nothing.
	 */
	memset(&st, 0, sizeof(st));
	writes = 0;
	env.write = capture_write;
	apply_paravirt(&env, rec, rec + 1, &st);
	if (st.sites != 1 || st.count[o] != 1)
		__builtin_trap();
	if (writes != (o == PV_SITE_INLINE || o == PV_SITE_DIRECT_CALL))
		__builtin_trap();
	if (writes && (written_len != rec->len || memcmp(written, out, rec->len) != 0))
		__builtin_trap();
out:
	free(buf);
	return 0;
}
