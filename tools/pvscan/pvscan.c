/*
 * pvscan: finds the calls into the paravirt ops that have no
 * .parainstructions record, in a linked kernel or an object file, and says
 * what each could be given if it were annotated.
 *
 * A pv call is an indirect call (or jump) through a pv_irq_ops slot, or a
 * direct call to an op's target (an entry of some backend's ops table in a
 * linked kernel; --target NAME adds names, for objects). Objects are read
 * through their relocations, linked kernels by decoding their code.
 *
 * Around each call pvscan pairs the pushes just before it with the pops
 * just after it (the innermost push with the innermost pop, outwards, as a
 * stack unwinds), as the 2007 paravirt thread proposed: a register saved
 * and restored around the call is one the call may destroy, and the
 * pushes, the call, its NOP padding and the pops are bytes an inline
 * replacement could use.
 *
 *   pvscan [--json] [--all] [--target SYMBOL]... [--allow FUNCTION]... FILE
 *
 * Exit status: 0 every pv call is annotated (or allowed); 1 some is not;
 * 2 the file cannot be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "kelf.h"
#include "report.h"

#define MAX_NAMES 64
#define MAX_WRAP 16 /* pushes or pops looked at on each side */

struct insn {
	uint64_t addr;
	uint16_t size;
	unsigned int id;
	char reg[8]; /* push/pop: the register */
	bool branch; /* call or jump */
	bool call;
	bool indirect;   /* through memory, not to an immediate address */
	bool has_target; /* target known from the bytes (linked kernels) */
	uint64_t target;
};

struct reloc {
	uint64_t offset; /* in the section it applies to */
	size_t sym;
	int64_t addend;
	bool pc_relative;
};

struct record {
	size_t shndx;
	uint64_t site;
};

struct pvcall {
	size_t shndx;
	uint64_t addr;
	unsigned int len;
	int type;      /* op type, -1 if unknown (a --target of unknown slot) */
	bool indirect; /* through a pv_irq_ops slot */
	bool call;     /* call, not jump */
	char text[160];
	char func[128];
	long record;   /* index of its record, -1 if none */
	bool allowed;
	/* what the code around it saves */
	unsigned int nr_saved, nr_push_left, nr_pop_left;
	char saved[MAX_WRAP][8], push_left[MAX_WRAP][8], pop_left[MAX_WRAP][8];
	unsigned int clobbers;
	uint64_t span_start, span_end;
};

struct scan {
	const char *path;
	struct kelf k;
	struct pvt_image img;
	bool have_img;
	struct disasm dis;
	bool all, json;
	const char *targets[MAX_NAMES];
	unsigned int nr_targets;
	const char *allow[MAX_NAMES];
	unsigned int nr_allow;
	/* linked kernels: op target addresses and their types */
	uint64_t target_addr[MAX_NAMES * 2];
	int target_type[MAX_NAMES * 2];
	unsigned int nr_target_addrs;
	struct record *records;
	size_t nr_records;
	struct pvcall *calls;
	size_t nr_calls, cap_calls;
	struct insn *insns;
	size_t nr_insns;
};

static int fail(struct scan *s, const char *msg)
{
	snprintf(s->k.error, sizeof(s->k.error), "%s", msg);
	return -1;
}

static bool is_pc_relative(const struct pvt_arch *a, unsigned int type)
{
	if (a->elf_machine == EM_X86_64)
		return type == R_X86_64_PC32 || type == R_X86_64_PLT32;
	return type == R_386_PC32 || type == R_386_PLT32;
}

static bool is_word32(const struct pvt_arch *a, unsigned int type)
{
	if (a->elf_machine == EM_X86_64)
		return type == R_X86_64_PC32 || type == R_X86_64_PLT32 || type == R_X86_64_32 ||
		       type == R_X86_64_32S;
	return type == R_386_PC32 || type == R_386_PLT32 || type == R_386_32;
}

static int32_t get_s32(const uint8_t *p)
{
	return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			 (uint32_t)p[3] << 24);
}

/*
 * The 32-bit relocations that apply to section target, sorted by offset.
 * REL addends are the 32-bit value in place.
 */
static int read_relocs(struct scan *s, size_t target, struct reloc **out, size_t *nr)
{
	const struct kelf_section *ts = &s->k.sections[target];
	struct reloc *r = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*nr = 0;
	for (size_t i = 1; i < s->k.nr_sections; i++) {
		const struct kelf_section *rs = &s->k.sections[i];
		bool rela = rs->shdr.sh_type == SHT_RELA;
		size_t count;

		if ((rs->shdr.sh_type != SHT_REL && !rela) || rs->shdr.sh_info != target || !rs->data)
			continue;
		count = rs->data->d_size /
			gelf_fsize(s->k.elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
		for (size_t j = 0; j < count; j++) {
			GElf_Rela ra;
			GElf_Rel rl;
			unsigned int type;
			size_t sym;

			if (rela ? !gelf_getrela(rs->data, (int)j, &ra) : !gelf_getrel(rs->data, (int)j, &rl)) {
				free(r);
				return fail(s, "unreadable relocation");
			}
			if (!rela) {
				ra.r_offset = rl.r_offset;
				ra.r_info = rl.r_info;
				ra.r_addend = 0;
			}
			type = GELF_R_TYPE(ra.r_info);
			sym = GELF_R_SYM(ra.r_info);
			if (!is_word32(s->k.arch, type))
				continue;
			if (sym >= s->k.nr_symbols || ra.r_offset > ts->shdr.sh_size ||
			    ts->shdr.sh_size - ra.r_offset < 4) {
				free(r);
				return fail(s, "relocation outside its section or against a missing symbol");
			}
			if (!rela) {
				if (!ts->data || ts->data->d_size < ra.r_offset + 4) {
					free(r);
					return fail(s, "REL relocation in a section without contents");
				}
				ra.r_addend = get_s32((const uint8_t *)ts->data->d_buf + ra.r_offset);
			}
			if (n == cap) {
				struct reloc *nr_ = realloc(r, (cap = cap ? 2 * cap : 64) * sizeof(*r));

				if (!nr_) {
					free(r);
					return fail(s, "out of memory");
				}
				r = nr_;
			}
			r[n++] = (struct reloc){ ra.r_offset, sym, ra.r_addend,
						 is_pc_relative(s->k.arch, type) };
		}
	}
	*out = r;
	*nr = n;
	return 0;
}

static int add_record(struct scan *s, size_t shndx, uint64_t site)
{
	struct record *r = realloc(s->records, (s->nr_records + 1) * sizeof(*r));

	if (!r)
		return fail(s, "out of memory");
	s->records = r;
	r[s->nr_records++] = (struct record){ shndx, site };
	return 0;
}

/* Where each .parainstructions record says a site is. */
static int read_records(struct scan *s)
{
	const struct pvt_arch *a = s->k.arch;
	const struct kelf_section *t = kelf_section_by_name(&s->k, ".parainstructions");
	size_t idx, n;

	if (!t)
		return 0;
	if (t->shdr.sh_size % a->record_size)
		return fail(s, ".parainstructions is not a whole number of records");
	n = t->shdr.sh_size / a->record_size;
	idx = (size_t)(t - s->k.sections);
	if (s->k.type == ET_EXEC) {
		for (size_t i = 0; i < n; i++) {
			struct pvt_record r;

			if (!s->have_img ||
			    !a->read_record(&s->img, t->shdr.sh_addr + i * a->record_size, &r))
				return fail(s, "unreadable .parainstructions record");
			if (add_record(s, kelf_section_at(&s->k, r.site), r.site) != 0)
				return -1;
		}
		return 0;
	}
	{
		struct reloc *rel;
		size_t nrel;

		if (read_relocs(s, idx, &rel, &nrel) != 0)
			return -1;
		for (size_t i = 0; i < nrel; i++) {
			const struct kelf_symbol *sym = &s->k.symbols[rel[i].sym];

			/* Only the instr_offset field of a record is relocated. */
			if (rel[i].offset % a->record_size || !rel[i].pc_relative)
				continue;
			if (add_record(s, sym->shndx, sym->value + (uint64_t)rel[i].addend) != 0) {
				free(rel);
				return -1;
			}
		}
		free(rel);
	}
	return 0;
}

static long find_record(const struct scan *s, size_t shndx, uint64_t addr)
{
	for (size_t i = 0; i < s->nr_records; i++)
		if (s->records[i].shndx == shndx && s->records[i].site == addr)
			return (long)i;
	return -1;
}

/* The op target addresses of a linked kernel: every backend's table and pv_irq_ops as linked. */
static int collect_targets(struct scan *s)
{
	const struct pvt_arch *a = s->k.arch;
	struct kbackend *b;
	size_t nb;

#define ADD_TARGET(addr_, type_)                                                \
	do {                                                                    \
		if ((addr_) && s->nr_target_addrs < MAX_NAMES * 2) {            \
			s->target_addr[s->nr_target_addrs] = (addr_);           \
			s->target_type[s->nr_target_addrs++] = (type_);         \
		}                                                               \
	} while (0)
	if (kelf_read_backends(&s->k, &s->img, &b, &nb) != 0)
		return -1;
	for (size_t i = 0; i < nb; i++)
		for (unsigned int t = 0; t < a->nr_ops; t++)
			ADD_TARGET(b[i].targets[t], (int)t);
	free(b);
	for (unsigned int t = 0; t < a->nr_ops; t++) {
		uint64_t v;

		if (image_read_word(&s->img, s->img.ops_addr + t * a->word_size, a->word_size, &v))
			ADD_TARGET(v, (int)t);
	}
	for (unsigned int i = 0; i < s->nr_targets; i++) {
		const struct kelf_symbol *sym = kelf_symbol_by_name(&s->k, s->targets[i], true);

		if (sym)
			ADD_TARGET(sym->value, -1);
	}
#undef ADD_TARGET
	return 0;
}

static int target_type_at(const struct scan *s, uint64_t addr, bool *found)
{
	int type = -1;

	*found = false;
	for (unsigned int i = 0; i < s->nr_target_addrs; i++)
		if (s->target_addr[i] == addr) {
			*found = true;
			if (s->target_type[i] >= 0)
				type = s->target_type[i];
		}
	return type;
}

static bool is_target_name(const struct scan *s, const char *name)
{
	for (unsigned int i = 0; i < s->nr_targets; i++)
		if (strcmp(s->targets[i], name) == 0)
			return true;
	return false;
}

static int decode_section(struct scan *s, const struct kelf_section *sec)
{
	const uint8_t *code = sec->data->d_buf;
	size_t left = sec->data->d_size;
	uint64_t addr = sec->shdr.sh_addr;
	cs_insn *ci = cs_malloc(s->dis.cs);

	s->nr_insns = 0;
	free(s->insns);
	s->insns = calloc(left ? left : 1, sizeof(*s->insns));
	if (!ci || !s->insns) {
		if (ci)
			cs_free(ci, 1);
		return fail(s, "out of memory");
	}
	while (left) {
		struct insn *in = &s->insns[s->nr_insns++];

		in->addr = addr;
		if (!cs_disasm_iter(s->dis.cs, &code, &left, &addr, ci)) {
			/* Not code: step over one byte and resynchronise. */
			in->size = 1;
			in->id = X86_INS_INVALID;
			code++, left--, addr++;
			continue;
		}
		in->size = ci->size;
		in->id = ci->id;
		in->call = cs_insn_group(s->dis.cs, ci, CS_GRP_CALL);
		in->branch = in->call || cs_insn_group(s->dis.cs, ci, CS_GRP_JUMP);
		if (in->branch) {
			int indirect = ci->detail->x86.op_count == 1 &&
				       ci->detail->x86.operands[0].type == X86_OP_MEM;

			in->has_target = disasm_branch_target(&s->dis, ci, &in->target, &indirect);
			in->indirect = indirect;
		}
		if ((ci->id == X86_INS_PUSH || ci->id == X86_INS_POP) && ci->detail->x86.op_count == 1 &&
		    ci->detail->x86.operands[0].type == X86_OP_REG)
			snprintf(in->reg, sizeof(in->reg), "%s",
				 cs_reg_name(s->dis.cs, ci->detail->x86.operands[0].reg));
	}
	cs_free(ci, 1);
	return 0;
}

/* Pairs pushes before call i with pops after it; fills the inference fields. */
static void infer(struct scan *s, size_t i, struct pvcall *c, uint64_t lo, uint64_t hi)
{
	const struct pvt_arch *a = s->k.arch;
	const struct insn *pushes[MAX_WRAP], *pops[MAX_WRAP];
	unsigned int np = 0, nq = 0, m = 0;
	size_t j, after = i + 1;

	/* NOP padding after the call belongs to the site. */
	while (after < s->nr_insns && s->insns[after].id == X86_INS_NOP &&
	       s->insns[after].addr < hi)
		after++;
	c->span_start = s->insns[i].addr;
	c->span_end = after < s->nr_insns ? s->insns[after].addr
					  : s->insns[i].addr + s->insns[i].size;
	for (j = i; j-- > 0 && np < MAX_WRAP;) {
		if (s->insns[j].id != X86_INS_PUSH || !s->insns[j].reg[0] || s->insns[j].addr < lo)
			break;
		pushes[np++] = &s->insns[j];
	}
	for (j = after; j < s->nr_insns && nq < MAX_WRAP; j++) {
		if (s->insns[j].id != X86_INS_POP || !s->insns[j].reg[0] || s->insns[j].addr >= hi)
			break;
		pops[nq++] = &s->insns[j];
	}
	while (m < np && m < nq && strcmp(pushes[m]->reg, pops[m]->reg) == 0)
		m++;
	c->clobbers = a->clbr_ret_reg;
	for (unsigned int k = 0; k < m; k++) {
		snprintf(c->saved[c->nr_saved++], sizeof(c->saved[0]), "%s", pushes[k]->reg);
		c->clobbers |= clobber_bit(a, pushes[k]->reg);
	}
	for (unsigned int k = m; k < np; k++)
		snprintf(c->push_left[c->nr_push_left++], sizeof(c->push_left[0]), "%s", pushes[k]->reg);
	for (unsigned int k = m; k < nq; k++)
		snprintf(c->pop_left[c->nr_pop_left++], sizeof(c->pop_left[0]), "%s", pops[k]->reg);
	if (m) {
		c->span_start = pushes[m - 1]->addr;
		c->span_end = pops[m - 1]->addr + pops[m - 1]->size;
	}
}

static int add_call(struct scan *s, const struct pvcall *c)
{
	if (s->nr_calls == s->cap_calls) {
		size_t cap = s->cap_calls ? 2 * s->cap_calls : 64;
		struct pvcall *n = realloc(s->calls, cap * sizeof(*n));

		if (!n)
			return fail(s, "out of memory");
		s->calls = n;
		s->cap_calls = cap;
	}
	s->calls[s->nr_calls++] = *c;
	return 0;
}

/*
 * What a branch reaches, as (symbol, offset from it) in objects; false if
 * no 32-bit relocation lies in the instruction.
 */
static bool reloc_target(const struct scan *s, const struct reloc *rel, size_t nrel,
			 const struct insn *in, const struct kelf_symbol **sym, int64_t *off)
{
	for (size_t r = 0; r < nrel; r++) {
		if (rel[r].offset < in->addr || rel[r].offset >= in->addr + in->size)
			continue;
		*sym = &s->k.symbols[rel[r].sym];
		/*
		 * pc-relative: S + A - P counts from P; the CPU counts from the
		 * instruction's end. Summed as unsigned: any addend is possible
		 * (INT64_MAX + 4 would be undefined), and a wrapped one simply
		 * names no op.
		 */
		*off = (int64_t)((uint64_t)rel[r].addend +
				 (rel[r].pc_relative ? in->addr + in->size - rel[r].offset : 0));
		return true;
	}
	return false;
}

static bool allowed(const struct scan *s, const char *func)
{
	for (unsigned int i = 0; i < s->nr_allow; i++) {
		size_t n = strlen(s->allow[i]);

		if (strncmp(func, s->allow[i], n) == 0 && (func[n] == '+' || func[n] == 0))
			return true;
	}
	return false;
}

static int scan_section(struct scan *s, size_t shndx)
{
	const struct pvt_arch *a = s->k.arch;
	const struct kelf_section *sec = &s->k.sections[shndx];
	struct reloc *rel = NULL;
	size_t nrel = 0;
	int status = 0;

	if (decode_section(s, sec) != 0)
		return -1;
	if (s->k.type == ET_REL && read_relocs(s, shndx, &rel, &nrel) != 0)
		return -1;
	for (size_t i = 0; i < s->nr_insns && status == 0; i++) {
		const struct insn *in = &s->insns[i];
		struct pvcall c;
		uint64_t lo = sec->shdr.sh_addr, hi = lo + sec->shdr.sh_size;
		const struct kelf_symbol *fn, *sym = NULL;
		int64_t off;
		bool indirect = in->indirect, is_pv = false, found;

		if (!in->branch)
			continue;
		memset(&c, 0, sizeof(c));
		c.type = -1;
		if (s->k.type == ET_REL) {
			if (!reloc_target(s, rel, nrel, in, &sym, &off))
				continue;
			if (strcmp(sym->name, "pv_irq_ops") == 0 && indirect) {
				is_pv = true;
				if (off >= 0 && off % a->word_size == 0 && off / a->word_size < a->nr_ops)
					c.type = (int)(off / a->word_size);
			} else if (!indirect && in->call && off == 0 && is_target_name(s, sym->name)) {
				is_pv = true;
			}
		} else if (in->has_target && s->have_img) {
			if (indirect && in->target >= s->img.ops_addr &&
			    in->target - s->img.ops_addr < a->nr_ops * a->word_size) {
				is_pv = true;
				if ((in->target - s->img.ops_addr) % a->word_size == 0)
					c.type = (int)((in->target - s->img.ops_addr) / a->word_size);
			} else if (!indirect && in->call) {
				/* Only calls: ops may jump to each other's shared tails. */
				int t = target_type_at(s, in->target, &found);

				if (found) {
					is_pv = true;
					c.type = t;
				}
			}
		}
		if (!is_pv)
			continue;
		c.shndx = shndx;
		c.addr = in->addr;
		c.len = in->size;
		c.indirect = indirect;
		c.call = in->call;
		disasm_line(&s->dis, (const uint8_t *)sec->data->d_buf + (in->addr - sec->shdr.sh_addr),
			    in->size, in->addr, c.text, sizeof(c.text));
		if (s->k.type == ET_REL) {
			/* Objects: name the relocation's symbol, which the bytes do not show. */
			char *lt = strchr(c.text, '<');

			if (lt)
				*lt = 0;
			snprintf(c.text + strlen(c.text), sizeof(c.text) - strlen(c.text), "<%s%s>",
				 c.type >= 0 && indirect ? "pv_irq_ops." : "",
				 c.type >= 0 && indirect ? a->op_names[c.type] : sym->name);
		}
		fn = kelf_function_at(&s->k, shndx, in->addr);
		if (fn) {
			snprintf(c.func, sizeof(c.func), "%s+0x%jx", fn->name,
				 (uintmax_t)(in->addr - fn->value));
			if (fn->type == STT_FUNC && fn->size) {
				lo = fn->value;
				hi = fn->value + fn->size;
			}
		} else {
			snprintf(c.func, sizeof(c.func), "%s+0x%jx", sec->name,
				 (uintmax_t)(in->addr - sec->shdr.sh_addr));
		}
		c.record = find_record(s, shndx, in->addr);
		c.allowed = allowed(s, c.func);
		infer(s, i, &c, lo, hi);
		status = add_call(s, &c);
	}
	free(rel);
	return status;
}

static int load(struct scan *s)
{
	const struct kelf_symbol *ops;

	if (kelf_open(&s->k, s->path) != 0)
		return -1;
	ops = kelf_symbol_by_name(&s->k, "pv_irq_ops", s->k.type == ET_EXEC);
	if (s->k.type == ET_EXEC && ops) {
		if (kelf_build_image(&s->k, &s->img) != 0)
			return -1;
		s->have_img = true;
		if (collect_targets(s) != 0)
			return -1;
	}
	if (disasm_open(&s->dis, &s->k, s->have_img ? s->img.ops_addr : 0) != 0)
		return fail(s, "Capstone cannot decode x86");
	if (read_records(s) != 0)
		return -1;
	for (size_t i = 1; i < s->k.nr_sections; i++) {
		const struct kelf_section *sec = &s->k.sections[i];

		if ((sec->shdr.sh_flags & SHF_EXECINSTR) && sec->data && sec->shdr.sh_type == SHT_PROGBITS &&
		    scan_section(s, i) != 0)
			return -1;
	}
	return 0;
}

static const char *op_name(const struct scan *s, const struct pvcall *c)
{
	return c->type >= 0 ? s->k.arch->op_names[c->type] : "?";
}

static void list(FILE *f, char names[][8], unsigned int n, const char *none)
{
	if (!n)
		fprintf(f, "%s", none);
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? "," : "", names[i]);
}

static void print_text(const struct scan *s, unsigned int unannotated)
{
	const struct pvt_arch *a = s->k.arch;
	char clb[128];

	printf("%s: %s %s, %zu pv calls: %zu annotated, %u unannotated\n", s->path, a->name,
	       s->k.type == ET_EXEC ? "kernel" : "object", s->nr_calls,
	       s->nr_calls - unannotated, unannotated);
	for (size_t i = 0; i < s->nr_calls; i++) {
		const struct pvcall *c = &s->calls[i];
		const char *what = c->record >= 0 ? "annotated" : c->allowed ? "allowed" : "UNANNOTATED";

		if (c->record >= 0 && !s->all)
			continue;
		printf("%-11s %s %#jx %s: %s %s (%u bytes)", what, s->k.sections[c->shndx].name,
		       (uintmax_t)c->addr, c->func, op_name(s, c), c->text, c->len);
		if (c->record >= 0)
			printf(", record #%ld", c->record);
		printf("\n    saved around it: ");
		list(stdout, (char(*)[8])c->saved, c->nr_saved, "nothing");
		if (c->nr_push_left || c->nr_pop_left) {
			printf("; unmatched pushes: ");
			list(stdout, (char(*)[8])c->push_left, c->nr_push_left, "none");
			printf(", unmatched pops: ");
			list(stdout, (char(*)[8])c->pop_left, c->nr_pop_left, "none");
		}
		format_clobbers(a, c->clobbers, clb, sizeof(clb));
		printf("\n    could be given clobbers %#05x (%s); %ju bytes for inline code at %#jx..%#jx\n",
		       c->clobbers, clb, (uintmax_t)(c->span_end - c->span_start),
		       (uintmax_t)c->span_start, (uintmax_t)c->span_end);
	}
}

static void json_list(char names[][8], unsigned int n)
{
	printf("[");
	for (unsigned int i = 0; i < n; i++) {
		printf("%s", i ? ", " : "");
		json_string(stdout, names[i]);
	}
	printf("]");
}

static void print_json(const struct scan *s, unsigned int unannotated)
{
	const struct pvt_arch *a = s->k.arch;
	char clb[128];

	printf("{\"file\": ");
	json_string(stdout, s->path);
	printf(", \"arch\": \"%s\", \"kind\": \"%s\", \"calls\": [", a->name,
	       s->k.type == ET_EXEC ? "kernel" : "object");
	for (size_t i = 0; i < s->nr_calls; i++) {
		const struct pvcall *c = &s->calls[i];

		printf("%s\n  {\"section\": ", i ? "," : "");
		json_string(stdout, s->k.sections[c->shndx].name);
		printf(", \"addr\": %ju, \"function\": ", (uintmax_t)c->addr);
		json_string(stdout, c->func);
		printf(", \"op\": \"%s\", \"type\": %d, \"via\": \"%s\", \"insn\": ", op_name(s, c), c->type,
		       c->indirect ? "indirect" : "direct");
		json_string(stdout, c->text);
		format_clobbers(a, c->clobbers, clb, sizeof(clb));
		printf(", \"len\": %u, \"annotated\": %s, \"record\": %ld, \"allowed\": %s, \"saved\": ",
		       c->len, c->record >= 0 ? "true" : "false", c->record, c->allowed ? "true" : "false");
		json_list((char(*)[8])c->saved, c->nr_saved);
		printf(", \"unmatched_pushes\": ");
		json_list((char(*)[8])c->push_left, c->nr_push_left);
		printf(", \"unmatched_pops\": ");
		json_list((char(*)[8])c->pop_left, c->nr_pop_left);
		printf(", \"clobbers\": %u, \"clobber_regs\": ", c->clobbers);
		json_string(stdout, clb);
		printf(", \"inline_bytes\": %ju, \"span_start\": %ju, \"span_end\": %ju}",
		       (uintmax_t)(c->span_end - c->span_start), (uintmax_t)c->span_start,
		       (uintmax_t)c->span_end);
	}
	printf("\n ], \"summary\": {\"calls\": %zu, \"annotated\": %zu, \"unannotated\": %u, "
	       "\"records\": %zu}}\n", s->nr_calls, s->nr_calls - unannotated, unannotated,
	       s->nr_records);
}

static int usage(void)
{
	fprintf(stderr, "usage: pvscan [--json] [--all] [--target SYMBOL]... [--allow FUNCTION]... FILE\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct scan s;
	unsigned int unannotated = 0, bad = 0;
	int status;

	/* Fresh on every call: the fuzzer runs main() many times in one process. */
	memset(&s, 0, sizeof(s));

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			s.json = true;
		} else if (strcmp(argv[i], "--all") == 0) {
			s.all = true;
		} else if (strcmp(argv[i], "--target") == 0 && i + 1 < argc && s.nr_targets < MAX_NAMES) {
			s.targets[s.nr_targets++] = argv[++i];
		} else if (strcmp(argv[i], "--allow") == 0 && i + 1 < argc && s.nr_allow < MAX_NAMES) {
			s.allow[s.nr_allow++] = argv[++i];
		} else if (argv[i][0] == '-' || s.path) {
			return usage();
		} else {
			s.path = argv[i];
		}
	}
	if (!s.path)
		return usage();
	if (load(&s) != 0) {
		fprintf(stderr, "pvscan: %s: %s\n", s.path, s.k.error[0] ? s.k.error : "out of memory");
		status = 2;
		goto out;
	}
	for (size_t i = 0; i < s.nr_calls; i++) {
		if (s.calls[i].record >= 0)
			continue;
		unannotated++;
		if (s.calls[i].allowed)
			continue;
		bad++;
		fprintf(stderr, "pvscan: %s: unannotated pv call at %s %#jx (%s, %s)\n", s.path,
			s.k.sections[s.calls[i].shndx].name, (uintmax_t)s.calls[i].addr,
			s.calls[i].func, op_name(&s, &s.calls[i]));
	}
	if (s.json)
		print_json(&s, unannotated);
	else
		print_text(&s, unannotated);
	status = bad ? 1 : 0;
out:
	free(s.insns);
	free(s.calls);
	free(s.records);
	disasm_close(&s.dis);
	kelf_free_image(&s.img);
	kelf_close(&s.k);
	return status;
}
