/* Defensive ELF reading for the host tools (see kelf.h). */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kelf.h"

/* A linked kernel spans a few hundred KiB; refuse to lay out absurd images. */
#define IMAGE_SPAN_MAX (256u << 20)

__attribute__((format(printf, 2, 3))) static int fail(struct kelf *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->error, sizeof(k->error), fmt, ap);
	va_end(ap);
	return -1;
}

const struct pvt_arch *pvt_arch_for(int elf_class, int elf_machine)
{
	if (elf_class == pvt_arch_x86_64.elf_class && elf_machine == pvt_arch_x86_64.elf_machine)
		return &pvt_arch_x86_64;
	if (elf_class == pvt_arch_i386.elf_class && elf_machine == pvt_arch_i386.elf_machine)
		return &pvt_arch_i386;
	return NULL;
}

static int read_sections(struct kelf *k)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrnum(k->elf, &k->nr_sections) != 0)
		return fail(k, "unreadable section header table: %s", elf_errmsg(-1));
	if (elf_getshdrstrndx(k->elf, &shstrndx) != 0)
		return fail(k, "unreadable section name table index: %s", elf_errmsg(-1));
	if (k->nr_sections == 0)
		return fail(k, "no sections");
	k->sections = calloc(k->nr_sections, sizeof(*k->sections));
	if (!k->sections)
		return fail(k, "out of memory");
	while ((scn = elf_nextscn(k->elf, scn)) != NULL) {
		size_t i = elf_ndxscn(scn);
		struct kelf_section *s;

		if (i >= k->nr_sections)
			return fail(k, "section index %zu out of range", i);
		s = &k->sections[i];
		if (!gelf_getshdr(scn, &s->shdr))
			return fail(k, "unreadable header of section %zu: %s", i, elf_errmsg(-1));
		s->name = elf_strptr(k->elf, shstrndx, s->shdr.sh_name);
		if (!s->name)
			return fail(k, "section %zu has no readable name (corrupted section name table)", i);
		if (s->shdr.sh_type == SHT_NOBITS || s->shdr.sh_size == 0)
			continue;
		if (s->shdr.sh_offset > k->file_size ||
		    s->shdr.sh_size > k->file_size - s->shdr.sh_offset)
			return fail(k, "section %s (%zu) extends past the end of the file "
				    "(offset %#jx, size %#jx, file %zu bytes): truncated?",
				    s->name, i, (uintmax_t)s->shdr.sh_offset,
				    (uintmax_t)s->shdr.sh_size, k->file_size);
		s->data = elf_getdata(scn, NULL);
		if (!s->data)
			return fail(k, "unreadable contents of section %s: %s", s->name, elf_errmsg(-1));
		if (s->data->d_size != s->shdr.sh_size && s->shdr.sh_type == SHT_PROGBITS)
			return fail(k, "section %s: %zu bytes read, %ju expected", s->name,
				    s->data->d_size, (uintmax_t)s->shdr.sh_size);
	}
	if (!k->sections[0].name)
		k->sections[0].name = "";
	for (size_t i = 0; i < k->nr_sections; i++)
		if (!k->sections[i].name)
			return fail(k, "section %zu missing from the section list", i);
	return 0;
}

static int read_symbols(struct kelf *k)
{
	for (size_t i = 1; i < k->nr_sections; i++) {
		const struct kelf_section *s = &k->sections[i];
		size_t n;

		if (s->shdr.sh_type != SHT_SYMTAB || !s->data)
			continue;
		if (s->shdr.sh_link >= k->nr_sections)
			return fail(k, "symbol table %s links to section %ju, which does not exist",
				    s->name, (uintmax_t)s->shdr.sh_link);
		n = s->data->d_size / gelf_fsize(k->elf, ELF_T_SYM, 1, EV_CURRENT);
		k->symbols = calloc(n ? n : 1, sizeof(*k->symbols));
		if (!k->symbols)
			return fail(k, "out of memory");
		for (size_t j = 0; j < n; j++) {
			GElf_Sym sym;
			struct kelf_symbol *ks = &k->symbols[j];
			const char *name;

			if (!gelf_getsym(s->data, (int)j, &sym))
				return fail(k, "unreadable symbol %zu: %s", j, elf_errmsg(-1));
			name = elf_strptr(k->elf, s->shdr.sh_link, sym.st_name);
			ks->name = name ? name : "";
			ks->value = sym.st_value;
			ks->size = sym.st_size;
			ks->type = GELF_ST_TYPE(sym.st_info);
			ks->bind = GELF_ST_BIND(sym.st_info);
			ks->shndx = sym.st_shndx;
		}
		k->nr_symbols = n;
		return 0;
	}
	return fail(k, "no symbol table (stripped?): the tools need symbols");
}

int kelf_open(struct kelf *k, const char *path)
{
	struct stat st;
	GElf_Ehdr eh;

	memset(k, 0, sizeof(*k));
	k->path = path;
	k->fd = -1;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail(k, "libelf is out of date");
	k->fd = open(path, O_RDONLY);
	if (k->fd < 0 || fstat(k->fd, &st) != 0)
		return fail(k, "cannot open: %m");
	k->file_size = (size_t)st.st_size;
	k->elf = elf_begin(k->fd, ELF_C_READ, NULL);
	if (!k->elf || elf_kind(k->elf) != ELF_K_ELF)
		return fail(k, "not an ELF file%s%s", k->elf ? "" : ": ",
			    k->elf ? "" : elf_errmsg(-1));
	if (!gelf_getehdr(k->elf, &eh))
		return fail(k, "unreadable ELF header (truncated?): %s", elf_errmsg(-1));
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(k, "not a little-endian ELF file");
	k->arch = pvt_arch_for(eh.e_ident[EI_CLASS], eh.e_machine);
	if (!k->arch)
		return fail(k, "neither an ELF64 x86-64 nor an ELF32 i386 file (class %u, machine %u)",
			    eh.e_ident[EI_CLASS], eh.e_machine);
	/* libelf would only say "no sections"; say where they went. */
	if (eh.e_shnum && (eh.e_shoff > k->file_size ||
			   (uint64_t)eh.e_shnum * eh.e_shentsize > k->file_size - eh.e_shoff))
		return fail(k, "section header table (offset %#jx, %u entries) lies past the end "
			    "of the file (%zu bytes): truncated?", (uintmax_t)eh.e_shoff, eh.e_shnum,
			    k->file_size);
	k->type = eh.e_type;
	if (k->type != ET_EXEC && k->type != ET_REL)
		return fail(k, "neither a linked kernel (ET_EXEC) nor an object file (ET_REL)");
	if (read_sections(k) != 0 || read_symbols(k) != 0)
		return -1;
	return 0;
}

void kelf_close(struct kelf *k)
{
	free(k->sections);
	free(k->symbols);
	if (k->elf)
		elf_end(k->elf);
	if (k->fd >= 0)
		close(k->fd);
	k->sections = NULL;
	k->symbols = NULL;
	k->elf = NULL;
	k->fd = -1;
}

const struct kelf_section *kelf_section_by_name(const struct kelf *k, const char *name)
{
	for (size_t i = 1; i < k->nr_sections; i++)
		if (strcmp(k->sections[i].name, name) == 0)
			return &k->sections[i];
	return NULL;
}

const struct kelf_symbol *kelf_symbol_by_name(const struct kelf *k, const char *name,
					      bool want_defined)
{
	for (size_t i = 1; i < k->nr_symbols; i++) {
		const struct kelf_symbol *s = &k->symbols[i];

		if (strcmp(s->name, name) != 0)
			continue;
		if (!want_defined || (s->shndx != SHN_UNDEF && s->shndx < SHN_LORESERVE) ||
		    s->shndx == SHN_ABS)
			return s;
	}
	return NULL;
}

size_t kelf_section_at(const struct kelf *k, uint64_t addr)
{
	for (size_t i = 1; i < k->nr_sections; i++) {
		const GElf_Shdr *sh = &k->sections[i].shdr;

		if ((sh->sh_flags & SHF_ALLOC) && addr >= sh->sh_addr &&
		    addr - sh->sh_addr < sh->sh_size)
			return i;
	}
	return 0;
}

const struct kelf_symbol *kelf_function_at(const struct kelf *k, size_t shndx, uint64_t value)
{
	const struct kelf_symbol *best = NULL;

	for (size_t i = 1; i < k->nr_symbols; i++) {
		const struct kelf_symbol *s = &k->symbols[i];

		if (s->shndx != shndx || s->value > value || !s->name[0])
			continue;
		if (s->type != STT_FUNC && s->type != STT_NOTYPE)
			continue;
		if (strncmp(s->name, ".L", 2) == 0)
			continue;
		/* A sized function that ends before value does not contain it. */
		if (s->type == STT_FUNC && s->size && value - s->value >= s->size)
			continue;
		if (!best || s->value > best->value ||
		    (s->value == best->value && s->type == STT_FUNC && best->type != STT_FUNC))
			best = s;
	}
	return best;
}

static uint64_t symbol_or(const struct kelf *k, const char *name, uint64_t dflt)
{
	const struct kelf_symbol *s = kelf_symbol_by_name(k, name, true);

	return s ? s->value : dflt;
}

int kelf_build_image(struct kelf *k, struct pvt_image *img)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	const struct kelf_section *text = kelf_section_by_name(k, ".text");
	const struct kelf_symbol *ops = kelf_symbol_by_name(k, "pv_irq_ops", true);
	void *mem;

	memset(img, 0, sizeof(*img));
	if (k->type != ET_EXEC)
		return fail(k, "an object file, not a linked kernel");
	if (!text || !(text->shdr.sh_flags & SHF_EXECINSTR))
		return fail(k, "no executable .text section");
	if (!ops)
		return fail(k, "no pv_irq_ops symbol: not a paravirt kernel");
	for (size_t i = 1; i < k->nr_sections; i++) {
		const GElf_Shdr *sh = &k->sections[i].shdr;

		if (!(sh->sh_flags & SHF_ALLOC) || sh->sh_size == 0)
			continue;
		if (sh->sh_addr + sh->sh_size < sh->sh_addr)
			return fail(k, "section %s wraps around the address space", k->sections[i].name);
		if (sh->sh_addr < lo)
			lo = sh->sh_addr;
		if (sh->sh_addr + sh->sh_size > hi)
			hi = sh->sh_addr + sh->sh_size;
	}
	lo &= ~(uint64_t)0xfff;
	if (hi <= lo || hi - lo > IMAGE_SPAN_MAX)
		return fail(k, "loaded sections span %#jx..%#jx: not an image this tool lays out",
			    (uintmax_t)lo, (uintmax_t)hi);
	if (posix_memalign(&mem, 4096, hi - lo) != 0)
		return fail(k, "out of memory");
	memset(mem, 0, hi - lo);
	img->bytes = mem;
	img->base = lo;
	img->size = hi - lo;
	for (size_t i = 1; i < k->nr_sections; i++) {
		const struct kelf_section *s = &k->sections[i];

		if ((s->shdr.sh_flags & SHF_ALLOC) && s->data && s->shdr.sh_type != SHT_NOBITS)
			memcpy(img->bytes + (s->shdr.sh_addr - lo), s->data->d_buf,
			       s->data->d_size < s->shdr.sh_size ? s->data->d_size : s->shdr.sh_size);
	}
	img->text_start = symbol_or(k, "__text_start", text->shdr.sh_addr);
	img->text_end = symbol_or(k, "__text_end", text->shdr.sh_addr + text->shdr.sh_size);
	img->ops_addr = ops->value;
	img->mmu_ops_addr = symbol_or(k, "pv_mmu_ops", 0);
	if (img->text_start > img->text_end || img->text_start < lo || img->text_end > hi)
		return fail(k, "kernel text %#jx..%#jx lies outside the loaded sections",
			    (uintmax_t)img->text_start, (uintmax_t)img->text_end);
	return 0;
}

void kelf_free_image(struct pvt_image *img)
{
	free(img->bytes);
	img->bytes = NULL;
}

bool image_read_word(const struct pvt_image *img, uint64_t addr, unsigned int word_size,
		     uint64_t *val)
{
	uint64_t v = 0;

	if (addr < img->base || addr - img->base > img->size ||
	    img->size - (addr - img->base) < word_size || word_size > 8)
		return false;
	for (unsigned int i = 0; i < word_size; i++)
		v |= (uint64_t)img->bytes[addr - img->base + i] << (8 * i);
	*val = v;
	return true;
}

bool image_read_string(const struct pvt_image *img, uint64_t addr, char *buf, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		if (addr + i < img->base || addr + i - img->base >= img->size)
			return false;
		buf[i] = (char)img->bytes[addr + i - img->base];
		if (!buf[i])
			return true;
	}
	return false;
}

bool kelf_read_ops(const struct kelf *k, const struct pvt_image *img, uint64_t ops,
		   uint64_t *targets)
{
	const struct pvt_arch *a = k->arch;

	for (unsigned int t = 0; t < a->nr_ops; t++)
		if (!image_read_word(img, ops + t * a->word_size, a->word_size, &targets[t]))
			return false;
	return true;
}

bool kelf_read_mmu_ops(const struct kelf *k, const struct pvt_image *img, uint64_t ops,
		       uint64_t *targets)
{
	const struct pvt_arch *a = k->arch;

	for (unsigned int t = 0; t < a->nr_mmu_ops; t++)
		if (!image_read_word(img, ops + t * a->word_size, a->word_size,
				     &targets[a->mmu_first + t]))
			return false;
	return true;
}

int kelf_read_backends(struct kelf *k, const struct pvt_image *img, struct kbackend **out,
		       size_t *nr)
{
	const struct pvt_arch *a = k->arch;
	const struct kelf_symbol *start = kelf_symbol_by_name(k, "__pv_backends_start", true);
	const struct kelf_symbol *end = kelf_symbol_by_name(k, "__pv_backends_end", true);
	struct kbackend *b;
	size_t n;

	*out = NULL;
	*nr = 0;
	if (!start || !end)
		return fail(k, "no __pv_backends_start/__pv_backends_end: cannot find the backends");
	if (end->value < start->value || (end->value - start->value) % a->word_size ||
	    (end->value - start->value) / a->word_size > 64)
		return fail(k, "backend table %#jx..%#jx is malformed", (uintmax_t)start->value,
			    (uintmax_t)end->value);
	n = (end->value - start->value) / a->word_size;
	b = calloc(n ? n : 1, sizeof(*b));
	if (!b)
		return fail(k, "out of memory");
	for (size_t i = 0; i < n; i++) {
		uint64_t name, ops, mmu_ops;

		b[i].model = -1;
		if (!image_read_word(img, start->value + i * a->word_size, a->word_size, &b[i].addr) ||
		    !image_read_word(img, b[i].addr + a->backend_name_offset, a->word_size, &name) ||
		    !image_read_word(img, b[i].addr + a->backend_ops_offset, a->word_size, &ops) ||
		    !image_read_word(img, b[i].addr + a->backend_mmu_ops_offset, a->word_size,
				     &mmu_ops) ||
		    !image_read_string(img, name, b[i].name, sizeof(b[i].name))) {
			free(b);
			return fail(k, "backend table entry %zu is unreadable", i);
		}
		/* A backend without an ops table runs with pv_irq_ops as linked. */
		if (!ops)
			ops = img->ops_addr;
		/* Without mmu ops of its own it runs pv_mmu_ops as linked (native's). */
		if (!mmu_ops)
			mmu_ops = img->mmu_ops_addr;
		if (!kelf_read_ops(k, img, ops, b[i].targets) ||
		    (mmu_ops && !kelf_read_mmu_ops(k, img, mmu_ops, b[i].targets))) {
			fail(k, "ops table of backend %s is unreadable", b[i].name);
			free(b);
			return -1;
		}
		for (unsigned int m = 0; m < a->nr_backends; m++)
			if (strcmp(a->backend_name(m), b[i].name) == 0)
				b[i].model = (int)m;
	}
	*out = b;
	*nr = n;
	return 0;
}
