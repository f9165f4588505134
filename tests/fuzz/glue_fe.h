/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What both netfront glue harnesses build on: the data path compiled
 * whole (tx.c, rx.c, queue.c), one device with one queue, and the
 * symbols of the files left out, which the harnesses never reach.
 */
#ifndef _FUZZ_GLUE_FE_H
#define _FUZZ_GLUE_FE_H

#include "../../drivers/net/xen-netfront/tx.c"
#include "../../drivers/net/xen-netfront/rx.c"
#include "../../drivers/net/xen-netfront/queue.c"

#include "glue_input.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static struct xennet_info np;
static struct xennet_queue q;
static struct xennet_queue_stats stats;
static struct net_device dev;
static struct netdev_queue txq;
static struct xenbus_device xbdev;

/* connect.c's and event.c's: never reached, events are not raised here. */
atomic_t xennet_grants_held;

irqreturn_t xennet_irq_tx(int irq, void *dev_id)
{
	abort();
}

irqreturn_t xennet_irq_rx(int irq, void *dev_id)
{
	abort();
}

irqreturn_t xennet_irq_both(int irq, void *dev_id)
{
	abort();
}

int xennet_poll(struct napi_struct *napi, int budget)
{
	abort();
}

/*
 * The device as connect leaves it before the queue's rings exist, from
 * the input's configuration byte: bit 0 the ring order, bit 1 layout v2,
 * bit 2 bounce buffers (trusted=0).
 */
static void glue_fe_device(u8 cfg)
{
	glue_reset();
	memset(&np, 0, sizeof(np));
	memset(&q, 0, sizeof(q));
	memset(&stats, 0, sizeof(stats));
	memset(&txq, 0, sizeof(txq));
	atomic_set(&xennet_grants_held, 0);
	dev = (struct net_device){ .num_tx_queues = 1, .txq = &txq,
				   .priv = &np };
	np.netdev = &dev;
	np.xbdev = &xbdev;
	np.queues = &q;
	np.num_queues = 1;
	np.stats = &stats;
	np.bounce = cfg & 4;
	np.ring_layout = cfg & 2 ? XNIF_LAYOUT_V2 : XNIF_LAYOUT_CLASSIC;
	np.ring_order = cfg & 1;
	q.info = &np;
	q.stats = &stats;
	dev.carrier = true;
	dev.real_num_tx_queues = 1;
}

/*
 * A staged pool of up to n pages, granted as staged.c grants them; short
 * of memory, a smaller one. Returns the pages granted.
 */
static inline unsigned int glue_fe_pool_build(unsigned int n)
{
	struct xennet_staged *s = &q.staged;
	grant_ref_t head;

	s->pages = kvcalloc(n, sizeof(*s->pages), GFP_KERNEL);
	s->refs = kvcalloc(n, sizeof(*s->refs), GFP_KERNEL);
	if (!s->pages || !s->refs || gnttab_alloc_grant_references(n, &head))
		abort();
	for (s->n = 0; s->n < n; s->n++) {
		s->pages[s->n] = alloc_page(GFP_KERNEL);
		if (!s->pages[s->n])
			break;
		s->refs[s->n] = gnttab_claim_grant_reference(&head);
		gnttab_page_grant_foreign_access_ref_one(s->refs[s->n], 0,
							 s->pages[s->n], 0);
	}
	gnttab_free_grant_references(head);
	return s->n;
}

/* The pool's pages and grants, as staged.c's xennet_staged_free(). */
static inline void glue_fe_pool_free(void)
{
	struct xennet_staged *s = &q.staged;
	unsigned int i;

	for (i = 0; i < s->n; i++)
		gnttab_end_foreign_access(s->refs[i], s->pages[i]);
	kvfree(s->pages);
	kvfree(s->refs);
	kvfree(s->tx_free);
	kvfree(s->tx_by_id);
	memset(s, 0, sizeof(*s));
}

/* After xennet_queue_free(): no page, skb or grant of the queue is left. */
static void require_nothing_left(void)
{
	GLUE_REQUIRE(!glue_counts.pages, "a page outlived the queue");
	GLUE_REQUIRE(!glue_counts.skbs, "an skb outlived the queue");
	GLUE_REQUIRE(!glue_counts.granted, "a grant outlived the queue");
	GLUE_REQUIRE(!atomic_read(&xennet_grants_held),
		     "grant references still counted");
}

/* queue.c's xennet_fatal() ran: the device is off and says why. */
static inline void check_disabled(void)
{
	enum xnif_rsp_err why = np.broken_reason;

	GLUE_REQUIRE(why > XNIF_RSP_OK && why < XNIF_RSP_ERR_MAX &&
		     atomic_long_read(&stats.rejected[why]) &&
		     np.fatal.f.why && !dev.carrier && txq.stopped,
		     "disabled without the whole disable path");
}

#endif
