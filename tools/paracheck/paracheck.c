/*
 * paracheck: lists and validates a kernel's .parainstructions table and
 * shows what each backend would make of every site, by running the
 * kernel's own patcher (pvops/patch.c, built into arch_model.c's copies)
 * on the kernel's bytes.
 *
 *   paracheck [--json] [--nops=p6|p5] KERNEL.elf
 *
 * --nops: the NOPs the patcher pads with, as the kernel chooses them for
 * its CPU: p6 (0f 1f, the default) or p5 (lea forms, i386 only).
 *
 * Exit status: 0 all records valid; 1 some record is invalid (each named
 * on stderr); 2 the file cannot be read as a paravirt kernel.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "kelf.h"
#include "report.h"

#define MAX_PROBLEMS 4

struct site {
	struct pvt_record r;
	char func[128];
	const uint8_t *bytes; /* NULL if the site is not in the image */
	const char *problems[MAX_PROBLEMS];
	unsigned int nr_problems;
	char overlap[96];
	struct pvt_patch_result *results; /* by kernel backend with a model */
};

struct check {
	const char *path;
	struct kelf k;
	struct pvt_image img;
	struct disasm dis;
	const struct kelf_section *table;
	uint64_t table_addr;
	size_t nr_sites;
	struct site *sites;
	struct kbackend *backends;
	size_t nr_backends;
	unsigned int invalid, refused;
};

static void add_problem(struct site *s, const char *p)
{
	if (s->nr_problems < MAX_PROBLEMS)
		s->problems[s->nr_problems++] = p;
}

static int by_site(const void *a, const void *b)
{
	const struct site *x = *(const struct site *const *)a, *y = *(const struct site *const *)b;

	return x->r.site < y->r.site ? -1 : x->r.site > y->r.site;
}

/* Two sites that share a byte: the patcher would write one over the other. */
static int find_overlaps(struct check *c)
{
	struct site **order = calloc(c->nr_sites ? c->nr_sites : 1, sizeof(*order));

	if (!order)
		return -1;
	size_t n = 0;

	/* A record of impossible length is refused already; do not let it shadow others. */
	for (size_t i = 0; i < c->nr_sites; i++)
		if (c->sites[i].r.len >= c->k.arch->site_min && c->sites[i].r.len <= c->k.arch->site_max)
			order[n++] = &c->sites[i];
	qsort(order, n, sizeof(*order), by_site);
	/* reach: the site so far whose bytes extend furthest. */
	for (size_t i = 1, reach = 0; i < n; i++) {
		struct site *prev = order[reach], *cur = order[i];

		if (cur->r.site - prev->r.site < prev->r.len) {
			snprintf(cur->overlap, sizeof(cur->overlap),
				 "overlaps the site of record #%zu", (size_t)(prev - c->sites));
			add_problem(cur, cur->overlap);
			if (!prev->overlap[0]) {
				snprintf(prev->overlap, sizeof(prev->overlap),
					 "overlaps the site of record #%zu", (size_t)(cur - c->sites));
				add_problem(prev, prev->overlap);
			}
		}
		if (cur->r.site + cur->r.len > prev->r.site + prev->r.len)
			reach = i;
	}
	free(order);
	return 0;
}

static void check_site(struct check *c, struct site *s)
{
	const struct pvt_arch *a = c->k.arch;
	const char *why = a->check_record(&c->img, s->r.addr);
	const struct kelf_symbol *fn;
	size_t sec = kelf_section_at(&c->k, s->r.site);

	if (why)
		add_problem(s, why);
	if (s->r.clobbers & ~(unsigned int)a->clbr_any)
		add_problem(s, "clobber mask names registers this architecture does not have");
	if (!(s->r.clobbers & a->clbr_ret_reg))
		add_problem(s, "clobber mask lacks the return register, which every op may destroy");
	if (s->r.site >= c->img.base && s->r.site - c->img.base <= c->img.size &&
	    c->img.size - (s->r.site - c->img.base) >= s->r.len && s->r.len <= PVT_MAX_SITE)
		s->bytes = c->img.bytes + (s->r.site - c->img.base);
	fn = sec ? kelf_function_at(&c->k, sec, s->r.site) : NULL;
	if (fn)
		snprintf(s->func, sizeof(s->func), "%s+0x%jx", fn->name,
			 (uintmax_t)(s->r.site - fn->value));
	else
		snprintf(s->func, sizeof(s->func), "?");
}

static bool lookup_symbol(const void *ctx, const char *name, uint64_t *value)
{
	const struct check *c = ctx;
	const struct kelf_symbol *s = kelf_symbol_by_name(&c->k, name, true);

	if (s)
		*value = s->value;
	return s != NULL;
}

static bool read_image_word(const void *ctx, uint64_t addr, uint64_t *value)
{
	const struct check *c = ctx;

	return image_read_word(&c->img, addr, c->k.arch->word_size, value);
}

/*
 * Gets a modelled backend ready: what its patch() reads from the kernel,
 * and, if the kernel fills its ops table only at init, the targets from
 * the static table its model names. A backend whose model cannot be set
 * up is shown as not modelled.
 */
static int prepare_model(struct check *c, struct kbackend *kb)
{
	const struct pvt_arch *a = c->k.arch;
	const struct pvt_symbols syms = { lookup_symbol, read_image_word, c };
	const struct kelf_symbol *ops = NULL;
	const char *name;

	if (kb->model < 0)
		return 0;
	kb->missing = a->prepare_backend((unsigned int)kb->model, &syms);
	name = kb->missing ? NULL : a->backend_ops_symbol((unsigned int)kb->model);
	if (name && !(ops = kelf_symbol_by_name(&c->k, name, true)))
		kb->missing = name;
	if (kb->missing) {
		kb->model = -1;
		return 0;
	}
	if (!name)
		return 0;
	if (!kelf_read_ops(&c->k, &c->img, ops->value, kb->targets)) {
		snprintf(c->k.error, sizeof(c->k.error), "ops table %s of backend %s is unreadable",
			 name, kb->name);
		return -1;
	}
	kb->ops_from = name;
	return 0;
}

/* Why a kernel backend has no column in the table. */
static const char *not_modelled(const struct kbackend *kb, char *buf, size_t size)
{
	if (kb->missing)
		snprintf(buf, size, "not modelled: the kernel has no symbol %s", kb->missing);
	else
		snprintf(buf, size, "not modelled: paracheck has no host build of its patch()");
	return buf;
}

static int load(struct check *c, const char *nops)
{
	const struct pvt_arch *a;
	const struct kelf_section *t;

	if (kelf_open(&c->k, c->path) != 0)
		return -1;
	a = c->k.arch;
	if (!a->select_nops(nops)) {
		snprintf(c->k.error, sizeof(c->k.error), "--nops=%s: an %s kernel has %s", nops,
			 a->name, strcmp(a->name, "i386") == 0 ? "p6 and p5" : "p6 only");
		return -1;
	}
	if (c->k.type != ET_EXEC) {
		snprintf(c->k.error, sizeof(c->k.error),
			 "an object file: paracheck reads linked kernels (pvscan reads objects)");
		return -1;
	}
	t = c->table = kelf_section_by_name(&c->k, ".parainstructions");
	if (!t) {
		snprintf(c->k.error, sizeof(c->k.error),
			 "no .parainstructions section: a kernel built without paravirt?");
		return -1;
	}
	if (t->shdr.sh_type != SHT_PROGBITS || !(t->shdr.sh_flags & SHF_ALLOC)) {
		snprintf(c->k.error, sizeof(c->k.error),
			 ".parainstructions is not a loaded section with contents");
		return -1;
	}
	if (t->shdr.sh_size % a->record_size) {
		snprintf(c->k.error, sizeof(c->k.error),
			 ".parainstructions is %ju bytes: not a whole number of %u-byte records",
			 (uintmax_t)t->shdr.sh_size, a->record_size);
		return -1;
	}
	if (t->shdr.sh_addr % a->record_align) {
		snprintf(c->k.error, sizeof(c->k.error),
			 ".parainstructions at %#jx is not %u-byte aligned",
			 (uintmax_t)t->shdr.sh_addr, a->record_align);
		return -1;
	}
	if (kelf_build_image(&c->k, &c->img) != 0 ||
	    kelf_read_backends(&c->k, &c->img, &c->backends, &c->nr_backends) != 0)
		return -1;
	for (size_t b = 0; b < c->nr_backends; b++)
		if (prepare_model(c, &c->backends[b]) != 0)
			return -1;
	if (disasm_open(&c->dis, &c->k, c->img.ops_addr) != 0) {
		snprintf(c->k.error, sizeof(c->k.error), "Capstone cannot decode x86");
		return -1;
	}
	c->table_addr = t->shdr.sh_addr;
	c->nr_sites = t->shdr.sh_size / a->record_size;
	c->sites = calloc(c->nr_sites ? c->nr_sites : 1, sizeof(*c->sites));
	if (!c->sites) {
		snprintf(c->k.error, sizeof(c->k.error), "out of memory");
		return -1;
	}
	for (size_t i = 0; i < c->nr_sites; i++) {
		struct site *s = &c->sites[i];

		if (!a->read_record(&c->img, c->table_addr + i * a->record_size, &s->r)) {
			snprintf(c->k.error, sizeof(c->k.error), "record #%zu is unreadable", i);
			return -1;
		}
		check_site(c, s);
	}
	if (find_overlaps(c) != 0)
		return -1;
	for (size_t i = 0; i < c->nr_sites; i++) {
		struct site *s = &c->sites[i];

		s->results = calloc(c->nr_backends ? c->nr_backends : 1, sizeof(*s->results));
		if (!s->results)
			return -1;
		if (s->nr_problems)
			c->invalid++;
		for (size_t b = 0; b < c->nr_backends; b++) {
			if (c->backends[b].model < 0)
				continue;
			a->patch_record(&c->img, (unsigned int)c->backends[b].model,
					c->backends[b].targets, s->r.addr, &s->results[b]);
			/* A valid site that a backend refuses is that backend's bug. */
			if (!s->nr_problems && s->results[b].outcome == a->outcome_refused)
				c->refused++;
		}
	}
	return 0;
}

static const char *op_name(const struct pvt_arch *a, unsigned int type)
{
	return a->op_name(type);
}

static void print_table(struct check *c)
{
	const struct pvt_arch *a = c->k.arch;
	char line[512], hex[3 * PVT_MAX_SITE + 1], clb[128];

	printf("%s: %s kernel, %zu sites in .parainstructions at %#jx\n", c->path, a->name,
	       c->nr_sites, (uintmax_t)c->table_addr);
	printf("text %#jx..%#jx, pv_irq_ops at %#jx\n", (uintmax_t)c->img.text_start,
	       (uintmax_t)c->img.text_end, (uintmax_t)c->img.ops_addr);
	for (size_t b = 0; b < c->nr_backends; b++) {
		const struct kbackend *kb = &c->backends[b];

		printf("backend %-8s", kb->name);
		for (unsigned int t = 0; t < a->nr_ops; t++) {
			disasm_name_addr(&c->dis, kb->targets[t], line, sizeof(line));
			printf(" %s=%s", a->op_names[t], line);
		}
		if (kb->model < 0)
			printf("  (%s)", not_modelled(kb, line, sizeof(line)));
		else if (kb->ops_from)
			printf("  (ops of %s: the kernel fills the backend's table at boot)",
			       kb->ops_from);
		printf("\n");
	}
	int fw = 16;

	for (size_t i = 0; i < c->nr_sites; i++)
		if ((int)strlen(c->sites[i].func) > fw)
			fw = (int)strlen(c->sites[i].func);
	fw = fw > 48 ? 48 : fw;
	printf("\n%-4s %-10s %-*s %-12s %3s  %-18s %s\n", "#", "site", fw, "function+offset", "op",
	       "len", "clobbers", "bytes and what they are");
	for (size_t i = 0; i < c->nr_sites; i++) {
		const struct site *s = &c->sites[i];

		format_clobbers(a, s->r.clobbers, clb, sizeof(clb));
		snprintf(line, sizeof(line), "%#05x %s", s->r.clobbers, clb);
		printf("%-4zu %#-10jx %-*s %-12s %3u  %-18s ", i, (uintmax_t)s->r.site, fw, s->func,
		       op_name(a, s->r.type), s->r.len, line);
		if (s->bytes) {
			format_bytes(s->bytes, s->r.len, " ", hex, sizeof(hex));
			disasm_line(&c->dis, s->bytes, s->r.len, s->r.site, line, sizeof(line));
			printf("%s  %s\n", hex, line);
		} else {
			printf("(not in the image)\n");
		}
		for (unsigned int p = 0; p < s->nr_problems; p++)
			printf("%-4s INVALID: %s\n", "", s->problems[p]);
		for (size_t b = 0; b < c->nr_backends; b++) {
			const struct pvt_patch_result *r = &s->results[b];

			if (c->backends[b].model < 0)
				continue;
			printf("%-4s %-10s %-*s %-12s ", "", "", fw, "", "");
			printf("%-8s %-11s ", c->backends[b].name, a->outcome_names[r->outcome]);
			if (r->outcome == a->outcome_refused) {
				printf("%s\n", r->reason ? r->reason : "");
				continue;
			}
			format_bytes(r->bytes, r->len, " ", hex, sizeof(hex));
			disasm_line(&c->dis, r->bytes, r->len, s->r.site, line, sizeof(line));
			printf("%s  %s\n", hex, line);
		}
	}
	printf("\nsummary: %zu sites, %zu valid, %u invalid\n", c->nr_sites,
	       c->nr_sites - c->invalid, c->invalid);
	for (size_t b = 0; b < c->nr_backends; b++) {
		unsigned int count[16] = { 0 };

		if (c->backends[b].model < 0) {
			printf("  %s: %s\n", c->backends[b].name,
			       not_modelled(&c->backends[b], line, sizeof(line)));
			continue;
		}
		for (size_t i = 0; i < c->nr_sites; i++)
			if ((unsigned int)c->sites[i].results[b].outcome < 16)
				count[c->sites[i].results[b].outcome]++;
		printf("  %s: %zu sites:", c->backends[b].name, c->nr_sites);
		for (unsigned int o = 0; o < a->nr_outcomes && o < 16; o++)
			printf("%s %u %s", o ? "," : "", count[o], a->outcome_names[o]);
		printf("\n");
	}
}

static void print_json(struct check *c)
{
	const struct pvt_arch *a = c->k.arch;
	char buf[512], hex[2 * PVT_MAX_SITE + 1];

	printf("{\"file\": ");
	json_string(stdout, c->path);
	printf(", \"arch\": \"%s\", \"parainstructions\": %ju, \"text_start\": %ju, "
	       "\"text_end\": %ju, \"pv_irq_ops\": %ju,\n \"backends\": [",
	       a->name, (uintmax_t)c->table_addr, (uintmax_t)c->img.text_start,
	       (uintmax_t)c->img.text_end, (uintmax_t)c->img.ops_addr);
	for (size_t b = 0; b < c->nr_backends; b++) {
		printf("%s{\"name\": ", b ? ", " : "");
		json_string(stdout, c->backends[b].name);
		printf(", \"modelled\": %s, ", c->backends[b].model < 0 ? "false" : "true");
		if (c->backends[b].ops_from) {
			printf("\"ops_from\": ");
			json_string(stdout, c->backends[b].ops_from);
			printf(", ");
		}
		if (c->backends[b].model < 0) {
			printf("\"why_not\": ");
			json_string(stdout, not_modelled(&c->backends[b], buf, sizeof(buf)));
			printf(", ");
		}
		printf("\"ops\": {");
		for (unsigned int t = 0; t < a->nr_ops; t++) {
			disasm_name_addr(&c->dis, c->backends[b].targets[t], buf, sizeof(buf));
			printf("%s\"%s\": {\"addr\": %ju, \"name\": ", t ? ", " : "", a->op_names[t],
			       (uintmax_t)c->backends[b].targets[t]);
			json_string(stdout, buf);
			printf("}");
		}
		printf("}}");
	}
	printf("],\n \"sites\": [");
	for (size_t i = 0; i < c->nr_sites; i++) {
		const struct site *s = &c->sites[i];

		format_clobbers(a, s->r.clobbers, buf, sizeof(buf));
		printf("%s\n  {\"index\": %zu, \"record\": %ju, \"addr\": %ju, \"function\": ", i ? "," : "",
		       i, (uintmax_t)s->r.addr, (uintmax_t)s->r.site);
		json_string(stdout, s->func);
		printf(", \"type\": %u, \"op\": \"%s\", \"len\": %u, \"clobbers\": %u, \"clobber_regs\": ",
		       s->r.type, op_name(a, s->r.type), s->r.len, s->r.clobbers);
		json_string(stdout, buf);
		if (s->bytes) {
			format_bytes(s->bytes, s->r.len, "", hex, sizeof(hex));
			disasm_line(&c->dis, s->bytes, s->r.len, s->r.site, buf, sizeof(buf));
			printf(", \"bytes\": \"%s\", \"disasm\": ", hex);
			json_string(stdout, buf);
		}
		printf(", \"valid\": %s, \"problems\": [", s->nr_problems ? "false" : "true");
		for (unsigned int p = 0; p < s->nr_problems; p++) {
			printf("%s", p ? ", " : "");
			json_string(stdout, s->problems[p]);
		}
		printf("], \"backends\": {");
		for (size_t b = 0, n = 0; b < c->nr_backends; b++) {
			const struct pvt_patch_result *r = &s->results[b];

			if (c->backends[b].model < 0)
				continue;
			printf("%s", n++ ? ", " : "");
			json_string(stdout, c->backends[b].name);
			printf(": {\"outcome\": \"%s\"", a->outcome_names[r->outcome]);
			if (r->outcome == a->outcome_refused) {
				printf(", \"reason\": ");
				json_string(stdout, r->reason ? r->reason : "");
			} else {
				format_bytes(r->bytes, r->len, "", hex, sizeof(hex));
				disasm_line(&c->dis, r->bytes, r->len, s->r.site, buf, sizeof(buf));
				printf(", \"bytes\": \"%s\", \"disasm\": ", hex);
				json_string(stdout, buf);
			}
			printf("}");
		}
		printf("}}");
	}
	printf("\n ],\n \"summary\": {\"sites\": %zu, \"invalid\": %u", c->nr_sites, c->invalid);
	for (size_t b = 0; b < c->nr_backends; b++) {
		if (c->backends[b].model < 0)
			continue;
		printf(", ");
		json_string(stdout, c->backends[b].name);
		printf(": {");
		for (unsigned int o = 0; o < a->nr_outcomes; o++) {
			unsigned int n = 0;

			for (size_t i = 0; i < c->nr_sites; i++)
				n += c->sites[i].results[b].outcome == (int)o;
			printf("%s\"%s\": %u", o ? ", " : "", a->outcome_names[o], n);
		}
		printf("}");
	}
	printf("}}\n");
}

/* One line per bad record, on stderr, for scripts and humans alike. */
static void report_problems(struct check *c)
{
	const struct pvt_arch *a = c->k.arch;

	for (size_t i = 0; i < c->nr_sites; i++) {
		const struct site *s = &c->sites[i];

		for (unsigned int p = 0; p < s->nr_problems; p++)
			fprintf(stderr, "paracheck: %s: record #%zu at %#jx (site %#jx %s, %s, len %u): %s\n",
				c->path, i, (uintmax_t)s->r.addr, (uintmax_t)s->r.site, s->func,
				op_name(a, s->r.type), s->r.len, s->problems[p]);
		if (s->nr_problems)
			continue;
		for (size_t b = 0; b < c->nr_backends; b++)
			if (c->backends[b].model >= 0 && s->results[b].outcome == a->outcome_refused)
				fprintf(stderr, "paracheck: %s: record #%zu at %#jx: backend %s refuses "
					"a valid site: %s\n", c->path, i, (uintmax_t)s->r.addr,
					c->backends[b].name, s->results[b].reason);
	}
}

static void release(struct check *c)
{
	for (size_t i = 0; c->sites && i < c->nr_sites; i++)
		free(c->sites[i].results);
	free(c->sites);
	free(c->backends);
	disasm_close(&c->dis);
	kelf_free_image(&c->img);
	kelf_close(&c->k);
}

static int usage(void)
{
	fprintf(stderr, "usage: paracheck [--json] [--nops=p6|p5] KERNEL.elf\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct check c;
	bool json = false;
	const char *nops = "p6";
	int status;

	memset(&c, 0, sizeof(c));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strncmp(argv[i], "--nops=", 7) == 0)
			nops = argv[i] + 7;
		else if (argv[i][0] == '-' || c.path)
			return usage();
		else
			c.path = argv[i];
	}
	if (!c.path)
		return usage();
	if (load(&c, nops) != 0) {
		fprintf(stderr, "paracheck: %s: %s\n", c.path, c.k.error[0] ? c.k.error : "out of memory");
		release(&c);
		return 2;
	}
	if (json)
		print_json(&c);
	else
		print_table(&c);
	report_problems(&c);
	status = c.invalid || c.refused ? 1 : 0;
	release(&c);
	return status;
}
