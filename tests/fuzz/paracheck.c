/*
 * Fuzz target: paracheck (tools/paracheck/) on any ELF file, text and JSON
 * output. It must end with a status (0, 1 or 2), never crash or leak.
 */
#include "tool_main.h"

int paracheck_main(int argc, char **argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	int status = run_tool_on(paracheck_main, "paracheck", size % 2 ? "--json" : NULL, data,
				 size);

	if (status < 0 || status > 2)
		__builtin_trap();
	return 0;
}
