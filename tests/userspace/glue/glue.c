// SPDX-License-Identifier: GPL-2.0
/*
 * The models behind glue.h: pages, skbs, grant references and the few
 * stack entry points the glue calls. One thread, no locking. Anything
 * the kernel would treat as our bug (a grant granted twice, a page
 * freed twice, an skb that does not add up) aborts, so the fuzzer
 * reports it.
 */
#include <stdio.h>

#include <glue.h>

unsigned long jiffies;
struct glue_peer glue_peer;
bool glue_xmit_more;
struct glue_counts glue_counts;
s32 glue_rcu_depth;

/* Whether each grant reference is granted, and to which page frame. */
static bool granted[GLUE_GREFS];
/* Times each reference was granted: a harness tells a kept grant from a new one. */
static unsigned long grant_gen[GLUE_GREFS];

/* A small quarantine: the glue frees a page per slot per input. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

bool glue_warn(bool cond, const char *file, int line)
{
	if (cond) {
		fprintf(stderr, "WARN at %s:%d\n", file, line);
		glue_counts.warned++;
	}
	return cond;
}

u64 ktime_get_ns(void)
{
	return (u64)jiffies * 10000000ULL;
}

/*
 * Live pages by address, so that virt_to_page() finds a page: open
 * addressing on the page frame, never more than half full.
 */
#define GLUE_MAX_PAGES	2048
static struct page *pages[2 * GLUE_MAX_PAGES];

static unsigned int page_hash(const void *va)
{
	return ((unsigned long)va >> PAGE_SHIFT) % (2 * GLUE_MAX_PAGES);
}

static unsigned int page_slot_free(const void *va)
{
	unsigned int i;

	for (i = page_hash(va); pages[i]; i = (i + 1) % ARRAY_SIZE(pages))
		;
	return i;
}

static unsigned int page_slot(const void *va)
{
	unsigned int i;

	for (i = page_hash(va); pages[i]; i = (i + 1) % ARRAY_SIZE(pages))
		if (pages[i]->va == va)
			return i;
	/* Only page-backed data is ever granted or freed as a page. */
	abort();
}

struct page *alloc_page(gfp_t gfp)
{
	struct page *p;

	if (glue_counts.pages >= GLUE_MAX_PAGES ||
	    (glue_peer.max_pages && glue_counts.pages >= glue_peer.max_pages))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	p->va = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!p->va)
		abort();
	p->refs = 1;
	if (gfp & __GFP_ZERO)
		memset(p->va, 0, PAGE_SIZE);
	pages[page_slot_free(p->va)] = p;
	glue_counts.pages++;
	return p;
}

void get_page(struct page *page)
{
	if (page->refs <= 0)
		abort();
	page->refs++;
}

void put_page(struct page *page)
{
	unsigned int i, j;

	if (page->refs <= 0)
		abort();
	if (--page->refs)
		return;
	/* Take it out of the table, moving up what probed past it. */
	i = page_slot(page->va);
	pages[i] = NULL;
	for (j = (i + 1) % ARRAY_SIZE(pages); pages[j];
	     j = (j + 1) % ARRAY_SIZE(pages)) {
		struct page *p = pages[j];

		pages[j] = NULL;
		pages[page_slot_free(p->va)] = p;
	}
	free(page->va);
	free(page);
	glue_counts.pages--;
}

struct page *virt_to_page(const void *addr)
{
	return pages[page_slot((void *)((unsigned long)addr &
					~(PAGE_SIZE - 1)))];
}

unsigned long virt_to_gfn(const void *addr)
{
	return (unsigned long)addr >> XEN_PAGE_SHIFT;
}

unsigned long xen_page_to_gfn(struct page *page)
{
	return virt_to_gfn(page->va);
}

/* skbs: a malloc'd head, and a page reference per fragment. */
struct sk_buff *glue_alloc_skb(unsigned int size)
{
	struct sk_buff *skb = calloc(1, sizeof(*skb));

	if (!skb)
		abort();
	skb->end = size ? size : 1;
	skb->head = malloc(skb->end);
	if (!skb->head)
		abort();
	skb->data = skb->head;
	skb->transport_header = 0xffff;
	glue_counts.skbs++;
	return skb;
}

void kfree_skb(struct sk_buff *skb)
{
	unsigned int i;

	if (!skb)
		return;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		put_page(skb_shinfo(skb)->frags[i].page);
	if (skb->head_page)
		put_page(skb->head_page);
	free(skb->head);
	free(skb);
	glue_counts.skbs--;
}

void *__skb_put(struct sk_buff *skb, unsigned int len)
{
	void *p = skb->data + skb->tail;

	if (skb->data_len || skb->tail + len > skb->end)
		abort();
	skb->tail += len;
	skb->len += len;
	return p;
}

void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len)
{
	void *p = __skb_put(skb, len);

	memcpy(p, data, len);
	return p;
}

void skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, int off,
		     int size, unsigned int truesize)
{
	skb_frag_t *f = &skb_shinfo(skb)->frags[i];

	if (i != skb_shinfo(skb)->nr_frags || i >= MAX_SKB_FRAGS ||
	    off < 0 || size < 0 || (unsigned int)off + size > truesize)
		abort();
	f->page = page;
	f->off = off;
	f->size = size;
	skb_shinfo(skb)->nr_frags++;
	skb->len += size;
	skb->data_len += size;
}

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len)
{
	unsigned int head = skb_headlen(skb), i;
	u8 *dst = to;

	if (offset < 0 || len < 0 || (unsigned int)offset + len > skb->len)
		abort();
	while (len && (unsigned int)offset < head) {
		unsigned int n = min_t(unsigned int, len, head - offset);

		memcpy(dst, skb->data + offset, n);
		dst += n;
		offset += n;
		len -= n;
	}
	offset -= head;
	for (i = 0; len && i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];
		unsigned int n;

		if ((unsigned int)offset >= f->size) {
			offset -= f->size;
			continue;
		}
		n = min_t(unsigned int, len, f->size - offset);
		memcpy(dst, (u8 *)f->page->va + f->off + offset, n);
		dst += n;
		offset = 0;
		len -= n;
	}
	return 0;
}

/* The stack's pull: the model reads the bytes it would move. */
bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	u8 buf[256];

	if (len > skb->len || len > sizeof(buf))
		return len <= skb->len;
	skb_copy_bits(skb, 0, buf, len);
	return true;
}

int skb_checksum_setup(struct sk_buff *skb, bool recalculate)
{
	return skb->len < 34 ? -EPROTO : 0;
}

u16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	u8 hdr[ETH_HLEN];

	if (skb->len < ETH_HLEN)
		abort();
	skb_copy_bits(skb, 0, hdr, ETH_HLEN);
	return (u16)(hdr[12] << 8 | hdr[13]);
}

void napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	glue_counts.delivered++;
	kfree_skb(skb);
}

int netif_receive_skb(struct sk_buff *skb)
{
	napi_gro_receive(NULL, skb);
	return 0;
}

void netif_tx_stop_all_queues(struct net_device *dev)
{
	unsigned int i;

	for (i = 0; i < dev->num_tx_queues; i++)
		dev->txq[i].stopped = true;
}

/* Byte queue limits: the bytes in flight must come back, no more. */
bool __netdev_tx_sent_queue(struct netdev_queue *q, unsigned int bytes,
			    bool more)
{
	q->inflight += bytes;
	return !more;
}

void netdev_tx_completed_queue(struct netdev_queue *q, unsigned int pkts,
			       unsigned int bytes)
{
	if (bytes > q->inflight)
		abort();
	q->inflight -= bytes;
}

void netdev_tx_reset_queue(struct netdev_queue *q)
{
	q->inflight = 0;
}

/*
 * Grants: granting a granted reference is a bug. Ending one that is not
 * granted does nothing and succeeds, as in Xen's v1 table, where it
 * finds no access flags; a grant the peer maps cannot be ended.
 */
void gnttab_grant_foreign_access_ref(grant_ref_t ref, domid_t domid,
				     unsigned long frame, int readonly)
{
	if (ref >= GLUE_GREFS || granted[ref])
		abort();
	granted[ref] = true;
	grant_gen[ref]++;
	glue_counts.granted++;
}

void gnttab_page_grant_foreign_access_ref_one(grant_ref_t ref, domid_t domid,
					      struct page *page, int readonly)
{
	gnttab_grant_foreign_access_ref(ref, domid, xen_page_to_gfn(page),
					readonly);
}

bool gnttab_end_foreign_access_ref(grant_ref_t ref)
{
	if (ref >= GLUE_GREFS)
		abort();
	if (!granted[ref])
		return true;
	if (glue_peer.grant_busy[ref])
		return false;
	granted[ref] = false;
	glue_counts.granted--;
	return true;
}

bool gnttab_try_end_foreign_access(grant_ref_t ref)
{
	return gnttab_end_foreign_access_ref(ref);
}

/* Ends the grant whatever the peer does; the page is the kernel's again. */
void gnttab_end_foreign_access(grant_ref_t ref, struct page *page)
{
	if (ref >= GLUE_GREFS)
		abort();
	if (granted[ref]) {
		granted[ref] = false;
		glue_counts.granted--;
	}
	if (page)
		put_page(page);
}

/*
 * References are handed out in order from 0, never reused within an
 * input: a head is the next one to claim, count of them reserved.
 */
static grant_ref_t next_ref;
static unsigned int reserved;

int gnttab_alloc_grant_references(u16 count, grant_ref_t *head)
{
	if (next_ref + reserved + count > GLUE_GREFS)
		return -ENOSPC;
	*head = next_ref + reserved;
	reserved += count;
	return 0;
}

grant_ref_t gnttab_claim_grant_reference(grant_ref_t *head)
{
	if (!reserved)
		abort();
	reserved--;
	next_ref++;
	return (*head)++;
}

void gnttab_free_grant_references(grant_ref_t head)
{
	reserved = 0;
}

int xenbus_setup_ring(struct xenbus_device *dev, gfp_t gfp, void **vaddr,
		      unsigned int nr_pages, grant_ref_t *grefs)
{
	abort();
}

void xenbus_teardown_ring(void **vaddr, unsigned int nr_pages,
			  grant_ref_t *grefs)
{
	abort();
}

void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   int prot)
{
	void *va = aligned_alloc(PAGE_SIZE, count * PAGE_SIZE);
	unsigned int i;

	if (!va)
		abort();
	for (i = 0; i < count; i++)
		memcpy((u8 *)va + i * PAGE_SIZE, pages[i]->va, PAGE_SIZE);
	return va;
}

void vunmap(const void *addr)
{
	free((void *)addr);
}

struct page_pool *page_pool_create(const struct page_pool_params *pp)
{
	struct page_pool *pool = calloc(1, sizeof(*pool));

	if (!pool)
		abort();
	return pool;
}

void page_pool_destroy(struct page_pool *pool)
{
	free(pool);
}

void gnttab_free_grant_reference(grant_ref_t ref)
{
	if (ref >= GLUE_GREFS || granted[ref])
		abort();
}

bool glue_granted(grant_ref_t ref)
{
	return ref < GLUE_GREFS && granted[ref];
}

unsigned long glue_grant_gen(grant_ref_t ref)
{
	return ref < GLUE_GREFS ? grant_gen[ref] : 0;
}

/*
 * Xen copies from a granted page into one of ours: both spans must lie in
 * their page, and the destination bytes are written for ASan to check.
 */
void gnttab_batch_copy(struct gnttab_copy *op, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		GLUE_REQUIRE(op[i].source.offset + op[i].len <= XEN_PAGE_SIZE,
			     "a grant copy from past the granted page");
		GLUE_REQUIRE(op[i].dest.offset + op[i].len <= XEN_PAGE_SIZE,
			     "a grant copy to past the page");
		if (glue_peer.copy_fail & (1ULL << (i % 64))) {
			op[i].status = GNTST_general_error;
			continue;
		}
		memset((u8 *)(op[i].dest.u.gmfn << XEN_PAGE_SHIFT) +
		       op[i].dest.offset, 0x5a, op[i].len);
		op[i].status = GNTST_okay;
	}
}

void gnttab_foreach_grant_in_range(struct page *page, unsigned int offset,
				   unsigned int len, xen_grant_fn_t fn,
				   void *data)
{
	/* Xen pages are kernel pages here: one grant per call. */
	if (offset + len > PAGE_SIZE || !len)
		abort();
	fn(xen_page_to_gfn(page), offset, len, data);
}

void notify_remote_via_irq(int irq)
{
	glue_peer.notified++;
}

void xen_irq_lateeoi(unsigned int irq, unsigned int flags)
{
}

/*
 * XDP. The program runs under RCU and must leave data and data_end
 * where the adjust helpers could have put them.
 */
u32 bpf_prog_run_xdp(const struct bpf_prog *prog, struct xdp_buff *xdp)
{
	u32 act;

	GLUE_REQUIRE(glue_rcu_depth > 0, "an XDP program run outside RCU");
	act = prog->run(prog, xdp);
	GLUE_REQUIRE((u8 *)xdp->data >= (u8 *)xdp->data_hard_start &&
		     xdp->data <= xdp->data_end,
		     "an XDP program left data out of its buffer");
	return act;
}

int bpf_xdp_adjust_head(struct xdp_buff *xdp, int offset)
{
	u8 *data = (u8 *)xdp->data + offset;

	if (data < (u8 *)xdp->data_hard_start + sizeof(struct xdp_frame) ||
	    data > (u8 *)xdp->data_end - ETH_HLEN)
		return -EINVAL;
	xdp->data = data;
	xdp->data_meta = data + 1;
	return 0;
}

int bpf_xdp_adjust_tail(struct xdp_buff *xdp, int offset)
{
	u8 *end = (u8 *)xdp->data_end + offset;
	u8 *hard_end = (u8 *)xdp->data_hard_start + xdp->frame_sz -
		       GLUE_XDP_TAILROOM;

	if (end > hard_end || end < (u8 *)xdp->data + ETH_HLEN)
		return -EINVAL;
	xdp->data_end = end;
	return 0;
}

/* As the kernel's: the frame goes in the headroom, or there is none. */
struct xdp_frame *xdp_convert_buff_to_frame(struct xdp_buff *xdp)
{
	unsigned int headroom = (u8 *)xdp->data - (u8 *)xdp->data_hard_start;
	struct xdp_frame *f = xdp->data_hard_start;

	if (headroom < sizeof(*f))
		return NULL;
	/* The page must be one of ours, and live. */
	GLUE_REQUIRE(virt_to_page(xdp->data_hard_start)->refs > 0,
		     "an XDP buffer in a page nobody holds");
	GLUE_REQUIRE(xdp->rxq && xdp->rxq->reg,
		     "an XDP buffer of an unregistered queue");
	f->data = xdp->data;
	f->len = (u8 *)xdp->data_end - (u8 *)xdp->data;
	f->headroom = headroom - sizeof(*f);
	f->metasize = 0;
	f->frame_sz = xdp->frame_sz;
	f->mem_type = xdp->rxq->mem_type;
	f->pool = xdp->rxq->pool;
	f->magic = GLUE_XDP_FRAME_MAGIC;
	glue_counts.xdp_frames++;
	return f;
}

/*
 * A frame goes back once, and its page with it: a second return aborts,
 * or is a use after free for ASan once the page is gone.
 */
void xdp_return_frame(struct xdp_frame *xdpf)
{
	struct page *page;

	GLUE_REQUIRE(xdpf->magic == GLUE_XDP_FRAME_MAGIC,
		     "an XDP frame returned that is not live");
	xdpf->magic = 0;
	page = virt_to_page(xdpf->data);
	glue_counts.xdp_frames--;
	glue_counts.xdp_returned++;
	if (xdpf->mem_type == MEM_TYPE_PAGE_POOL)
		page_pool_put_full_page(xdpf->pool, page, false);
	else
		put_page(page);
}

/* Redirected frames: held by the "target" until the flush sends them. */
#define GLUE_XDP_BULK	16
static struct xdp_frame *redirected[GLUE_XDP_BULK];

void xdp_do_flush(void)
{
	long i;

	for (i = 0; i < glue_counts.xdp_redirect_queued; i++)
		xdp_return_frame(redirected[i]);
	glue_counts.xdp_redirect_queued = 0;
}

int xdp_do_redirect(struct net_device *dev, struct xdp_buff *xdp,
		    struct bpf_prog *prog)
{
	struct xdp_frame *f;

	GLUE_REQUIRE(glue_rcu_depth > 0, "an XDP redirect outside RCU");
	if (glue_peer.redirect_fail) {
		glue_peer.redirect_fail = false;
		return -ENOENT;
	}
	f = xdp_convert_buff_to_frame(xdp);
	if (!f)
		return -EOVERFLOW;
	/* A full bulk queue is sent there and then, as the devmap does. */
	if (glue_counts.xdp_redirect_queued == GLUE_XDP_BULK)
		xdp_do_flush();
	redirected[glue_counts.xdp_redirect_queued++] = f;
	return 0;
}

int xdp_rxq_info_reg(struct xdp_rxq_info *rxq, struct net_device *dev,
		     u32 queue_index, unsigned int napi_id)
{
	GLUE_REQUIRE(!rxq->reg, "an XDP rxq registered twice");
	memset(rxq, 0, sizeof(*rxq));
	rxq->dev = dev;
	rxq->queue_index = queue_index;
	rxq->reg = true;
	return 0;
}

int xdp_rxq_info_reg_mem_model(struct xdp_rxq_info *rxq,
			       enum xdp_mem_type type, void *allocator)
{
	GLUE_REQUIRE(rxq->reg, "a memory model for an unregistered rxq");
	GLUE_REQUIRE(type != MEM_TYPE_PAGE_POOL || allocator,
		     "a page pool memory model without a pool");
	rxq->mem_type = type;
	rxq->pool = allocator;
	return 0;
}

void xdp_rxq_info_unreg(struct xdp_rxq_info *rxq)
{
	GLUE_REQUIRE(rxq->reg, "an XDP rxq unregistered twice");
	memset(rxq, 0, sizeof(*rxq));
}

/* Between inputs: every grant is free, no page or skb is left. */
void glue_reset(void)
{
	memset(granted, 0, sizeof(granted));
	memset(grant_gen, 0, sizeof(grant_gen));
	next_ref = 0;
	reserved = 0;
	memset(&glue_peer, 0, sizeof(glue_peer));
	memset(&glue_counts, 0, sizeof(glue_counts));
	glue_rcu_depth = 0;
	jiffies = 0;
}
