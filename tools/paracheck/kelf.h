/*
 * Reading a kernel ELF (linked image or relocatable object) with libelf,
 * defensively: every offset, size and index is checked against the file,
 * so a truncated or corrupted file ends in an error message, never a crash.
 * Shared by paracheck and pvscan.
 */
#ifndef PVTOOLS_KELF_H
#define PVTOOLS_KELF_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch_model.h"

struct kelf_section {
	const char *name; /* "" if unreadable */
	GElf_Shdr shdr;
	Elf_Data *data;   /* NULL for SHT_NOBITS, empty or unreadable sections */
};

struct kelf_symbol {
	const char *name; /* "" if unnamed */
	uint64_t value, size;
	unsigned int type, bind;
	size_t shndx;
};

struct kelf {
	const char *path;
	int fd;
	Elf *elf;
	size_t file_size;
	int type; /* ET_EXEC or ET_REL */
	const struct pvt_arch *arch;
	size_t nr_sections;
	struct kelf_section *sections; /* by section index */
	size_t nr_symbols;
	struct kelf_symbol *symbols;   /* by symbol index (.symtab) */
	char error[256];
};

/* Opens and indexes path; on failure returns -1 with k->error set. */
int kelf_open(struct kelf *k, const char *path);
void kelf_close(struct kelf *k);

const struct kelf_section *kelf_section_by_name(const struct kelf *k, const char *name);
/* The first defined symbol with this name (or any, when want_defined is false). */
const struct kelf_symbol *kelf_symbol_by_name(const struct kelf *k, const char *name,
					      bool want_defined);
/* Index of the allocated section holding a linked image's address, or 0. */
size_t kelf_section_at(const struct kelf *k, uint64_t addr);
/*
 * The function (or code label) containing value in section shndx: the
 * nearest preceding FUNC or NOTYPE symbol. NULL if none.
 */
const struct kelf_symbol *kelf_function_at(const struct kelf *k, size_t shndx, uint64_t value);

/* Lays out a linked kernel's allocated sections as it sees itself at boot. */
int kelf_build_image(struct kelf *k, struct pvt_image *img);
void kelf_free_image(struct pvt_image *img);
/* Reads a little-endian target word (word_size bytes) at a runtime address. */
bool image_read_word(const struct pvt_image *img, uint64_t addr, unsigned int word_size,
		     uint64_t *val);
/* Copies a NUL-terminated string at a runtime address; false if it does not end in the image or buf. */
bool image_read_string(const struct pvt_image *img, uint64_t addr, char *buf, size_t size);

/* The kernel's registered backends (.pv_backends) and their ops targets. */
struct kbackend {
	char name[64];
	uint64_t addr;                    /* of its struct pv_backend */
	uint64_t targets[PVT_MAX_OPS];    /* what it installs in pv_irq_ops and pv_mmu_ops, by op type */
	int model;                        /* its index in the arch model, or -1 */
	const char *missing;              /* a symbol its model needs that the kernel lacks */
	const char *ops_from;             /* the static table targets came from, or NULL */
};

/* Reads them; *nr may be 0. -1 with k->error set if the table is unreadable. */
int kelf_read_backends(struct kelf *k, const struct pvt_image *img, struct kbackend **out,
		       size_t *nr);
/* Reads the targets of the struct pv_mmu_ops at a runtime address into targets[mmu types]. */
bool kelf_read_mmu_ops(const struct kelf *k, const struct pvt_image *img, uint64_t ops,
		       uint64_t *targets);
/* Reads the op targets of the struct pv_irq_ops at a runtime address; false if unreadable. */
bool kelf_read_ops(const struct kelf *k, const struct pvt_image *img, uint64_t ops,
		   uint64_t *targets);

#endif
