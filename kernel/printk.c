/*
 * printk: format into a line buffer, write it to the platform's console.
 *
 * One lock serialises every console driver (serial, screen, Xen console),
 * so a line from one CPU is never cut by a line from another. It is taken
 * with interrupts off (through the pv ops), so an interrupt handler's
 * printk cannot deadlock on the CPU it interrupted. Only an exception that
 * comes while its own CPU writes (a fault in a driver, a single-step trap)
 * can find the lock held by itself: that CPU writes on, through the lock,
 * as the one CPU that can be writing. While one CPU runs there is no lock
 * to take (and early in boot no per-CPU segment to name the holder).
 */
#include <asm/platform.h>
#include <pvkern/printk.h>
#include <pvkern/smp.h>
#include <pvkern/spinlock.h>
#include <pvkern/string.h>

const struct platform_ops *platform;

static DEFINE_SPINLOCK(console_lock);
#define NO_HOLDER (~0u)
static unsigned int console_holder = NO_HOLDER;

/* Returns whether the lock was taken (and must be dropped by console_unlock). */
static bool console_lock_irqsave(unsigned long *flags)
{
	unsigned long f;

	if (num_online_cpus() == 1)
		return false;
	if (READ_ONCE(console_holder) == smp_processor_id())
		return false;
	spin_lock_irqsave(&console_lock, f);
	WRITE_ONCE(console_holder, smp_processor_id());
	*flags = f;
	return true;
}

static void console_unlock_irqrestore(bool taken, unsigned long flags)
{
	if (!taken)
		return;
	WRITE_ONCE(console_holder, NO_HOLDER);
	spin_unlock_irqrestore(&console_lock, flags);
}

static void console_write_locked(const char *s, size_t n)
{
	if (platform && platform->console_write)
		platform->console_write(s, n);
}

void console_write(const char *s, size_t n)
{
	unsigned long flags = 0;
	bool taken = console_lock_irqsave(&flags);

	console_write_locked(s, n);
	console_unlock_irqrestore(taken, flags);
}

#define PRINTK_LINE_MAX 512

/*
 * A message longer than the line buffer is cut, and says so, with its
 * newline kept: the next message must not be glued to it.
 */
int printk(const char *fmt, ...)
{
	char buf[PRINTK_LINE_MAX];
	size_t fmt_len = strlen(fmt);
	va_list ap;
	int n;

	unsigned long flags = 0;
	bool taken;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	taken = console_lock_irqsave(&flags);
	if (n < (int)sizeof(buf)) {
		console_write_locked(buf, (size_t)n);
	} else {
		/* The note goes out under the same lock: nothing lands between. */
		console_write_locked(buf, sizeof(buf) - 1);
		snprintf(buf, sizeof(buf), " [printk: line of %d bytes cut to %u]%s", n,
			 (unsigned int)sizeof(buf) - 1,
			 fmt_len && fmt[fmt_len - 1] == '\n' ? "\n" : "");
		console_write_locked(buf, strlen(buf));
	}
	console_unlock_irqrestore(taken, flags);
	return n;
}
