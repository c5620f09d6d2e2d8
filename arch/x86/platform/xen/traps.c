/*
 * Exceptions and events under Xen PV: the virtual IDT (set_trap_table)
 * points every exception at the Xen entry stubs (entry_{32,64}.S), and the
 * event and failsafe callbacks are registered with callback_op. Like the
 * bare-metal interrupt gates, every vector masks events on entry; the iret
 * hypercall puts the mask back from the frame.
 *
 * NMI, #DF and #MC are in the table too, as in Linux's: Xen delivers a
 * guest's NMI (VCPUOP_send_nmi, or one Xen forwards to dom0) and a virtual
 * machine check through the virtual IDT's entries 2 and 18, and a vector
 * with no entry would be lost. Each ends in the common exception path, so
 * it prints the crash report and ends the run like any other, unless a
 * test handles it. The table is per vCPU: each secondary starts with a
 * copy of it (xen_fill_trap_context).
 */
#include <asm/ptrace.h>
#include <asm/traps.h>
#include <pvkern/kernel.h>
#include <pvkern/printk.h>
#include <xen-guest/entry.h>
#include <xen-guest/hypercall.h>
#include <xen-guest/xen.h>

/* One entry per vector and a zero entry that ends the table. */
static struct trap_info trap_table[XEN_NR_TRAP_STUBS + 1];

#ifdef __x86_64__
static void set_callback(unsigned short type, void (*fn)(void))
{
	struct callback_register cb = {
		.type = type,
		.flags = CALLBACKF_mask_events,
		.address = (unsigned long)fn,
	};
	int rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);

	if (rc)
		panic("xen: cannot register callback type %u: %d", type, rc);
}
#else
static void set_callback(unsigned short type, void (*fn)(void))
{
	struct callback_register cb = {
		.type = type,
		.flags = CALLBACKF_mask_events,
		.address = { .cs = FLAT_KERNEL_CS, .eip = (unsigned long)fn },
	};
	int rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);

	if (rc)
		panic("xen: cannot register callback type %u: %d", type, rc);
}
#endif

void xen_init_traps(void)
{
	int rc;

	for (unsigned int v = 0; v < XEN_NR_TRAP_STUBS; v++) {
		struct trap_info *ti = &trap_table[v];

		ti->vector = v;
		ti->flags = 0;
		/* int3 and into may be used on purpose, as from user mode natively. */
		TI_SET_DPL(ti, v == X86_TRAP_BP || v == 4 ? 3 : 0);
		TI_SET_IF(ti, 1);
		ti->cs = FLAT_KERNEL_CS;
		ti->address = (unsigned long)xen_trap_stubs + v * XEN_TRAP_STUB_SIZE;
	}
	trap_table[X86_TRAP_BP].address = (unsigned long)xen_text_poke_int3_entry;
	trap_table[XEN_NR_TRAP_STUBS].address = 0; /* the zero entry ends the table */
	rc = HYPERVISOR_set_trap_table(trap_table);
	if (rc)
		panic("xen: set_trap_table failed: %d", rc);
	set_callback(CALLBACKTYPE_event, xen_hypervisor_callback);
	set_callback(CALLBACKTYPE_failsafe, xen_failsafe_callback_entry);
}

/*
 * A vCPU's context holds its virtual IDT indexed by vector, and the
 * callbacks: those of the boot vCPU, whose registration flags become
 * context flags (events masked in the failsafe callback too).
 */
void xen_fill_trap_context(struct vcpu_guest_context *ctxt)
{
	for (const struct trap_info *ti = trap_table; ti->address; ti++)
		ctxt->trap_ctxt[ti->vector] = *ti;
	ctxt->flags |= VGCF_failsafe_disables_events;
#ifdef __i386__
	ctxt->event_callback_cs = FLAT_KERNEL_CS;
	ctxt->failsafe_callback_cs = FLAT_KERNEL_CS;
#endif
	ctxt->event_callback_eip = (unsigned long)xen_hypervisor_callback;
	ctxt->failsafe_callback_eip = (unsigned long)xen_failsafe_callback_entry;
}

void xen_failsafe_callback(struct pt_regs *regs)
{
	printk("\nFATAL: Xen failsafe callback: a segment register could not be reloaded "
	       "returning to ip 0x%lx\n", regs->ip);
	show_regs(regs);
	run_exit(EXIT_CRASH);
}
