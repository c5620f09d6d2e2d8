/*
 * Command line parsing. The line is split into words once at boot; queries
 * look words up by name. A first word that contains '/' is the kernel's own
 * path (multiboot1 loaders and Xen's module string put it there) and is
 * skipped.
 */
#include <pvkern/cmdline.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>

#define CMDLINE_MAX 1024
#define CMDLINE_WORDS 32

extern const struct boot_param __boot_params_start[], __boot_params_end[];

static char line_copy[CMDLINE_MAX];
static char raw_copy[CMDLINE_MAX];
static struct {
	const char *name, *value;
} words[CMDLINE_WORDS];
static unsigned int nr_words;

static size_t name_len(const char *word)
{
	const char *eq = strchr(word, '=');

	return eq ? (size_t)(eq - word) : strlen(word);
}

void cmdline_init(const char *line)
{
	char *p = line_copy;
	bool first = true;

	nr_words = 0;
	if (!line)
		line = "";
	snprintf(raw_copy, sizeof(raw_copy), "%s", line);
	snprintf(line_copy, sizeof(line_copy), "%s", line);
	while (*p) {
		char *word, *eq;

		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		word = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
		if (first && strchr(word, '/')) {
			first = false;
			continue;
		}
		first = false;
		if (nr_words == CMDLINE_WORDS) {
			printk("cmdline: more than %u words, ignoring '%s' and the rest\n",
			       CMDLINE_WORDS, word);
			break;
		}
		eq = strchr(word, '=');
		if (eq)
			*eq = '\0';
		words[nr_words].name = word;
		words[nr_words].value = eq ? eq + 1 : NULL;
		nr_words++;
	}
}

const char *cmdline_raw(void)
{
	return raw_copy;
}

static bool is_declared(const char *name)
{
	for (const struct boot_param *b = __boot_params_start; b < __boot_params_end; b++)
		if (strncmp(b->name, name, name_len(b->name)) == 0 &&
		    name[name_len(b->name)] == '\0')
			return true;
	return false;
}

unsigned int cmdline_report_unknown(void)
{
	unsigned int unknown = 0;

	for (unsigned int i = 0; i < nr_words; i++) {
		if (is_declared(words[i].name))
			continue;
		printk("cmdline: unknown option '%s' ignored\n", words[i].name);
		unknown++;
	}
	return unknown;
}

static int find(const char *name)
{
	for (int i = (int)nr_words - 1; i >= 0; i--)
		if (strcmp(words[i].name, name) == 0)
			return i;
	return -1;
}

bool cmdline_flag(const char *name)
{
	int i = find(name);

	return i >= 0 && !words[i].value;
}

const char *cmdline_get(const char *name)
{
	int i = find(name);

	return i >= 0 ? words[i].value : NULL;
}

unsigned long cmdline_get_ulong(const char *name, unsigned long fallback)
{
	const char *v = cmdline_get(name);
	unsigned long n = 0;

	if (!v || !*v)
		return fallback;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9') {
			printk("cmdline: %s=%s is not a number, using %lu\n", name, v, fallback);
			return fallback;
		}
		n = n * 10 + (unsigned long)(*p - '0');
	}
	return n;
}
