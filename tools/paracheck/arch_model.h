/*
 * What the host tools know about one target architecture of the kernel.
 *
 * arch_model.c is compiled once per target (-DPV_TARGET_X86_64 or
 * -DPV_TARGET_I386) together with the kernel's own patcher (pvops/patch.c)
 * and the backends' patch functions; each copy exports a single symbol,
 * pvt_arch_x86_64 or pvt_arch_i386. Everything else in a copy is made local
 * when it is linked, so both copies live in one binary without clashing.
 *
 * This header includes no kernel header: the tools' front ends see the
 * kernel only through it.
 */
#ifndef PVTOOLS_ARCH_MODEL_H
#define PVTOOLS_ARCH_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/* Upper bounds the front ends size their buffers with (checked in arch_model.c). */
/* Op types of both groups (irq 0.., mmu 16..): targets are indexed by type. */
#define PVT_MAX_OPS 32
#define PVT_MAX_SITE 32

/* A register that has a clobber bit. */
struct pvt_reg {
	const char *name; /* as Capstone spells it: "rax", "eax" */
	uint16_t bit;
};

/*
 * The kernel's loadable sections laid out as the kernel sees itself at
 * boot: bytes[0] is the byte at runtime address base. bytes must be
 * aligned as base is, modulo 16, so records are read at their natural
 * alignment.
 */
struct pvt_image {
	uint8_t *bytes;
	uint64_t base, size;
	uint64_t text_start, text_end; /* __text_start, __text_end */
	uint64_t ops_addr;             /* pv_irq_ops */
	uint64_t mmu_ops_addr;         /* pv_mmu_ops, 0 if the kernel has none */
};

/* One .parainstructions record, decoded. */
struct pvt_record {
	uint64_t addr; /* of the record */
	uint64_t site; /* of the site it describes */
	unsigned int type, len, clobbers;
};

/* What one backend makes of one site. */
struct pvt_patch_result {
	int outcome;                   /* index into outcome_names */
	unsigned int len;
	uint8_t bytes[PVT_MAX_SITE];
	const char *reason;            /* why refused, or NULL */
};

/* The kernel's symbols and data, for backends whose patch() names kernel data. */
struct pvt_symbols {
	bool (*lookup)(const void *ctx, const char *name, uint64_t *value);
	/* The target word at a runtime address, as the kernel is linked. */
	bool (*read_word)(const void *ctx, uint64_t addr, uint64_t *value);
	const void *ctx;
};

struct pvt_arch {
	const char *name;  /* "x86_64", "i386" */
	int elf_class;     /* ELFCLASS64, ELFCLASS32 */
	int elf_machine;   /* EM_X86_64, EM_386 */
	int capstone_mode; /* CS_MODE_64, CS_MODE_32 */
	unsigned int word_size;

	unsigned int nr_ops;
	const char *const *op_names;  /* the patcher's paravirt_op_names (the irq group) */
	/* The mmu group: its first type, how many ops; any type's name (paravirt_op_name). */
	unsigned int mmu_first, nr_mmu_ops;
	const char *(*op_name)(uint8_t type);
	unsigned int record_size;     /* sizeof(struct paravirt_patch_site) */
	unsigned int record_align;
	unsigned int site_min, site_max, call_len;

	uint16_t clbr_any, clbr_ret_reg, op_clobbers;
	unsigned int nr_regs;
	const struct pvt_reg *regs;

	unsigned int nr_outcomes;
	const char *const *outcome_names; /* the patcher's paravirt_outcome_names */
	int outcome_refused;

	/* struct pv_backend as the target lays it out: offsets of three fields. */
	unsigned int backend_name_offset, backend_ops_offset, backend_mmu_ops_offset;

	/* Backends whose patch() is built into this copy. */
	unsigned int nr_backends;
	const char *(*backend_name)(unsigned int backend);

	/*
	 * Sets what backend `backend`'s patch() reads besides pv_irq_ops (such
	 * as the address of a flag it stores to) from the kernel's symbols.
	 * Returns NULL, or the name of a symbol the kernel lacks.
	 */
	const char *(*prepare_backend)(unsigned int backend, const struct pvt_symbols *syms);
	/*
	 * For a backend that fills its ops table at init (so the image holds
	 * none yet): the symbol of the static table its default ops come
	 * from, which the front end reads the targets from. NULL otherwise.
	 */
	const char *(*backend_ops_symbol)(unsigned int backend);
	/* Decodes the record at rec_addr; false if it is not inside the image or misaligned. */
	bool (*read_record)(const struct pvt_image *img, uint64_t rec_addr, struct pvt_record *r);
	/* The patcher's own check of a record (paravirt_check_site): NULL if it is fine. */
	const char *(*check_record)(const struct pvt_image *img, uint64_t rec_addr);
	/*
	 * Runs the patcher (paravirt_patch_site) on the record with backend
	 * number `backend`, whose ops targets (kernel addresses, by op type)
	 * stand in pv_irq_ops and pv_mmu_ops. The image is not modified.
	 */
	void (*patch_record)(const struct pvt_image *img, unsigned int backend,
			     const uint64_t *targets, uint64_t rec_addr,
			     struct pvt_patch_result *res);

	/*
	 * Chooses the NOPs the patcher pads with, as the kernel does from the
	 * CPU it runs on: "p6" (0f 1f, the default) or "p5" (lea forms, i386
	 * only). False for a name this architecture does not have.
	 */
	bool (*select_nops)(const char *name);
};

extern const struct pvt_arch pvt_arch_x86_64;
extern const struct pvt_arch pvt_arch_i386;

/* The model for an ELF class and machine, or NULL. */
const struct pvt_arch *pvt_arch_for(int elf_class, int elf_machine);

#endif
