/*
 * The kernel command line: words separated by blanks (space, tab, newline),
 * each a flag ("pv.nopatch") or an option ("pv.backend=lguest"). Double
 * quotes group blanks into a word and are removed, as Linux does:
 * `opt="a b"` gives opt the value `a b`. When an option is given more than
 * once, the last one wins (the log says so). A first word that holds a '/'
 * and no '=' is the kernel's own path (multiboot1 loaders and Xen's module
 * string put it there) and is skipped.
 *
 * Every name the kernel understands is declared with one of the
 * BOOT_PARAM_* macros below, which give its type and accepted values; a
 * value outside them is named in the log with what is accepted, and the
 * default is used. Nothing is dropped silently: a line longer than the
 * kernel keeps, words past the word limit and unknown words are logged.
 */
#ifndef PVKERN_CMDLINE_H
#define PVKERN_CMDLINE_H

#include <pvkern/compiler.h>
#include <pvkern/types.h>

enum boot_param_type {
	BP_FLAG,   /* a bare word; a value is an error */
	BP_STRING, /* any value, the empty one included */
	BP_ENUM,   /* one of the names in .choices ("asm|c") */
	BP_UINT,   /* a decimal number in [.min, .max], else .def */
};

struct boot_param {
	const char *name;
	const char *help;
	enum boot_param_type type;
	const char *choices;
	unsigned long min, max, def;
};

/* Host builds (tests, fuzzers) collect the table with __start_/__stop_. */
#ifdef KTEST_HOST
#define BOOT_PARAM_SECTION "boot_params"
#else
#define BOOT_PARAM_SECTION ".boot_params"
#endif

#define __BOOT_PARAM(var, ...)                                                 \
	static const struct boot_param var __used __section(BOOT_PARAM_SECTION) \
		__aligned(sizeof(void *)) = { __VA_ARGS__ }

#define BOOT_PARAM_FLAG(var, pname, phelp) \
	__BOOT_PARAM(var, .name = pname, .help = phelp, .type = BP_FLAG)
#define BOOT_PARAM_STRING(var, pname, phelp) \
	__BOOT_PARAM(var, .name = pname, .help = phelp, .type = BP_STRING)
#define BOOT_PARAM_ENUM(var, pname, pchoices, phelp) \
	__BOOT_PARAM(var, .name = pname, .help = phelp, .type = BP_ENUM, .choices = pchoices)
#define BOOT_PARAM_UINT(var, pname, pmin, pmax, pdef, phelp)                    \
	BUILD_BUG_ON((pmin) > (pdef) || (pdef) > (pmax));                       \
	__BOOT_PARAM(var, .name = pname, .help = phelp, .type = BP_UINT, .min = pmin, \
		     .max = pmax, .def = pdef)

/* Bytes of the line kept (the NUL included) and words looked at. */
#define CMDLINE_MAX 1024
#define CMDLINE_WORDS 32
/* How far a line is measured to say how much was cut (the loader's string may be huge). */
#define CMDLINE_SCAN_MAX 65536
#define CMDLINE_LOST_SHOWN 32

struct cmdline_word {
	const char *name;
	const char *value; /* NULL for a bare word */
};

/* One parsed line; the boot's own is inside cmdline.c. */
struct cmdline {
	char raw[CMDLINE_MAX]; /* the line as given, cut to fit */
	char buf[CMDLINE_MAX]; /* the words, unquoted, NUL-separated */
	struct cmdline_word words[CMDLINE_WORDS];
	unsigned int nr_words;
	size_t given_len;        /* the line's length (CMDLINE_SCAN_MAX: at least that) */
	char lost[CMDLINE_LOST_SHOWN + 1]; /* the start of what was cut off */
	unsigned int dropped_words;        /* past CMDLINE_WORDS */
	const char *first_dropped;
	const char *open_quote; /* the word whose quote never closed */
};

/* Split line (NULL: empty) into words. Logs nothing; cmdline_check() does. */
void cmdline_parse(struct cmdline *c, const char *line);
/*
 * Log, one line each, what the line loses or gets wrong against the table
 * [start, end): the cut, dropped words, an unclosed quote, unknown names,
 * values not of their parameter's type or range (with what is accepted and
 * the default used), options given more than once. Returns how many.
 */
unsigned int cmdline_check(const struct cmdline *c, const struct boot_param *start,
			   const struct boot_param *end);
/* The word that decides name (its last occurrence), or NULL. */
const struct cmdline_word *cmdline_find(const struct cmdline *c, const char *name);
/*
 * Parse a decimal number of p's range; NULL if it is one, else why not
 * ("is not a number", "is too large", "is out of range", "is empty").
 */
const char *boot_param_parse_uint(const struct boot_param *p, const char *value,
				  unsigned long *out);
/* The value p gets from c: its own when valid, else the default. */
unsigned long cmdline_uint_of(const struct cmdline *c, const struct boot_param *p);
/* The value of an enum option when it is one of its choices, else NULL. */
const char *cmdline_enum_of(const struct cmdline *c, const struct boot_param *p);

/* The boot's command line. */
void cmdline_init(const char *line);
/* cmdline_check() of the boot's line against every declared parameter. */
unsigned int cmdline_report(void);
const char *cmdline_raw(void);
bool cmdline_flag(const char *name);
/* The value of name=value, or NULL when the option is absent or bare. */
const char *cmdline_get(const char *name);
unsigned long cmdline_uint(const struct boot_param *p);
const char *cmdline_enum(const struct boot_param *p);

#endif
