/*
 * Event channels as interrupt lines: a port bound to a VIRQ or an IPI gets
 * a line of the common irq layer (asm/irq.h), so irq_set_handler() and
 * handle_irq() work the same under Xen as with the PIC. A line may have a
 * port on each vCPU (VIRQ_TIMER, the wake-up IPI).
 */
#ifndef XEN_GUEST_EVENTS_H
#define XEN_GUEST_EVENTS_H

#include <pvkern/types.h>
#include <xen/event_channel.h>

/* A free irq line (negative: none left). */
int xen_alloc_irq(void);
/* Binds a VIRQ of vCPU cpu to a fresh port, and that port to irq line irq. */
int xen_bind_virq(unsigned int virq, unsigned int cpu, unsigned int irq);
/* Binds a fresh IPI port of vCPU cpu to irq line irq. */
int xen_bind_ipi(unsigned int cpu, unsigned int irq);
/*
 * Binds a fresh IPI port of this vCPU to a free irq line, which it
 * returns (negative: a Xen error).
 */
int xen_bind_ipi_to_irq(void);

/* The port behind an irq line on this vCPU, or on vCPU cpu; 0 (never a valid port) if none. */
evtchn_port_t xen_irq_port(unsigned int irq);
evtchn_port_t xen_irq_port_on(unsigned int cpu, unsigned int irq);
/* Makes the port's event pending (EVTCHNOP_send). */
int xen_send_event(evtchn_port_t port);
/* The pending bit of a port in shared_info. */
bool xen_port_pending(evtchn_port_t port);
/* Unmasks one port (EVTCHNOP_unmask: an event that waits is delivered). */
void xen_unmask_port(evtchn_port_t port);

/* platform_ops for the irq lines: mask and unmask act on the line's port on every vCPU. */
void xen_irq_mask(unsigned int irq);
void xen_irq_unmask(unsigned int irq);
void xen_irq_eoi(unsigned int irq);
bool xen_irq_latched(unsigned int irq);

/* How many upcalls ran, and how many events they dispatched, on all vCPUs. */
u64 xen_upcall_count(void);
u64 xen_event_count(void);

#endif
