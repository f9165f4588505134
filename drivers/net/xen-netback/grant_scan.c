// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: grant_scan, a test aid for frontends that do not trust
 * their backend.
 *
 * A frontend told not to trust its backend (netfront trusted=0, after
 * XSA-403) promises that a page it grants holds the packet and nothing
 * else: outside a TX slot's data, and in every RX buffer it posts, the
 * page is zero. A backend is the one place that can check the promise.
 * With grant_scan=1 each granted page is copied whole, before the
 * request is used, and the bytes outside the packet that are not zero
 * are counted; the totals of the module's life are in
 * debugfs xen_netback/grant_scan. It costs one more grant copy per slot:
 * it is meant for the lab, not for production. A trusting frontend
 * grants pages that hold other data, and its counts say nothing.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <xen/grant_table.h>
#include <xen/page.h>

#include "netback.h"

/* Totals over every vif, kept after the vifs go (the lab reads them then). */
static struct {
	atomic64_t tx_slots;	/* TX data slots scanned */
	atomic64_t tx_stray;	/* non-zero bytes outside a TX slot's data */
	atomic64_t rx_pages;	/* RX buffers scanned before we wrote them */
	atomic64_t rx_stray;	/* non-zero bytes in those buffers */
	atomic64_t failed;	/* pages that could not be copied */
} xenvif_scan;

/* Bytes of p[from..to) that are not zero. */
static unsigned int xenvif_scan_count(const u8 *p, unsigned int from,
				      unsigned int to)
{
	unsigned int n = 0;

	for (; from < to; from++)
		n += p[from] != 0;
	return n;
}

/*
 * The page behind the guest's grant, copied whole into one of ours;
 * NULL if there is no memory or Xen refuses (then counted as failed).
 */
static struct page *xenvif_scan_copy(domid_t domid, grant_ref_t gref)
{
	struct page *page = alloc_page(GFP_ATOMIC | __GFP_NOWARN);
	struct gnttab_copy op = {};

	if (!page)
		goto fail;
	op.source.u.ref = gref;
	op.source.domid = domid;
	op.dest.u.gmfn = virt_to_gfn(page_address(page));
	op.dest.domid = DOMID_SELF;
	op.len = XEN_PAGE_SIZE;
	op.flags = GNTCOPY_source_gref;
	gnttab_batch_copy(&op, 1);
	if (op.status == GNTST_okay)
		return page;
	__free_page(page);
fail:
	atomic64_inc(&xenvif_scan.failed);
	return NULL;
}

/* A validated TX packet, before any of its slots is copied or answered. */
void xenvif_scan_tx(struct xenvif *vif, const struct xnif_tx_packet *pkt)
{
	unsigned int i;

	for (i = 0; i < pkt->nr_slots; i++) {
		unsigned int off = min_t(unsigned int, pkt->slot[i].offset,
					 XEN_PAGE_SIZE);
		unsigned int end = min_t(unsigned int,
					 off + pkt->slot[i].size,
					 XEN_PAGE_SIZE);
		struct page *page = xenvif_scan_copy(vif->domid,
						     pkt->slot[i].gref);
		const u8 *p;

		if (!page)
			continue;
		p = page_address(page);
		atomic64_add(xenvif_scan_count(p, 0, off) +
			     xenvif_scan_count(p, end, XEN_PAGE_SIZE),
			     &xenvif_scan.tx_stray);
		atomic64_inc(&xenvif_scan.tx_slots);
		__free_page(page);
	}
}

/* An RX buffer the guest posted, before we write into it. */
void xenvif_scan_rx(struct xenvif *vif, grant_ref_t gref)
{
	struct page *page = xenvif_scan_copy(vif->domid, gref);

	if (!page)
		return;
	atomic64_add(xenvif_scan_count(page_address(page), 0, XEN_PAGE_SIZE),
		     &xenvif_scan.rx_stray);
	atomic64_inc(&xenvif_scan.rx_pages);
	__free_page(page);
}

static int xenvif_grant_scan_show(struct seq_file *m, void *v)
{
	seq_printf(m, "enabled %d tx_slots %lld tx_stray_bytes %lld rx_pages %lld rx_stray_bytes %lld failed %lld\n",
		   READ_ONCE(xenvif_grant_scan),
		   atomic64_read(&xenvif_scan.tx_slots),
		   atomic64_read(&xenvif_scan.tx_stray),
		   atomic64_read(&xenvif_scan.rx_pages),
		   atomic64_read(&xenvif_scan.rx_stray),
		   atomic64_read(&xenvif_scan.failed));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xenvif_grant_scan);

void xenvif_grant_scan_debugfs(struct dentry *root)
{
	debugfs_create_file("grant_scan", 0400, root, NULL,
			    &xenvif_grant_scan_fops);
}
