/*
 * One target architecture of the kernel, seen from the host: its clobber
 * masks and op names from the kernel headers, and its patcher and backends
 * from the kernel's own sources (linked next to this file). Compiled once
 * per target with -DPV_TARGET_X86_64 or -DPV_TARGET_I386; only the
 * pvt_arch_<arch> object below stays global (see tools/mk/tools.mk).
 */
#include <elf.h>
#include <capstone/capstone.h>

#include <asm/paravirt_types.h>
#include <pvops/backend.h>
#include <pvops/patch.h>
#include <pvkern/string.h>

#include <pvops/lguest.h>
#include <pvops/xen.h>
#include "arch_model.h"

#ifdef PV_TARGET_X86_64
#define THIS_ARCH pvt_arch_x86_64
#define ARCH_NAME "x86_64"
#define ARCH_ELF_CLASS ELFCLASS64
#define ARCH_ELF_MACHINE EM_X86_64
#define ARCH_CS_MODE CS_MODE_64
#else
#define THIS_ARCH pvt_arch_i386
#define ARCH_NAME "i386"
#define ARCH_ELF_CLASS ELFCLASS32
#define ARCH_ELF_MACHINE EM_386
#define ARCH_CS_MODE CS_MODE_32
#endif

/* lguest_patch() stores to the virtual flag: its kernel address. */
static const char *lguest_setup(const struct pvt_symbols *syms)
{
	uint64_t v;

	if (!syms->lookup(syms->ctx, "lguest_irq_enabled", &v))
		return "lguest_irq_enabled";
	((struct lguest_backend_data *)lguest_backend.data)->flag_addr = (unsigned long)v;
	return NULL;
}

/*
 * xen_patch() stores, through the per-CPU segment, to the upcall mask of
 * the per-CPU template's vcpu_info, which is part of the kernel image: the
 * kernel keeps its address in xen_upcall_mask_link_addr.
 */
static const char *xen_setup(const struct pvt_symbols *syms)
{
	uint64_t at, v;

	if (!syms->lookup(syms->ctx, "xen_upcall_mask_link_addr", &at) ||
	    !syms->read_word(syms->ctx, at, &v))
		return "xen_upcall_mask_link_addr";
	((struct xen_backend_data *)xen_backend.data)->upcall_mask_addr = (unsigned long)v;
	return NULL;
}

/*
 * The backends whose patch() this copy runs, looked up in a kernel by
 * name. A backend is one line here: its struct pv_backend; if its patch()
 * reads kernel data besides pv_irq_ops, a setup function that finds it in
 * the kernel's symbols; and if the kernel fills the backend's ops table at
 * init, the static table holding the ops it installs by default. Its
 * source goes in TOOLS_KERNEL_SRCS (tools/mk/tools.mk).
 */
static const struct host_backend {
	const struct pv_backend *backend;
	const char *(*setup)(const struct pvt_symbols *syms);
	const char *ops_symbol;
} host_backends[] = {
	{ &native_backend, NULL, NULL },
	{ &xen_backend, xen_setup, "xen_irq_ops_asm" /* unless xen.irq_ops=c */ },
	{ &lguest_backend, lguest_setup, NULL },
};

/*
 * The patcher's direct-call conversion reads the ops' targets from
 * pv_irq_ops; here it holds the kernel's addresses of the backend being
 * modelled, set before each site.
 */
struct pv_irq_ops pv_irq_ops;
struct pv_mmu_ops pv_mmu_ops;
/* Named by the native and lguest backends' entries; the kernel's own is read instead. */
const struct pv_mmu_ops native_mmu_ops;
/*
 * The native set_pte's form follows the kernel's page-table format: this
 * models a CPU with PAE (64-bit entries), as every kernel image is checked.
 */
bool pte_32bit;

/*
 * The native ops table (arch/x86/backends/native/native.c) names the kernel's asm
 * ops. On the host they only need to exist: their addresses are never
 * used, the real ones come from the kernel's symbol table.
 */
void native_save_fl_op(void) {}
void native_restore_fl_op(void) {}
void native_irq_disable_op(void) {}
void native_irq_enable_op(void) {}
void native_safe_halt_op(void) {}
void native_halt_op(void) {}

/* The same for the lguest-style backend's table and hooks. */
void lguest_save_fl_op(void) {}
void lguest_restore_fl_op(void) {}
void lguest_irq_disable_op(void) {}
void lguest_irq_enable_op(void) {}
void lguest_safe_halt_op(void) {}
void lguest_halt_op(void) {}
const struct pv_irq_ops *lguest_init(const struct pv_backend *b) { return NULL; }
void lguest_irq_entry(unsigned int irq, struct pt_regs *regs) {}
void lguest_local_vector_entry(struct pt_regs *regs) {}
void lguest_cpu_init(const struct pv_backend *b) {}
void lguest_cpu_exit(const struct pv_backend *b) {}

/* And for the xen backend's: its init() and its default table. */
const struct pv_irq_ops xen_irq_ops_asm;
const struct pv_mmu_ops xen_mmu_ops;
const struct pv_irq_ops *xen_backend_init(const struct pv_backend *b) { return NULL; }

static const struct pvt_reg regs[] = {
#ifdef PV_TARGET_X86_64
	{ "rax", CLBR_RAX }, { "rcx", CLBR_RCX }, { "rdx", CLBR_RDX },
	{ "rdi", CLBR_RDI }, { "rsi", CLBR_RSI }, { "r8", CLBR_R8 },
	{ "r9", CLBR_R9 }, { "r10", CLBR_R10 }, { "r11", CLBR_R11 },
#else
	{ "eax", CLBR_EAX }, { "ecx", CLBR_ECX }, { "edx", CLBR_EDX },
	{ "edi", CLBR_EDI },
#endif
};

BUILD_BUG_ON(PV_IRQ_NR > PVT_MAX_OPS);
BUILD_BUG_ON(PV_MMU_FIRST + PV_MMU_NR > PVT_MAX_OPS);
BUILD_BUG_ON(PARAVIRT_SITE_MAX > PVT_MAX_SITE);
BUILD_BUG_ON(CLBR_ANY > 0xffff);
/* The target's struct pv_backend is the host's with each pointer one target word. */
BUILD_BUG_ON(__builtin_offsetof(struct pv_backend, name) % sizeof(void *) != 0);
BUILD_BUG_ON(__builtin_offsetof(struct pv_backend, irq_ops) % sizeof(void *) != 0);

static const struct paravirt_patch_site *record_at(const struct pvt_image *img,
						   uint64_t rec_addr)
{
	const u8 *p;

	if (rec_addr < img->base || rec_addr - img->base > img->size ||
	    img->size - (rec_addr - img->base) < sizeof(struct paravirt_patch_site))
		return NULL;
	p = img->bytes + (rec_addr - img->base);
	if ((uintptr_t)p % _Alignof(struct paravirt_patch_site))
		return NULL;
	return (const struct paravirt_patch_site *)p;
}

static bool read_record(const struct pvt_image *img, uint64_t rec_addr, struct pvt_record *r)
{
	const struct paravirt_patch_site *p = record_at(img, rec_addr);

	if (!p)
		return false;
	r->addr = rec_addr;
	r->site = rec_addr + (int64_t)p->instr_offset;
	r->type = p->type;
	r->len = p->len;
	r->clobbers = p->clobbers;
	return true;
}

/* The patcher's environment for this image: the kernel's view of itself at boot. */
static struct paravirt_patch_env image_env(const struct pvt_image *img)
{
	return (struct paravirt_patch_env){
		.text_start = img->text_start,
		.text_end = img->text_end,
		.ops_addr = img->ops_addr,
		.mmu_ops_addr = img->mmu_ops_addr,
		.addr_bias = (long)(img->base - (uintptr_t)img->bytes),
		.quiet = true,
	};
}

/* The site's bytes if the whole site lies in the image (else the check refuses it unread). */
static const u8 *site_bytes(const struct pvt_image *img, const struct pvt_record *r)
{
	if (r->site < img->base || r->site - img->base > img->size ||
	    img->size - (r->site - img->base) < r->len)
		return NULL;
	return img->bytes + (r->site - img->base);
}

static bool text_in_image(const struct pvt_image *img)
{
	return img->text_start >= img->base && img->text_start <= img->text_end &&
	       img->text_end - img->base <= img->size;
}

static const char *check_record(const struct pvt_image *img, uint64_t rec_addr)
{
	struct paravirt_patch_env env = image_env(img);
	struct pvt_record r;
	const u8 *site;

	if (!text_in_image(img))
		return "kernel text bounds lie outside the loaded image";
	if (!read_record(img, rec_addr, &r))
		return "record outside the loaded image or misaligned";
	site = site_bytes(img, &r);
	/* Without bytes the site cannot be in text: the check says so before reading. */
	return paravirt_check_site(&env, r.site, site ? site : img->bytes, r.type, r.len);
}

static void patch_record(const struct pvt_image *img, unsigned int backend,
			 const uint64_t *targets, uint64_t rec_addr, struct pvt_patch_result *res)
{
	struct paravirt_patch_env env = image_env(img);
	struct paravirt_callee_save *slots = (struct paravirt_callee_save *)&pv_irq_ops;
	void **mmu_slots = (void **)&pv_mmu_ops;
	const struct paravirt_patch_site *p = record_at(img, rec_addr);
	struct pvt_record r;

	memset(res, 0, sizeof(*res));
	res->outcome = PV_SITE_REFUSED;
	res->reason = check_record(img, rec_addr);
	if (res->reason || backend >= ARRAY_SIZE(host_backends) || !p)
		return;
	read_record(img, rec_addr, &r);
	if (!site_bytes(img, &r))
		return;
	for (unsigned int i = 0; i < PV_IRQ_NR; i++)
		slots[i].func = (void *)(uintptr_t)targets[i];
	for (unsigned int i = 0; i < PV_MMU_NR; i++)
		mmu_slots[i] = (void *)(uintptr_t)targets[PV_MMU_FIRST + i];
	env.backend = host_backends[backend].backend;
	res->len = r.len;
	res->outcome = paravirt_patch_site(&env, p, res->bytes, &res->reason);
}

static const char *backend_name(unsigned int backend)
{
	return backend < ARRAY_SIZE(host_backends) ? host_backends[backend].backend->name : NULL;
}

static const char *prepare_backend(unsigned int backend, const struct pvt_symbols *syms)
{
	if (backend >= ARRAY_SIZE(host_backends) || !host_backends[backend].setup)
		return NULL;
	return host_backends[backend].setup(syms);
}

static const char *backend_ops_symbol(unsigned int backend)
{
	return backend < ARRAY_SIZE(host_backends) ? host_backends[backend].ops_symbol : NULL;
}

static bool select_nops(const char *name)
{
	if (strcmp(name, "p6") == 0)
		paravirt_select_nops(PV_NOPS_P6);
#ifdef PV_TARGET_I386
	else if (strcmp(name, "p5") == 0)
		paravirt_select_nops(PV_NOPS_P5);
#endif
	else
		return false;
	return true;
}

const struct pvt_arch THIS_ARCH = {
	.name = ARCH_NAME,
	.elf_class = ARCH_ELF_CLASS,
	.elf_machine = ARCH_ELF_MACHINE,
	.capstone_mode = ARCH_CS_MODE,
	.word_size = PV_WORD_SIZE,
	.nr_ops = PV_IRQ_NR,
	.op_names = paravirt_op_names,
	.mmu_first = PV_MMU_FIRST,
	.nr_mmu_ops = PV_MMU_NR,
	.op_name = paravirt_op_name,
	.record_size = sizeof(struct paravirt_patch_site),
	.record_align = _Alignof(struct paravirt_patch_site),
	.site_min = PARAVIRT_SITE_MIN,
	.site_max = PARAVIRT_SITE_MAX,
	.call_len = PARAVIRT_CALL_LEN,
	.clbr_any = CLBR_ANY,
	.clbr_ret_reg = CLBR_RET_REG,
	.op_clobbers = PV_OP_CLOBBERS,
	.nr_regs = ARRAY_SIZE(regs),
	.regs = regs,
	.nr_outcomes = PV_SITE_NR_OUTCOMES,
	.outcome_names = paravirt_outcome_names,
	.outcome_refused = PV_SITE_REFUSED,
	.backend_name_offset =
		__builtin_offsetof(struct pv_backend, name) / sizeof(void *) * PV_WORD_SIZE,
	.backend_ops_offset =
		__builtin_offsetof(struct pv_backend, irq_ops) / sizeof(void *) * PV_WORD_SIZE,
	.backend_mmu_ops_offset =
		__builtin_offsetof(struct pv_backend, mmu_ops) / sizeof(void *) * PV_WORD_SIZE,
	.nr_backends = ARRAY_SIZE(host_backends),
	.backend_name = backend_name,
	.prepare_backend = prepare_backend,
	.backend_ops_symbol = backend_ops_symbol,
	.read_record = read_record,
	.check_record = check_record,
	.patch_record = patch_record,
	.select_nops = select_nops,
};
