/*
 * One-line disassembly of a site's bytes with Capstone (AT&T syntax, as
 * objdump prints it), naming the symbols that calls and jumps reach and
 * the pv_irq_ops slot an indirect call goes through. Shared by the tools.
 */
#ifndef PVTOOLS_DISASM_H
#define PVTOOLS_DISASM_H

#include <capstone/capstone.h>
#include <stddef.h>
#include <stdint.h>

#include "kelf.h"

struct disasm {
	csh cs;
	const struct kelf *k; /* for symbol names; linked images only */
	uint64_t ops_addr;    /* pv_irq_ops, 0 if unknown */
};

/* With details on: callers may inspect operands of the instructions they decode. */
int disasm_open(struct disasm *d, const struct kelf *k, uint64_t ops_addr);
void disasm_close(struct disasm *d);

/* "pv_irq_ops.irq_disable", "native_irq_enable_op", "func+0x1c" or "0x1234". */
void disasm_name_addr(const struct disasm *d, uint64_t addr, char *buf, size_t size);

/*
 * The bytes as "insn; insn; ...", runs of NOPs folded into "nop*BYTES",
 * undecodable bytes as ".byte 0x..". Always NUL-terminates out.
 */
void disasm_line(const struct disasm *d, const uint8_t *code, size_t len, uint64_t addr,
		 char *out, size_t size);

/*
 * The absolute address an instruction's only memory operand names
 * (no base or index register; RIP-relative resolved), or its direct
 * branch target. False if it has neither.
 */
int disasm_branch_target(const struct disasm *d, const cs_insn *insn, uint64_t *target,
			 int *indirect);

#endif
