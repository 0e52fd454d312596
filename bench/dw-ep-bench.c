// SPDX-License-Identifier: GPL-2.0
/*
 * Bench only, not part of the series: copied into both the base and the
 * patched tree by scripts/bench.sh. Counts the iATU register writes the
 * DesignWare endpoint makes to raise MSI and MSI-X, two functions
 * alternating, against a fake DBI/iATU register space (the same way as the
 * series' pcie-designware-ep-test.c, but using only what the base has too).
 * Prints "DWC-BENCH <workload> writes=N irqs=N" for:
 *   msi, msix      two functions alternating, 8 outbound windows;
 *   msix-4regions  one function, MSI-X vectors in 4 different 4K regions
 *                  (x86 without interrupt remapping: one per CPU);
 *   msix-6regions, msix-8regions  the same with 6 and 8 regions, more
 *                  than the series keeps;
 *   msix-4regions-3wins  4 regions with only 3 outbound windows;
 *   msi-1win, msi-2wins, msi-3wins  MSI of two functions alternating on
 *                  an endpoint with only 1, 2 or 3 outbound windows.
 *
 * Built with -DDW_EP_BENCH_SERIES in the patched tree, where the scratch
 * regions of the per-function windows come from dw_pcie_ep_irq_mem_alloc().
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/pci-epc.h>
#include <linux/pci-epf.h>
#include <linux/sizes.h>

#include "pcie-designware.h"

#define B_WINDOWS	8
#define B_FUNCS		2
#define B_FUNC_DBI	0x1000
#define B_MSI_CAP	0x50
#define B_MSIX_CAP	0x70
#define B_MSIX_BAR	BAR_2
#define B_IRQS		960

struct dw_bench {
	struct dw_pcie pci;
	struct pci_epc epc;
	struct pci_epc_mem mem;
	struct dw_pcie_ep_func funcs[B_FUNCS];
	struct pci_epf_bar bar[B_FUNCS];
	struct pci_epf_msix_tbl tbl[B_FUNCS][8];
	u8 dbi[B_FUNCS * B_FUNC_DBI];
	u8 atu[B_WINDOWS * 0x200];
	unsigned int atu_writes;
	u32 scratch[8][SZ_4K / sizeof(u32)];
	unsigned long used;
};

static u8 *dw_bench_reg(struct dw_bench *b, void __iomem *base, u32 reg)
{
	u8 *p = (u8 __force *)base + reg;

	if (p >= b->atu && p < b->atu + sizeof(b->atu))
		return p;
	if (p >= b->dbi && p < b->dbi + sizeof(b->dbi))
		return p;
	KUNIT_FAIL(kunit_get_current_test(), "access outside the fake: %u", reg);
	return NULL;
}

static u32 dw_bench_read(struct dw_pcie *pci, void __iomem *base, u32 reg,
			 size_t size)
{
	struct dw_bench *b = container_of(pci, struct dw_bench, pci);
	u8 *p = dw_bench_reg(b, base, reg);
	u32 val = 0;

	if (p)
		memcpy(&val, p, size);
	return val;
}

static void dw_bench_write(struct dw_pcie *pci, void __iomem *base, u32 reg,
			   size_t size, u32 val)
{
	struct dw_bench *b = container_of(pci, struct dw_bench, pci);
	u8 *p = dw_bench_reg(b, base, reg);

	if (!p)
		return;
	memcpy(p, &val, size);
	b->atu_writes += p >= b->atu && p < b->atu + sizeof(b->atu);
}

static const struct dw_pcie_ops dw_bench_ops = {
	.read_dbi = dw_bench_read,
	.write_dbi = dw_bench_write,
	.write_dbi2 = dw_bench_write,
};

static unsigned int dw_bench_dbi_offset(struct dw_pcie_ep *ep, u8 func_no)
{
	return func_no * B_FUNC_DBI;
}

static const struct dw_pcie_ep_ops dw_bench_ep_ops = {
	.get_dbi_offset = dw_bench_dbi_offset,
};

static void __iomem *dw_bench_alloc(struct dw_pcie_ep *ep, phys_addr_t *phys,
				    size_t size)
{
	struct dw_bench *b = container_of(ep, struct dw_bench, pci.ep);
	unsigned long i = find_first_zero_bit(&b->used, ARRAY_SIZE(b->scratch));

	if (i >= ARRAY_SIZE(b->scratch))
		return NULL;
	__set_bit(i, &b->used);
	*phys = 0x40000000ULL + i * SZ_64K;
	return (void __iomem __force *)b->scratch[i];
}

static void __maybe_unused dw_bench_free(struct dw_pcie_ep *ep,
					 phys_addr_t phys, void __iomem *mem,
					 size_t size)
{
	struct dw_bench *b = container_of(ep, struct dw_bench, pci.ep);

	__clear_bit((phys - 0x40000000ULL) / SZ_64K, &b->used);
}

static void dw_bench_cfg(struct dw_bench *b, u8 f, u32 reg, u32 val, size_t n)
{
	memcpy(b->dbi + f * B_FUNC_DBI + reg, &val, n);
}

static int dw_bench_init(struct kunit *test)
{
	struct dw_bench *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct dw_pcie_ep *ep;
	int f;

	KUNIT_ASSERT_NOT_NULL(test, b);
	test->priv = b;
	b->pci.ops = &dw_bench_ops;
	b->pci.dbi_base = (void __iomem __force *)b->dbi;
	b->pci.dbi_base2 = (void __iomem __force *)b->dbi;
	b->pci.atu_base = (void __iomem __force *)b->atu;
	b->pci.num_ob_windows = B_WINDOWS;
	b->pci.region_align = SZ_4K;
	b->pci.region_limit = U32_MAX;
	dw_pcie_cap_set(&b->pci, IATU_UNROLL);
	ep = &b->pci.ep;
	ep->ops = &dw_bench_ep_ops;
	ep->epc = &b->epc;
	b->epc.mem = &b->mem;
	b->mem.window.page_size = SZ_4K;
	dev_set_drvdata(&b->epc.dev, ep);
	INIT_LIST_HEAD(&ep->func_list);
	ep->ob_window_map = kunit_kzalloc(test, sizeof(long), GFP_KERNEL);
	ep->outbound_addr = kunit_kcalloc(test, B_WINDOWS, sizeof(phys_addr_t),
					  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ep->ob_window_map);
	KUNIT_ASSERT_NOT_NULL(test, ep->outbound_addr);
	ep->msi_mem = dw_bench_alloc(ep, &ep->msi_mem_phys, SZ_4K);

	for (f = 0; f < B_FUNCS; f++) {
		struct dw_pcie_ep_func *fn = &b->funcs[f];

		fn->func_no = f;
		fn->msi_cap = B_MSI_CAP;
		fn->msix_cap = B_MSIX_CAP;
		b->bar[f].addr = b->tbl[f];
		b->bar[f].barno = B_MSIX_BAR;
		fn->epf_bar[B_MSIX_BAR] = &b->bar[f];
		list_add_tail(&fn->list, &ep->func_list);
		dw_bench_cfg(b, f, B_MSIX_CAP + PCI_MSIX_TABLE, B_MSIX_BAR, 4);
		dw_bench_cfg(b, f, B_MSI_CAP + PCI_MSI_FLAGS,
			     PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_64BIT, 2);
		dw_bench_cfg(b, f, B_MSI_CAP + PCI_MSI_ADDRESS_LO,
			     0xfee00000 + f * SZ_4K, 4);
		dw_bench_cfg(b, f, B_MSI_CAP + PCI_MSI_DATA_64, 0x40 + f, 2);
		b->tbl[f][0].msg_addr = 0xfee10000 + f * SZ_4K;
		b->tbl[f][0].msg_data = 0x80 + f;
	}
#ifdef DW_EP_BENCH_SERIES
	mutex_init(&ep->irq_win_lock);
	kunit_activate_static_stub(test, dw_pcie_ep_irq_mem_alloc,
				   dw_bench_alloc);
	kunit_activate_static_stub(test, dw_pcie_ep_irq_mem_free,
				   dw_bench_free);
#endif
	return 0;
}

/*
 * Steady state: after a first round (one interrupt per function, or per
 * vector with @vecs > 1), B_IRQS interrupts, functions alternating, or one
 * function cycling through @vecs MSI-X vectors.
 */
static void dw_bench_run(struct kunit *test, const char *name, bool msix,
			 int vecs, u32 windows)
{
	struct dw_bench *b = test->priv;
	unsigned int i, before = 0, warm = vecs > 1 ? vecs : B_FUNCS;
	int ret;

	b->pci.num_ob_windows = windows;
	/* The host enables MSI-X, and so disables MSI, or the other way */
	for (i = 0; i < B_FUNCS; i++) {
		dw_bench_cfg(b, i, B_MSI_CAP + PCI_MSI_FLAGS, PCI_MSI_FLAGS_64BIT |
			     (msix ? 0 : PCI_MSI_FLAGS_ENABLE), 2);
		dw_bench_cfg(b, i, B_MSIX_CAP + PCI_MSIX_FLAGS, 7 |
			     (msix ? PCI_MSIX_FLAGS_ENABLE : 0), 2);
	}
	for (i = 0; i < warm + B_IRQS; i++) {
		u8 f = vecs > 1 ? 0 : i % B_FUNCS;

		if (i == warm)
			before = b->atu_writes;
		if (msix)
			ret = dw_pcie_ep_raise_msix_irq(&b->pci.ep, f,
							1 + i % vecs);
		else
			ret = dw_pcie_ep_raise_msi_irq(&b->pci.ep, f, 1);
		KUNIT_ASSERT_EQ(test, ret, 0);
	}
	pr_info("DWC-BENCH %s writes=%u irqs=%u\n", name,
		b->atu_writes - before, B_IRQS);
}

static void dw_bench_msi(struct kunit *test)
{
	dw_bench_run(test, "msi", false, 1, B_WINDOWS);
}

static void dw_bench_msix(struct kunit *test)
{
	dw_bench_run(test, "msix", true, 1, B_WINDOWS);
}

/* Vector v of function 0 targets region v % @regions, as x86 per CPU */
static void dw_bench_msix_regions(struct kunit *test, int regions,
				  u32 windows)
{
	struct dw_bench *b = test->priv;
	char name[32];
	int v;

	for (v = 0; v < 8; v++) {
		b->tbl[0][v].msg_addr = 0xfee00000 + (v % regions) * SZ_4K;
		b->tbl[0][v].msg_data = 0x100 + v;
	}
	if (windows == B_WINDOWS)
		snprintf(name, sizeof(name), "msix-%dregions", regions);
	else
		snprintf(name, sizeof(name), "msix-%dregions-%uwins", regions,
			 windows);
	dw_bench_run(test, name, true, 8, windows);
}

static void dw_bench_msix_4regions(struct kunit *test)
{
	dw_bench_msix_regions(test, 4, B_WINDOWS);
}

static void dw_bench_msix_4regions_3wins(struct kunit *test)
{
	dw_bench_msix_regions(test, 4, 3);
}

static void dw_bench_msix_6regions(struct kunit *test)
{
	dw_bench_msix_regions(test, 6, B_WINDOWS);
}

static void dw_bench_msix_8regions(struct kunit *test)
{
	dw_bench_msix_regions(test, 8, B_WINDOWS);
}

static void dw_bench_msi_1win(struct kunit *test)
{
	dw_bench_run(test, "msi-1win", false, 1, 1);
}

static void dw_bench_msi_2wins(struct kunit *test)
{
	dw_bench_run(test, "msi-2wins", false, 1, 2);
}

static void dw_bench_msi_3wins(struct kunit *test)
{
	dw_bench_run(test, "msi-3wins", false, 1, 3);
}

static struct kunit_case dw_bench_cases[] = {
	KUNIT_CASE(dw_bench_msi),
	KUNIT_CASE(dw_bench_msix),
	KUNIT_CASE(dw_bench_msix_4regions),
	KUNIT_CASE(dw_bench_msix_4regions_3wins),
	KUNIT_CASE(dw_bench_msix_6regions),
	KUNIT_CASE(dw_bench_msix_8regions),
	KUNIT_CASE(dw_bench_msi_1win),
	KUNIT_CASE(dw_bench_msi_2wins),
	KUNIT_CASE(dw_bench_msi_3wins),
	{}
};

static struct kunit_suite dw_bench_suite = {
	.name = "dw-ep-bench",
	.init = dw_bench_init,
	.test_cases = dw_bench_cases,
};
kunit_test_suite(dw_bench_suite);
