/*
 * A domU's console: the ring page of start_info.console.domU, read by
 * xenconsoled in the control domain. dom0 keeps HYPERVISOR_console_io
 * (a domU gets -EPERM from it on a release build of Xen).
 */
#ifndef XEN_GUEST_CONSOLE_H
#define XEN_GUEST_CONSOLE_H

#include <pvkern/types.h>
#include <xen/event_channel.h>
#include <xen/io/console.h>

/*
 * How long the console waits for xenconsoled, in Xen system time: when the
 * ring is full, and at the end of a run until it has read everything.
 */
#define XEN_CONSOLE_WAIT_NS 10000000000ull

/* PV: maps the ring if this is a domU; returns whether the console uses it. */
bool xen_console_ring_init(void);
/*
 * Writes the console into ring from now on, kicking xenconsoled through
 * evtchn. events_by_cpu_flag: events come as an interrupt vector (PVH),
 * so the CPU's IF, not the vCPU's upcall mask, holds them off meanwhile.
 */
void xen_console_ring_attach(struct xencons_interface *ring, evtchn_port_t evtchn,
			     bool events_by_cpu_flag);
bool xen_console_ring_active(void);
/* dom0 through console_io, a domU into its ring: both Xen platforms' console. */
void xen_console_write(const char *s, size_t n);
/* Appends to the ring and kicks its event channel; waits (blocked) while it is full. */
void xen_console_ring_write(const char *s, size_t n);
/*
 * Waits, blocked, until xenconsoled has read everything (out_cons caught
 * up with out_prod), at most timeout_ns; says so and returns false if it
 * gives up.
 */
bool xen_console_ring_drain(u64 timeout_ns);

/* The ring and its port, for the tests. */
struct xencons_interface *xen_console_ring(void);
evtchn_port_t xen_console_port(void);

#endif
