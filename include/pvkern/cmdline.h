/*
 * The kernel command line: space-separated words, each a flag ("pv.nopatch")
 * or an option ("pv.backend=lguest"). Every name the kernel understands is
 * declared with BOOT_PARAM so that unknown words can be named in the log.
 */
#ifndef PVKERN_CMDLINE_H
#define PVKERN_CMDLINE_H

#include <pvkern/compiler.h>
#include <pvkern/types.h>

struct boot_param {
	const char *name;
	const char *help;
};

#define BOOT_PARAM(var, pname, phelp)                                        \
	static const struct boot_param var __used __section(".boot_params") \
		__aligned(sizeof(void *)) = { .name = pname, .help = phelp }

void cmdline_init(const char *line);
/* Log every word that no BOOT_PARAM declares; returns how many. */
unsigned int cmdline_report_unknown(void);
const char *cmdline_raw(void);

bool cmdline_flag(const char *name);
/* The value of name=value, or NULL when the option is absent. */
const char *cmdline_get(const char *name);
unsigned long cmdline_get_ulong(const char *name, unsigned long fallback);

#endif
