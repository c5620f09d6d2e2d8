/* What tests/kernel/xen_vcpus.c offers the injection suite. */
#ifndef TESTS_KERNEL_XEN_VCPUS_H
#define TESTS_KERNEL_XEN_VCPUS_H

struct ktest;

/* ktest.inject=nmi: an NMI to this vCPU that nobody handles (Xen PV only). */
void xen_inject_nmi(struct ktest *t);

#endif
