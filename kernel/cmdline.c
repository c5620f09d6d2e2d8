/*
 * Command line parsing (see <pvkern/cmdline.h>). The line comes from the
 * boot loader or Xen, so nothing about it is trusted: its length is
 * measured with a bound, every copy is cut to its buffer, numbers are
 * parsed with overflow detection, and whatever is cut, dropped or refused
 * is said in the log. Parsing itself logs nothing, so that the same code
 * can be tested and fuzzed on the host.
 */
#include <pvkern/cmdline.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>

#ifdef KTEST_HOST
#define __boot_params_start __start_boot_params
#define __boot_params_end __stop_boot_params
#endif
extern const struct boot_param __boot_params_start[], __boot_params_end[];

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' ||
	       ch == '\f';
}

static size_t bounded_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/*
 * Copy the line into c->raw, cut to fit. A cut inside a word loses the
 * whole word: half an option would be read as another option.
 */
static void copy_line(struct cmdline *c, const char *line)
{
	size_t n = bounded_len(line, CMDLINE_SCAN_MAX);
	size_t keep = n;

	c->given_len = n;
	if (n > CMDLINE_MAX - 1) {
		keep = CMDLINE_MAX - 1;
		if (!is_blank(line[keep]))
			while (keep && !is_blank(line[keep - 1]))
				keep--;
		n = bounded_len(line + keep, CMDLINE_LOST_SHOWN);
		memcpy(c->lost, line + keep, n);
		c->lost[n] = '\0';
	}
	memcpy(c->raw, line, keep);
	c->raw[keep] = '\0';
}

void cmdline_parse(struct cmdline *c, const char *line)
{
	const char *in;
	char *out = c->buf;
	bool first = true;

	memset(c, 0, sizeof(*c));
	copy_line(c, line ? line : "");
	in = c->raw;
	/* Unquoting only shortens a word, so buf (as big as raw) always has room. */
	for (;;) {
		bool quoted = false;
		char *word, *eq;

		while (is_blank(*in))
			in++;
		if (!*in)
			break;
		word = out;
		for (; *in && (quoted || !is_blank(*in)); in++) {
			if (*in == '"')
				quoted = !quoted;
			else
				*out++ = *in;
		}
		*out++ = '\0';
		if (quoted && !c->open_quote)
			c->open_quote = word;
		eq = strchr(word, '=');
		if (first && !eq && strchr(word, '/')) {
			first = false;
			continue;
		}
		first = false;
		if (c->nr_words == CMDLINE_WORDS) {
			if (!c->dropped_words++)
				c->first_dropped = word;
			continue;
		}
		if (eq)
			*eq = '\0';
		c->words[c->nr_words].name = word;
		c->words[c->nr_words].value = eq ? eq + 1 : NULL;
		c->nr_words++;
	}
}

const struct cmdline_word *cmdline_find(const struct cmdline *c, const char *name)
{
	for (unsigned int i = c->nr_words; i-- > 0;)
		if (strcmp(c->words[i].name, name) == 0)
			return &c->words[i];
	return NULL;
}

const char *boot_param_parse_uint(const struct boot_param *p, const char *value,
				  unsigned long *out)
{
	unsigned long n = 0;

	if (!*value)
		return "is empty";
	for (const char *s = value; *s; s++) {
		unsigned long digit = (unsigned long)(*s - '0');

		if (*s < '0' || *s > '9')
			return "is not a number";
		/* n * 10 + digit > ULONG_MAX, asked without computing it. */
		if (n > (~0ul - digit) / 10)
			return "is too large";
		n = n * 10 + digit;
	}
	if (n < p->min || n > p->max)
		return "is out of range";
	*out = n;
	return NULL;
}

/* Is value one of the '|'-separated choices? */
static bool enum_has(const char *choices, const char *value)
{
	size_t len = strlen(value);

	for (const char *s = choices; *s;) {
		const char *bar = strchr(s, '|');
		size_t n = bar ? (size_t)(bar - s) : strlen(s);

		if (n == len && strncmp(s, value, n) == 0)
			return true;
		if (!bar)
			break;
		s = bar + 1;
	}
	return false;
}

unsigned long cmdline_uint_of(const struct cmdline *c, const struct boot_param *p)
{
	const struct cmdline_word *w = cmdline_find(c, p->name);
	unsigned long n;

	if (!w || !w->value || boot_param_parse_uint(p, w->value, &n))
		return p->def;
	return n;
}

const char *cmdline_enum_of(const struct cmdline *c, const struct boot_param *p)
{
	const struct cmdline_word *w = cmdline_find(c, p->name);

	return w && w->value && enum_has(p->choices, w->value) ? w->value : NULL;
}

static const struct boot_param *param_named(const struct boot_param *start,
					    const struct boot_param *end, const char *name)
{
	for (const struct boot_param *p = start; p < end; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* Log what is wrong with the value that decides p; false if nothing. */
static bool check_value(const struct boot_param *p, const struct cmdline_word *w)
{
	const char *why;
	unsigned long n;

	switch (p->type) {
	case BP_FLAG:
		if (!w->value)
			return false;
		printk("cmdline: %s is a flag and takes no value: '%s=%s' ignored\n", p->name,
		       p->name, w->value);
		return true;
	case BP_STRING:
		if (w->value)
			return false;
		printk("cmdline: %s needs a value (%s=...): ignored\n", p->name, p->name);
		return true;
	case BP_ENUM:
		if (w->value && enum_has(p->choices, w->value))
			return false;
		printk("cmdline: %s%s%s is not one of %s: ignored\n", p->name,
		       w->value ? "=" : "", w->value ? w->value : " without a value", p->choices);
		return true;
	case BP_UINT:
		why = w->value ? boot_param_parse_uint(p, w->value, &n) : "has no value";
		if (!why)
			return false;
		printk("cmdline: %s%s%s %s (accepted: %lu..%lu): using the default %lu\n", p->name,
		       w->value ? "=" : "", w->value ? w->value : "", why, p->min, p->max,
		       p->def);
		return true;
	}
	return false;
}

unsigned int cmdline_check(const struct cmdline *c, const struct boot_param *start,
			   const struct boot_param *end)
{
	unsigned int problems = 0;

	if (c->given_len >= CMDLINE_MAX) {
		printk("cmdline: the line is %s%zu bytes, the kernel keeps %u: cut before '%s'\n",
		       c->given_len >= CMDLINE_SCAN_MAX ? "at least " : "", c->given_len,
		       CMDLINE_MAX - 1, c->lost);
		problems++;
	}
	if (c->dropped_words) {
		printk("cmdline: more than %u words: ignoring '%s' and %u more\n", CMDLINE_WORDS,
		       c->first_dropped, c->dropped_words - 1);
		problems++;
	}
	if (c->open_quote) {
		const char *value = NULL;

		for (unsigned int i = 0; i < c->nr_words; i++)
			if (c->words[i].name == c->open_quote)
				value = c->words[i].value;
		printk("cmdline: a quote in '%s%s%s' is not closed: it runs to the end of the line\n",
		       c->open_quote, value ? "=" : "", value ? value : "");
		problems++;
	}
	for (unsigned int i = 0; i < c->nr_words; i++) {
		const struct cmdline_word *w = &c->words[i];
		const struct boot_param *p = param_named(start, end, w->name);
		unsigned int times = 0;

		if (!p) {
			printk("cmdline: unknown option '%s' ignored\n", w->name);
			problems++;
			continue;
		}
		if (cmdline_find(c, w->name) != w)
			continue; /* a later one decides */
		for (unsigned int j = 0; j < c->nr_words; j++)
			times += strcmp(c->words[j].name, w->name) == 0;
		if (times > 1) {
			printk("cmdline: %s given %u times: the last one (%s%s%s) wins\n", w->name,
			       times, w->name, w->value ? "=" : "", w->value ? w->value : "");
			problems++;
		}
		problems += check_value(p, w);
	}
	return problems;
}

static struct cmdline boot_cmdline;

void cmdline_init(const char *line)
{
	cmdline_parse(&boot_cmdline, line);
}

unsigned int cmdline_report(void)
{
	return cmdline_check(&boot_cmdline, __boot_params_start, __boot_params_end);
}

const char *cmdline_raw(void)
{
	return boot_cmdline.raw;
}

bool cmdline_flag(const char *name)
{
	const struct cmdline_word *w = cmdline_find(&boot_cmdline, name);

	return w && !w->value;
}

const char *cmdline_get(const char *name)
{
	const struct cmdline_word *w = cmdline_find(&boot_cmdline, name);

	return w ? w->value : NULL;
}

unsigned long cmdline_uint(const struct boot_param *p)
{
	return cmdline_uint_of(&boot_cmdline, p);
}

const char *cmdline_enum(const struct boot_param *p)
{
	return cmdline_enum_of(&boot_cmdline, p);
}
