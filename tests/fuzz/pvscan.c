/*
 * Fuzz target: pvscan (tools/pvscan/) on any ELF file, linked kernel or
 * object. It must end with a status (0, 1 or 2), never crash or leak.
 */
#include "tool_main.h"

int pvscan_main(int argc, char **argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	int status = run_tool_on(pvscan_main, "pvscan", size % 2 ? "--all" : NULL, data, size);

	if (status < 0 || status > 2)
		__builtin_trap();
	return 0;
}
