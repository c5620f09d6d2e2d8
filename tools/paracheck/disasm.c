/* One-line disassembly of sites (see disasm.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "disasm.h"

int disasm_open(struct disasm *d, const struct kelf *k, uint64_t ops_addr)
{
	memset(d, 0, sizeof(*d));
	d->k = k;
	d->ops_addr = ops_addr;
	if (cs_open(CS_ARCH_X86, (cs_mode)k->arch->capstone_mode, &d->cs) != CS_ERR_OK)
		return -1;
	cs_option(d->cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
	cs_option(d->cs, CS_OPT_DETAIL, CS_OPT_ON);
	return 0;
}

void disasm_close(struct disasm *d)
{
	if (d->cs)
		cs_close(&d->cs);
}

void disasm_name_addr(const struct disasm *d, uint64_t addr, char *buf, size_t size)
{
	const struct pvt_arch *a = d->k->arch;
	const struct kelf_symbol *best = NULL;

	if (d->ops_addr && addr >= d->ops_addr && addr - d->ops_addr < a->nr_ops * a->word_size &&
	    (addr - d->ops_addr) % a->word_size == 0) {
		snprintf(buf, size, "pv_irq_ops.%s", a->op_names[(addr - d->ops_addr) / a->word_size]);
		return;
	}
	if (d->k->type == ET_EXEC) {
		for (size_t i = 1; i < d->k->nr_symbols; i++) {
			const struct kelf_symbol *s = &d->k->symbols[i];

			if (!s->name[0] || s->value > addr || s->shndx == SHN_UNDEF ||
			    (s->type != STT_FUNC && s->type != STT_OBJECT && s->type != STT_NOTYPE))
				continue;
			if (s->size && addr - s->value >= s->size)
				continue;
			if (!s->size && s->value != addr)
				continue;
			if (!best || s->value > best->value)
				best = s;
		}
	}
	if (!best)
		snprintf(buf, size, "%#jx", (uintmax_t)addr);
	else if (addr == best->value)
		snprintf(buf, size, "%s", best->name);
	else
		snprintf(buf, size, "%s+%#jx", best->name, (uintmax_t)(addr - best->value));
}

int disasm_branch_target(const struct disasm *d, const cs_insn *insn, uint64_t *target,
			 int *indirect)
{
	const cs_x86 *x = &insn->detail->x86;
	x86_reg index;

	if (x->op_count != 1)
		return 0;
	if (x->operands[0].type == X86_OP_IMM) {
		*target = (uint64_t)x->operands[0].imm;
		*indirect = 0;
		return 1;
	}
	/* ff 14 25's SIB byte has no index; Capstone calls that %eiz/%riz. */
	index = x->operands[0].mem.index;
	if (index == X86_REG_EIZ || index == X86_REG_RIZ)
		index = X86_REG_INVALID;
	/* The sites' DS prefix names the default segment: the address is the same. */
	if (x->operands[0].type == X86_OP_MEM && index == X86_REG_INVALID &&
	    (x->operands[0].mem.segment == X86_REG_INVALID ||
	     x->operands[0].mem.segment == X86_REG_DS)) {
		if (x->operands[0].mem.base == X86_REG_INVALID)
			*target = (uint64_t)x->operands[0].mem.disp;
		else if (x->operands[0].mem.base == X86_REG_RIP)
			*target = insn->address + insn->size + (uint64_t)x->operands[0].mem.disp;
		else
			return 0;
		if (d->k->arch->word_size == 4)
			*target = (uint32_t)*target;
		*indirect = 1;
		return 1;
	}
	return 0;
}

static int is_branch(const struct disasm *d, const cs_insn *insn)
{
	return cs_insn_group(d->cs, insn, CS_GRP_CALL) || cs_insn_group(d->cs, insn, CS_GRP_JUMP);
}

/* The address a data instruction's absolute or RIP-relative memory operand names. */
static bool memory_operand(const struct disasm *d, const cs_insn *insn, uint64_t *target)
{
	const cs_x86 *x = &insn->detail->x86;

	if (d->k->type != ET_EXEC)
		return false;
	for (unsigned int i = 0; i < x->op_count; i++) {
		const cs_x86_op *op = &x->operands[i];

		if (op->type != X86_OP_MEM || op->mem.segment != X86_REG_INVALID ||
		    (op->mem.index != X86_REG_INVALID && op->mem.index != X86_REG_EIZ &&
		     op->mem.index != X86_REG_RIZ))
			continue;
		if (op->mem.base == X86_REG_RIP)
			*target = insn->address + insn->size + (uint64_t)op->mem.disp;
		else if (op->mem.base == X86_REG_INVALID && op->mem.disp)
			*target = (uint64_t)op->mem.disp;
		else
			continue;
		if (d->k->arch->word_size == 4)
			*target = (uint32_t)*target;
		return true;
	}
	return false;
}

/* An output buffer that truncates instead of overflowing. */
struct out {
	char *buf;
	size_t size, n;
};

__attribute__((format(printf, 2, 3))) static void emit(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(o->buf + o->n, o->size - o->n, fmt, ap);
	va_end(ap);
	o->n = (w < 0 || (size_t)w >= o->size - o->n) ? o->size - 1 : o->n + (size_t)w;
}

static void flush_nops(struct out *o, size_t *nops)
{
	if (*nops)
		emit(o, "%snop*%zu", o->n ? "; " : "", *nops);
	*nops = 0;
}

void disasm_line(const struct disasm *d, const uint8_t *code, size_t len, uint64_t addr,
		 char *buf, size_t size)
{
	cs_insn *insn = cs_malloc(d->cs);
	struct out o = { buf, size, 0 };
	size_t nops = 0;

	buf[0] = 0;
	while (len) {
		const uint8_t *p = code;
		size_t left = len;
		uint64_t at = addr;
		uint64_t target;
		int indirect;
		char name[128];

		if (!insn || !cs_disasm_iter(d->cs, &p, &left, &at, insn)) {
			flush_nops(&o, &nops);
			emit(&o, "%s.byte %#x", o.n ? "; " : "", code[0]);
			code++, len--, addr++;
			continue;
		}
		if (insn->id == X86_INS_NOP) {
			nops += insn->size;
		} else {
			flush_nops(&o, &nops);
			emit(&o, "%s%s%s%s", o.n ? "; " : "", insn->mnemonic,
			     insn->op_str[0] ? " " : "", insn->op_str);
			if ((is_branch(d, insn) && disasm_branch_target(d, insn, &target, &indirect)) ||
			    memory_operand(d, insn, &target)) {
				disasm_name_addr(d, target, name, sizeof(name));
				emit(&o, " <%s>", name);
			}
		}
		len -= insn->size, code += insn->size, addr += insn->size;
	}
	flush_nops(&o, &nops);
	if (insn)
		cs_free(insn, 1);
}
