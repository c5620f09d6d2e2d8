/*
 * Fuzz target: the kernel command line (kernel/cmdline.c), through the
 * calls the boot makes. The input is the line (up to its first NUL); it is
 * parsed, checked against parameters of every type, and looked up.
 */
#include <stdlib.h>
#include <string.h>

#include <pvkern/cmdline.h>

BOOT_PARAM_FLAG(p_flag, "pv.nopatch", "a flag");
BOOT_PARAM_STRING(p_string, "ktest.filter", "a string");
BOOT_PARAM_ENUM(p_enum, "xen.irq_ops", "asm|c", "an enum");
BOOT_PARAM_UINT(p_hz, "timer.hz", 19, 10000, 100, "a number with a range");
BOOT_PARAM_UINT(p_any, "any", 0, ~0ul, 1, "any number");

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *line = malloc(size + 1);
	const char *s;

	memcpy(line, data, size);
	line[size] = '\0';
	cmdline_init(line);
	free(line); /* the parse must keep no pointer into the loader's line */
	cmdline_report();
	if (cmdline_uint(&p_hz) - 19 > 10000 - 19)
		__builtin_trap(); /* a value outside the declared range got through */
	cmdline_uint(&p_any);
	s = cmdline_enum(&p_enum);
	if (s && strcmp(s, "asm") != 0 && strcmp(s, "c") != 0)
		__builtin_trap();
	cmdline_flag(p_flag.name);
	s = cmdline_get(p_string.name);
	if ((s && strlen(s) >= CMDLINE_MAX) || strlen(cmdline_raw()) >= CMDLINE_MAX)
		__builtin_trap();
	return 0;
}
