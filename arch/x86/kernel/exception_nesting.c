/*
 * An exception that comes while another is being dealt with (its handler
 * running, or its fatal report being printed) must not be dealt with the
 * same way: the handler or the report may be what faults, and doing it
 * again would recurse until the stack is gone, silently. It ends the run
 * as crashed with one short line written straight to the console,
 * without printk or formatting, which may be what failed.
 */
#include <asm/platform.h>
#include <asm/traps.h>
#include <pvkern/kernel.h>

static unsigned int depth;
static unsigned long outer_vector, outer_ip;

/* Writes v as 0x and hex digits at p; returns the end. */
static char *put_hex(char *p, unsigned long v)
{
	int shift = sizeof(v) * 8 - 4;

	*p++ = '0';
	*p++ = 'x';
	while (shift > 0 && !((v >> shift) & 0xf))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = "0123456789abcdef"[(v >> shift) & 0xf];
	return p;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static void __noreturn nested_exception(const struct pt_regs *regs)
{
	static unsigned int attempts;
	char line[160], *p = line;

	/*
	 * If writing the line or exiting faults in turn, try the exit alone
	 * once more, then stop the CPU: nothing is left that could report.
	 */
	if (attempts++ == 0) {
		p = put_str(p, "\nFATAL: nested exception ");
		p = put_hex(p, regs->vector);
		p = put_str(p, " at ip ");
		p = put_hex(p, regs->ip);
		p = put_str(p, " while handling exception ");
		p = put_hex(p, outer_vector);
		p = put_str(p, " at ip ");
		p = put_hex(p, outer_ip);
		p = put_str(p, "\npvkern: run ended: CRASH (nested exception)\n");
		platform->console_write(line, p - line);
	}
	if (attempts <= 2)
		platform->exit(EXIT_CRASH);
	for (;;)
		asm volatile("cli; hlt");
}

void exception_nest_enter(const struct pt_regs *regs)
{
	if (depth)
		nested_exception(regs);
	depth++;
	outer_vector = regs->vector;
	outer_ip = regs->ip;
}

void exception_nest_leave(void)
{
	depth--;
}
