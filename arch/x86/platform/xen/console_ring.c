/*
 * The domU console ring (xen/io/console.h): the kernel produces into
 * out[] and advances out_prod; xenconsoled consumes, advances out_cons and
 * notifies the ring's event channel. Waiting for it is a SCHEDOP_poll on
 * that port with a deadline, so a vCPU that waits is blocked, not
 * spinning, and works with events masked (printk runs anywhere).
 *
 * The port stays masked: its events are only ever polled for, never
 * delivered as upcalls.
 */
#include <asm/processor.h>
#include <pvkern/compiler.h>
#include <pvkern/math64.h>
#include <pvkern/printk.h>
#include <pvkern/string.h>
#include <xen-guest/console.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

/* Page-table entry bits (x86 paging; the public headers have none). */
#define PTE_PRESENT 0x001
#define PTE_RW 0x002
#define PTE_ACCESSED 0x020
#define PTE_DIRTY 0x040

#define BITS_PER_XEN_ULONG (sizeof(xen_ulong_t) * 8)

/* A page of .bss whose mapping is pointed at the ring's machine frame. */
static union {
	struct xencons_interface ring;
	u8 page[XEN_PAGE_SIZE];
} ring_page __aligned(XEN_PAGE_SIZE);
BUILD_BUG_ON(sizeof(struct xencons_interface) > XEN_PAGE_SIZE);

static struct xencons_interface *intf;
static evtchn_port_t port;
/*
 * Set when a wait for room timed out: xenconsoled is not reading. Later
 * writes then drop what does not fit instead of waiting again, until the
 * reader moves.
 */
static bool reader_stalled;
static unsigned long dropped;
/* Events reach this guest as an interrupt vector (PVH): mask them with IF. */
static bool mask_by_cpu_flag;

struct xencons_interface *xen_console_ring(void)
{
	return intf;
}

evtchn_port_t xen_console_port(void)
{
	return port;
}

bool xen_console_ring_active(void)
{
	return intf != NULL;
}

static xen_ulong_t *port_word(xen_ulong_t *bitmap)
{
	return &bitmap[port / BITS_PER_XEN_ULONG];
}

static xen_ulong_t port_bit(void)
{
	return (xen_ulong_t)1 << (port % BITS_PER_XEN_ULONG);
}

/*
 * Starts writing into ring, whose reader xenconsoled is kicked through
 * evtchn. Shared by the PV and PVH platforms, which find the ring in
 * different places; events_by_cpu_flag says how to keep events away while
 * the ring is written (see mask_events).
 */
void xen_console_ring_attach(struct xencons_interface *ring, evtchn_port_t evtchn,
			     bool events_by_cpu_flag)
{
	struct shared_info *s = &xen_shared_info_page.s;

	port = evtchn;
	__atomic_fetch_or(port_word(s->evtchn_mask), port_bit(), __ATOMIC_SEQ_CST);
	mask_by_cpu_flag = events_by_cpu_flag;
	intf = ring;
}

bool xen_console_ring_init(void)
{
	u64 pte;
	int rc;

	if (xen_start_info->flags & SIF_INITDOMAIN)
		return false;
	pte = ((u64)xen_start_info->console.domU.mfn << 12) | PTE_PRESENT | PTE_RW |
	      PTE_ACCESSED | PTE_DIRTY;
	rc = HYPERVISOR_update_va_mapping((unsigned long)&ring_page, pte, UVMF_INVLPG);
	if (rc)
		return false; /* nowhere to say so: console_io is refused to a domU */
	xen_console_ring_attach(&ring_page.ring, xen_start_info->console.domU.evtchn, false);
	return true;
}

static void kick(void)
{
	struct evtchn_send send = { .port = port };

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

/* Blocks until the port is notified or Xen's clock reaches deadline. */
static void poll_port_until(u64 deadline)
{
	struct sched_poll poll = { .nr_ports = 1, .timeout = deadline };

	set_xen_guest_handle(poll.ports, &port);
	HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

/*
 * Waits, blocked, until at most `limit` bytes are unread or Xen's clock
 * reaches deadline. The port's pending bit is cleared before each look, so
 * a notification that comes after the look ends the poll at once.
 */
static bool wait_for_reader(u32 limit, u64 deadline)
{
	struct shared_info *s = &xen_shared_info_page.s;

	for (;;) {
		__atomic_fetch_and(port_word(s->evtchn_pending), ~port_bit(), __ATOMIC_SEQ_CST);
		if (READ_ONCE(intf->out_prod) - READ_ONCE(intf->out_cons) <= limit)
			return true;
		if ((s64)(xen_clock_ns() - deadline) >= 0)
			return false;
		kick();
		poll_port_until(deadline);
	}
}

/*
 * Events stay masked while the ring is written, so that a printk from an
 * event handler cannot interleave with one it interrupted (both would
 * publish from the same out_prod). Not the irq ops: this is the platform's
 * console, under every backend and patch mode. A PV guest masks the vCPU's
 * upcall mask; a PVH guest's events arrive through an interrupt vector
 * that the upcall mask does not hold back, so there the CPU's IF.
 */
static unsigned long mask_events(void)
{
	unsigned long was;

	if (mask_by_cpu_flag) {
		asm volatile("pushf; pop %0; cli" : "=r"(was) : : "memory");
		return was & X86_EFLAGS_IF;
	}
	was = READ_ONCE(xen_vcpu()->evtchn_upcall_mask);
	WRITE_ONCE(xen_vcpu()->evtchn_upcall_mask, 1);
	barrier();
	return was;
}

static void restore_events(unsigned long was)
{
	if (mask_by_cpu_flag) {
		if (was)
			asm volatile("sti" : : : "memory");
		return;
	}
	barrier();
	WRITE_ONCE(xen_vcpu()->evtchn_upcall_mask, was);
	barrier();
	if (!was && READ_ONCE(xen_vcpu()->evtchn_upcall_pending))
		xen_force_evtchn_callback();
}

static void ring_write(const char *s, size_t n)
{
	while (n) {
		XENCONS_RING_IDX cons = READ_ONCE(intf->out_cons), prod = intf->out_prod;
		size_t room = sizeof(intf->out) - (prod - cons), chunk;

		if (room == 0) {
			if (!reader_stalled &&
			    wait_for_reader(sizeof(intf->out) - 1, xen_clock_ns() + XEN_CONSOLE_WAIT_NS))
				continue;
			reader_stalled = true;
			dropped += n;
			return;
		}
		reader_stalled = false;
		chunk = n < room ? n : room;
		/* Read out_cons before overwriting the bytes it freed. */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		for (size_t i = 0; i < chunk; i++)
			intf->out[MASK_XENCONS_IDX(prod + i, intf->out)] = s[i];
		/* The bytes before the index that publishes them. */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		WRITE_ONCE(intf->out_prod, prod + chunk);
		kick();
		s += chunk;
		n -= chunk;
	}
}

void xen_console_ring_write(const char *s, size_t n)
{
	unsigned long was = mask_events();

	ring_write(s, n);
	restore_events(was);
}

bool xen_console_ring_drain(u64 timeout_ns)
{
	char msg[128];
	int len;

	if (!intf)
		return true;
	if (wait_for_reader(0, xen_clock_ns() + timeout_ns) && !dropped)
		return true;
	len = snprintf(msg, sizeof(msg),
		       "xen: console ring: %u bytes unread after %llu ms, %lu bytes dropped: "
		       "is xenconsoled running?\n",
		       READ_ONCE(intf->out_prod) - READ_ONCE(intf->out_cons),
		       (unsigned long long)div_u64(timeout_ns, 1000000), dropped);
	/* Into the ring for a reader that comes late, and to Xen for a debug build. */
	xen_console_ring_write(msg, len);
	HYPERVISOR_console_io(CONSOLEIO_write, len, msg);
	return false;
}
