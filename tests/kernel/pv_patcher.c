/*
 * The patcher on scratch buffers: every site length, both conversions, the
 * clobber and range rules, and malformed records. The same file runs in the
 * kernel and, built with KTEST_HOST, as the host unit tests (tests/host/).
 */
#ifndef KTEST_HOST
#include <asm/irqflags.h>
#endif
#include <pvops/native.h>
#include <pvkern/ktest.h>
#include <pvkern/string.h>
#include <pvops/backend.h>
#include <pvops/patch.h>
#include "nop_bytes.h"

#define TEXT_SIZE 256
#define SITE_AT 64 /* offset of the site under test in the scratch text */
/* Where the scratch text pretends to be, and a pretend ops table. */
#define FAKE_TEXT_BASE 0x00200000ul
#define FAKE_OPS 0x00300000ul
#define FAKE_MMU_OPS 0x00300100ul

static u8 text[TEXT_SIZE];
static struct paravirt_patch_site recs[16];
static unsigned int writes, written_len;

/* The native backend's instructions, encoded by hand (not its template table). */
static const struct {
	u8 len;
	u8 bytes[2];
} native_insn[PV_IRQ_NR] = {
	[PV_IRQ_save_fl] = { 2, { 0x9c, 0x58 } },     /* pushf; pop %eax/%rax */
#ifdef PV_TARGET_X86_64
	[PV_IRQ_restore_fl] = { 2, { 0x57, 0x9d } },  /* push %rdi; popfq */
#else
	[PV_IRQ_restore_fl] = { 2, { 0x50, 0x9d } },  /* push %eax; popf */
#endif
	[PV_IRQ_irq_disable] = { 1, { 0xfa } },       /* cli */
	[PV_IRQ_irq_enable] = { 1, { 0xfb } },        /* sti */
	[PV_IRQ_safe_halt] = { 2, { 0xfb, 0xf4 } },   /* sti; hlt */
	[PV_IRQ_halt] = { 1, { 0xf4 } },              /* hlt */
};

/* Padding of the kind selected for this CPU (the host: the long NOPs). */
static void expected_nops(u8 *p, unsigned int n)
{
	expected_nops_of(paravirt_selected_nops(), p, n);
}

static void record_write(void *dst, const void *src, unsigned int len)
{
	memcpy(dst, src, len);
	writes++;
	written_len = len;
}

/* Test backend: a direct call to a chosen target with chosen clobbers. */
static unsigned long call_target;
static u16 call_target_clobbers;
static unsigned int overflow_by;

static unsigned int test_patch(const struct pv_backend *b, u8 type, u16 clobbers, void *buf,
			       unsigned long addr, unsigned int len)
{
	if (overflow_by)
		return len + overflow_by;
	return paravirt_patch_call(buf, call_target, call_target_clobbers, addr, clobbers, len);
}

/* A backend with no conversion of its own: a direct call when allowed. */
static unsigned int default_patch(const struct pv_backend *b, u8 type, u16 clobbers, void *buf,
				  unsigned long addr, unsigned int len)
{
	return paravirt_patch_default(type, clobbers, buf, addr, len);
}

static const struct pv_backend test_backend = { .name = "test", .patch = test_patch };
static const struct pv_backend default_backend = { .name = "default", .patch = default_patch };

static struct paravirt_patch_env env;

static void reset(const struct pv_backend *b)
{
	memset(text, 0xcc, sizeof(text));
	memset(recs, 0, sizeof(recs));
	writes = written_len = 0;
	overflow_by = 0;
	env = (struct paravirt_patch_env){
		.text_start = FAKE_TEXT_BASE,
		.text_end = FAKE_TEXT_BASE + TEXT_SIZE,
		.ops_addr = FAKE_OPS,
		.addr_bias = (long)(FAKE_TEXT_BASE - (unsigned long)text),
		.backend = b,
		.write = record_write,
		.quiet = true,
	};
}

static unsigned long runtime(const u8 *p)
{
	return (unsigned long)p + env.addr_bias;
}

static void put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

/* Writes the call a real site of this type and length holds; returns the record. */
static struct paravirt_patch_site *make_site(unsigned int rec, unsigned int at, u8 type,
					     u8 len, u16 clobbers)
{
	u8 *s = text + at;
	unsigned long slot = FAKE_OPS + (unsigned long)type * PV_WORD_SIZE;
	struct paravirt_patch_site *p = &recs[rec];

	if (len == 6) {
		s[0] = 0xff;
		s[1] = 0x15;
#ifdef PV_TARGET_I386
		put32(s + 2, (u32)slot);
#else
		put32(s + 2, (u32)(slot - (runtime(s) + 6)));
#endif
	} else if (len == 7) {
		s[0] = 0xff;
		s[1] = 0x14;
		s[2] = 0x25;
		put32(s + 3, (u32)slot);
	} else {
		/* ds call *abs32, the form the site macros emit, then NOPs */
		s[0] = 0x3e;
		s[1] = 0xff;
		s[2] = 0x14;
		s[3] = 0x25;
		put32(s + 4, (u32)slot);
		memset(s + 8, 0x90, len - 8);
	}
	p->instr_offset = (s32)((long)s - (long)&p->instr_offset);
	p->type = type;
	p->len = len;
	p->clobbers = clobbers;
	return p;
}

static enum paravirt_outcome patch_one(struct paravirt_patch_site *p)
{
	struct paravirt_patch_stats st = { 0 };

	apply_paravirt(&env, p, p + 1, &st);
	for (int o = 0; o < PV_SITE_NR_OUTCOMES; o++)
		if (st.count[o])
			return (enum paravirt_outcome)o;
	return PV_SITE_NR_OUTCOMES;
}

static void test_native_templates_at_every_length(struct ktest *t)
{
	for (u8 len = PARAVIRT_SITE_MIN; len <= PARAVIRT_SITE_MAX; len++) {
		for (u8 type = 0; type < PV_IRQ_NR; type++) {
			unsigned int n = native_insn[type].len;
			u8 want[PARAVIRT_SITE_MAX];

			reset(&native_backend);
			make_site(0, SITE_AT, type, len, CLBR_RET_REG);
			memcpy(want, native_insn[type].bytes, n);
			expected_nops(want + n, len - n);
			KEXPECT_EQ(t, PV_SITE_INLINE, patch_one(&recs[0]));
			KEXPECT_EQ(t, 1, writes);
			KEXPECT_EQ(t, len, written_len);
			if (!KEXPECT_MEMEQ(t, want, text + SITE_AT, len))
				KTEST_FAIL(t, "at length %u, type %u", len, type);
			KEXPECT_EQ(t, 0xcc, text[SITE_AT + len]); /* nothing past the site */
		}
	}
}

static void expect_direct_call(struct ktest *t, u8 len, unsigned long target)
{
	u8 want[PARAVIRT_SITE_MAX];

	/* NOPs, then the call ending the site: it returns to the site's end. */
	expected_nops(want, len - 5);
	want[len - 5] = 0xe8;
	put32(want + len - 4, (u32)(target - (runtime(text + SITE_AT) + len)));
	if (!KEXPECT_MEMEQ(t, want, text + SITE_AT, len))
		KTEST_FAIL(t, "direct call at length %u", len);
}

static void test_direct_call_at_every_length(struct ktest *t)
{
	for (u8 len = PARAVIRT_SITE_MIN; len <= PARAVIRT_SITE_MAX; len++) {
		reset(&test_backend);
		call_target = FAKE_TEXT_BASE + 0x1000;
		call_target_clobbers = CLBR_RET_REG;
		make_site(0, SITE_AT, PV_IRQ_irq_enable, len, CLBR_RET_REG);
		KEXPECT_EQ(t, PV_SITE_DIRECT_CALL, patch_one(&recs[0]));
		expect_direct_call(t, len, call_target);
	}
}

/* A callee-save target at a callee-save site must become a direct call. */
static void test_callee_save_target_becomes_direct_call(struct ktest *t)
{
	reset(&test_backend);
	call_target = FAKE_TEXT_BASE - 0x800;
	call_target_clobbers = CLBR_RET_REG;
	make_site(0, SITE_AT, PV_IRQ_save_fl, PARAVIRT_CALL_LEN, CLBR_RET_REG);
	KEXPECT_EQ(t, PV_SITE_DIRECT_CALL, patch_one(&recs[0]));
	expect_direct_call(t, PARAVIRT_CALL_LEN, call_target);
}

/*
 * A direct call whose target clobbers more than the site allows is refused
 * with its reason (and counted as refused, not as left): the site stays
 * the indirect call.
 */
static void test_target_clobbering_more_refused(struct ktest *t)
{
	u8 before[TEXT_SIZE];
	const char *reason = NULL;

	reset(&test_backend);
	call_target = FAKE_TEXT_BASE + 0x1000;
	call_target_clobbers = CLBR_C_CALL; /* an ordinary C function */
	make_site(0, SITE_AT, PV_IRQ_irq_disable, PARAVIRT_CALL_LEN, CLBR_RET_REG);
	memcpy(before, text, sizeof(text));
	KEXPECT_EQ(t, PV_SITE_REFUSED, patch_one(&recs[0]));
	KEXPECT_EQ(t, 0, writes);
	KEXPECT_MEMEQ(t, before, text, sizeof(text));
	KEXPECT_EQ(t, PV_SITE_REFUSED, paravirt_patch_site(&env, &recs[0], NULL, &reason));
	if (!KEXPECT_TRUE(t, reason != NULL && strncmp(reason, "its op may destroy", 18) == 0))
		KTEST_FAIL(t, "reason given: %s", reason ? reason : "none");
	/* One register too many is enough. */
	call_target_clobbers = CLBR_RET_REG | CLBR_ECX;
	KEXPECT_EQ(t, PV_SITE_REFUSED, patch_one(&recs[0]));
	KEXPECT_EQ(t, 0, writes);

	/* The same target is fine where the site allows every register. */
	reset(&test_backend);
	call_target = FAKE_TEXT_BASE + 0x1000;
	call_target_clobbers = CLBR_C_CALL;
	make_site(0, SITE_AT, PV_IRQ_irq_disable, PARAVIRT_CALL_LEN, CLBR_ANY);
	KEXPECT_EQ(t, PV_SITE_DIRECT_CALL, patch_one(&recs[0]));
}

static void test_target_beyond_rel32(struct ktest *t)
{
	reset(&test_backend);
	call_target_clobbers = CLBR_RET_REG;
	make_site(0, SITE_AT, PV_IRQ_irq_enable, PARAVIRT_CALL_LEN, CLBR_RET_REG);
#ifdef PV_TARGET_X86_64
	{
		u8 before[TEXT_SIZE];

		call_target = runtime(text + SITE_AT) + 5 + 0x80000000ul; /* one past +2 GiB */
		memcpy(before, text, sizeof(text));
		KEXPECT_EQ(t, PV_SITE_LEFT, patch_one(&recs[0]));
		KEXPECT_MEMEQ(t, before, text, sizeof(text));
		call_target -= 1; /* exactly the largest displacement */
		KEXPECT_EQ(t, PV_SITE_DIRECT_CALL, patch_one(&recs[0]));
		expect_direct_call(t, PARAVIRT_CALL_LEN, call_target);
	}
#else
	/* i386 addresses wrap: a target far below the site is still in reach. */
	call_target = 0xfff00000ul;
	KEXPECT_EQ(t, PV_SITE_DIRECT_CALL, patch_one(&recs[0]));
	expect_direct_call(t, PARAVIRT_CALL_LEN, call_target);
#endif
}

/*
 * The default conversion calls what the op's slot holds at patch time: the
 * test puts an address of its own choosing in the irq_enable slot of the
 * live table for the moment of patching. With interrupts off nothing calls
 * through that slot meanwhile (no enabling code runs).
 */
static void test_default_patch_calls_slot_target(struct ktest *t)
{
	const unsigned long target = FAKE_TEXT_BASE + 0x1230;
	enum paravirt_outcome o;
	void *saved;
#ifndef KTEST_HOST
	unsigned long flags;

	local_irq_save(flags);
#endif
	saved = pv_irq_ops.irq_enable.func;
	pv_irq_ops.irq_enable.func = (void *)target;
	reset(&default_backend);
	/* A site that lets the op clobber what ops clobber (in this build). */
	make_site(0, SITE_AT, PV_IRQ_irq_enable, PARAVIRT_CALL_LEN, PV_OP_CLOBBERS);
	o = patch_one(&recs[0]);
	pv_irq_ops.irq_enable.func = saved;
#ifndef KTEST_HOST
	local_irq_restore(flags);
#endif
	KEXPECT_EQ(t, PV_SITE_DIRECT_CALL, o);
	expect_direct_call(t, PARAVIRT_CALL_LEN, target);
}

/* Bytes a site's padding must not hold: anything but the one-byte NOP. */
static const u8 non_nops[] = { 0x00, 0x0f, 0x66, 0x91, 0xc3, 0xcc, 0xe8, 0xff };

/* Refused, with nothing written: the walk over every record must say so. */
static bool expect_refused_untouched(struct ktest *t, const u8 *before)
{
	struct paravirt_patch_stats st = { 0 };

	apply_paravirt(&env, recs, recs + 1, &st);
	return KEXPECT_EQ(t, 1, st.count[PV_SITE_REFUSED]) && KEXPECT_EQ(t, 0, writes) &&
	       KEXPECT_MEMEQ(t, before, text, sizeof(text));
}

/*
 * The check reads every byte of a site: a non-NOP at any position of the
 * padding (right after the call, in the middle, at the end) is refused, for
 * every call form and every site length that has padding.
 */
static void test_non_nop_at_every_padding_byte(struct ktest *t)
{
	for (unsigned int form = 6; form <= 8; form++) {
		for (u8 len = form + 1; len <= PARAVIRT_SITE_MAX; len++) {
			for (unsigned int at = form; at < len; at++) {
				for (unsigned int v = 0; v < sizeof(non_nops); v++) {
					u8 before[TEXT_SIZE];

					reset(&native_backend);
					make_site(0, SITE_AT, PV_IRQ_irq_disable, form, CLBR_RET_REG);
					memset(text + SITE_AT + form, 0x90, len - form);
					recs[0].len = len;
					text[SITE_AT + at] = non_nops[v];
					memcpy(before, text, sizeof(text));
					if (!expect_refused_untouched(t, before)) {
						KTEST_FAIL(t, "%u-byte call, site length %u: 0x%02x at byte %u accepted",
							   form, len, non_nops[v], at);
						return;
					}
				}
			}
		}
	}
}

/* A change to any byte of the call itself (opcode, ModRM, SIB, slot) is refused. */
static void test_changed_call_byte_refused(struct ktest *t)
{
	for (unsigned int form = 6; form <= 8; form++) {
		for (unsigned int at = 0; at < form; at++) {
			for (unsigned int bit = 0; bit < 8; bit++) {
				u8 before[TEXT_SIZE];

				reset(&native_backend);
				make_site(0, SITE_AT, PV_IRQ_irq_enable, form, CLBR_RET_REG);
				text[SITE_AT + at] ^= 1u << bit;
				memcpy(before, text, sizeof(text));
				if (!expect_refused_untouched(t, before)) {
					KTEST_FAIL(t, "%u-byte call: bit %u of byte %u flipped, accepted",
						   form, bit, at);
					return;
				}
			}
		}
	}
}

static void test_malformed_records_refused(struct ktest *t)
{
	struct paravirt_patch_stats st = { 0 };
	u8 before[TEXT_SIZE];
	unsigned int n = 0;
	struct paravirt_patch_site *p;

	reset(&native_backend);
	/* 0: points before the text */
	p = make_site(n++, 8, PV_IRQ_irq_disable, 7, CLBR_RET_REG);
	p->instr_offset -= 64;
	/* 1: runs past the end of the text */
	make_site(n++, TEXT_SIZE - 7, PV_IRQ_irq_disable, 7, CLBR_RET_REG)->len = 8;
	/* 2: shorter than any indirect call */
	make_site(n++, 16, PV_IRQ_irq_disable, 7, CLBR_RET_REG)->len = 5;
	/* 3: longer than the patcher allows */
	make_site(n++, 24, PV_IRQ_irq_disable, 7, CLBR_RET_REG)->len = PARAVIRT_SITE_MAX + 1;
	/* 4, 5: unknown op types */
	make_site(n++, 48, PV_IRQ_irq_disable, 7, CLBR_RET_REG)->type = PV_IRQ_NR;
	make_site(n++, 56, PV_IRQ_irq_disable, 7, CLBR_RET_REG)->type = 0xff;
	/* 6: not an indirect call at all (a direct call) */
	make_site(n++, 80, PV_IRQ_irq_disable, 7, CLBR_RET_REG);
	memcpy(text + 80, "\xe8\x00\x00\x00\x00\x90\x90", 7);
	/* 7: calls through the irq_enable slot but says irq_disable */
	make_site(n++, 96, PV_IRQ_irq_enable, 7, CLBR_RET_REG)->type = PV_IRQ_irq_disable;
	/* 8: something other than NOPs after the call */
	make_site(n++, 112, PV_IRQ_irq_disable, 9, CLBR_RET_REG);
	text[112 + 8] = 0xc3;
	/* 9: a good one, so we see the bad ones did not stop the walk */
	make_site(n++, 160, PV_IRQ_irq_enable, 7, CLBR_RET_REG);

	memcpy(before, text, sizeof(text));
	apply_paravirt(&env, recs, recs + n, &st);
	KEXPECT_EQ(t, n, st.sites);
	KEXPECT_EQ(t, n - 1, st.count[PV_SITE_REFUSED]);
	KEXPECT_EQ(t, 1, st.count[PV_SITE_INLINE]);
	KEXPECT_EQ(t, 1, writes);
	KEXPECT_EQ(t, 0xfb, text[160]);
	text[160] = before[160];
	memcpy(text + 161, before + 161, 6);
	KEXPECT_MEMEQ(t, before, text, sizeof(text));
}

/* The 8 bytes the site macros emit: ds call *abs32, through slot. */
static void put_common_site(u8 *s, unsigned long slot)
{
	s[0] = 0x3e;
	s[1] = 0xff;
	s[2] = 0x14;
	s[3] = 0x25;
	put32(s + 4, (u32)slot);
}

/* One 8-byte irq_disable site in the form the macros emit, with a good record. */
static void reset_common_site(void)
{
	reset(&native_backend);
	env.mmu_ops_addr = FAKE_MMU_OPS;
	make_site(0, SITE_AT, PV_IRQ_irq_disable, PARAVIRT_CALL_LEN, CLBR_RET_REG);
}

/*
 * The form the site macros emit (8 bytes, ds call *abs32), where only the
 * record, the text bounds or the slot's reach are wrong: the patcher's
 * quick check of that form must refuse whatever the full check refuses,
 * and write nothing.
 */
static void test_common_form_bad_records_refused(struct ktest *t)
{
	/* Types no group has, each calling through the slot it would have. */
	static const u8 unknown[] = {
		PV_IRQ_NR, 0x0f, PV_MMU_FIRST + PV_MMU_NR, 0x1f, 0x20, 0xff,
	};
	u8 before[TEXT_SIZE];
	unsigned long site;

	for (unsigned int i = 0; i < sizeof(unknown); i++) {
		u8 type = unknown[i];
		unsigned long table = PV_TYPE_GROUP(type) == PV_GROUP_MMU ? FAKE_MMU_OPS : FAKE_OPS;

		reset_common_site();
		recs[0].type = type;
		put_common_site(text + SITE_AT, table + PV_TYPE_SLOT(type) * PV_WORD_SIZE);
		memcpy(before, text, sizeof(text));
		if (!expect_refused_untouched(t, before))
			KTEST_FAIL(t, "unknown type 0x%02x accepted", type);
	}

	/* Text bounds: starting one byte in, ending one byte short, a site's end exactly. */
	reset_common_site();
	site = runtime(text + SITE_AT);
	memcpy(before, text, sizeof(text));
	env.text_start = site + 1;
	if (!expect_refused_untouched(t, before))
		KTEST_FAIL(t, "site starting before the text accepted");
	env.text_start = site;
	env.text_end = site + PARAVIRT_CALL_LEN - 1;
	if (!expect_refused_untouched(t, before))
		KTEST_FAIL(t, "site ending after the text accepted");
	/* Text smaller than a site, and text whose end lies below its start. */
	env.text_end = site + 3;
	if (!expect_refused_untouched(t, before))
		KTEST_FAIL(t, "site in a 3-byte text accepted");
	env.text_end = site - 16;
	if (!expect_refused_untouched(t, before))
		KTEST_FAIL(t, "site in text that ends before it starts accepted");
	env.text_end = site + PARAVIRT_CALL_LEN;
	KEXPECT_EQ(t, PV_SITE_INLINE, patch_one(&recs[0]));
	KEXPECT_EQ(t, 0xfa, text[SITE_AT]);

	/*
	 * A table 4 GiB above the one the call's displacement names: the
	 * displacement's 32 bits match the slot's low half, but it cannot
	 * reach it (only where unsigned long has more than 32 bits).
	 */
	if (sizeof(unsigned long) > 4) {
		reset_common_site();
		env.ops_addr = FAKE_OPS + (unsigned long)((u64)1 << 32);
		memcpy(before, text, sizeof(text));
		if (!expect_refused_untouched(t, before))
			KTEST_FAIL(t, "slot beyond the displacement's reach accepted");
	}
}

/*
 * Text that ends below a site's length: text_end - len wraps to a huge
 * number, and a check written with it accepts a record far outside the
 * text (the bytes are a good site, so only the range check can refuse).
 */
static void test_range_check_cannot_wrap(struct ktest *t)
{
	struct paravirt_patch_site *p;

	reset(&native_backend);
	p = make_site(0, SITE_AT, PV_IRQ_irq_disable, 7, CLBR_RET_REG);
	env.text_start = 0;
	env.text_end = 3;
	KEXPECT_TRUE(t, paravirt_check_site(&env, 0x100000, text + SITE_AT, p->type, p->len) !=
			NULL);
	KEXPECT_TRUE(t, paravirt_check_site(&env, 1, text + SITE_AT, p->type, p->len) != NULL);
	reset(&native_backend);
	p = make_site(0, SITE_AT, PV_IRQ_irq_disable, 7, CLBR_RET_REG);
	/* A site that ends exactly at the end of the text is inside. */
	env.text_end = runtime(text + SITE_AT) + 7;
	KEXPECT_TRUE(t, paravirt_check_site(&env, runtime(text + SITE_AT), text + SITE_AT,
					    p->type, p->len) == NULL);
	env.text_end -= 1;
	KEXPECT_TRUE(t, paravirt_check_site(&env, runtime(text + SITE_AT), text + SITE_AT,
					    p->type, p->len) != NULL);
}

static void test_oversized_backend_result_refused(struct ktest *t)
{
	u8 before[TEXT_SIZE];

	reset(&test_backend);
	overflow_by = 1;
	make_site(0, SITE_AT, PV_IRQ_irq_enable, PARAVIRT_CALL_LEN, CLBR_RET_REG);
	memcpy(before, text, sizeof(text));
	KEXPECT_EQ(t, PV_SITE_REFUSED, patch_one(&recs[0]));
	KEXPECT_EQ(t, 0, writes);
	KEXPECT_MEMEQ(t, before, text, sizeof(text));
}

static void test_nop_fill(struct ktest *t)
{
	for (unsigned int n = 1; n <= 20; n++) {
		u8 got[24], want[24];

		memset(got, 0xcc, sizeof(got));
		memset(want, 0xcc, sizeof(want));
		paravirt_fill_nops(got, n);
		expected_nops(want, n);
		if (!KEXPECT_MEMEQ(t, want, got, sizeof(got)))
			KTEST_FAIL(t, "for %u bytes of NOPs", n);
	}
}

static const struct ktest_case pv_patcher_cases[] = {
	KTEST_CASE(test_native_templates_at_every_length),
	KTEST_CASE(test_direct_call_at_every_length),
	KTEST_CASE(test_callee_save_target_becomes_direct_call),
	KTEST_CASE(test_target_clobbering_more_refused),
	KTEST_CASE(test_target_beyond_rel32),
	KTEST_CASE(test_default_patch_calls_slot_target),
	KTEST_CASE(test_non_nop_at_every_padding_byte),
	KTEST_CASE(test_changed_call_byte_refused),
	KTEST_CASE(test_malformed_records_refused),
	KTEST_CASE(test_common_form_bad_records_refused),
	KTEST_CASE(test_range_check_cannot_wrap),
	KTEST_CASE(test_oversized_backend_result_refused),
	KTEST_CASE(test_nop_fill),
	{},
};
KTEST_SUITE(pv_patcher, pv_patcher_cases, NULL);
