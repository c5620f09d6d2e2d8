/*
 * For the fuzz targets that run a whole host tool: hand the input to the
 * tool's main() (built as <tool>_main) as a file, the way a user would.
 * The input goes into one memfd, rewritten for each run.
 */
#ifndef FUZZ_TOOL_MAIN_H
#define FUZZ_TOOL_MAIN_H

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int run_tool_on(int (*tool_main)(int, char **), const char *tool, const char *option,
		       const unsigned char *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	char *argv[4];
	int argc = 0;

	if (fd < 0) {
		fd = memfd_create("fuzz-elf", 0);
		if (fd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size) {
		perror("memfd write");
		abort();
	}
	argv[argc++] = (char *)tool;
	if (option)
		argv[argc++] = (char *)option;
	argv[argc++] = path;
	argv[argc] = NULL;
	return tool_main(argc, argv);
}

#endif
