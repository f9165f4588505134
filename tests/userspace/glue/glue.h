/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the kernel and Xen interfaces the drivers' data
 * path glue calls (netfront tx.c and rx.c, netback tx.c and queue.c), so
 * the fuzzers in tests/fuzz compile those source files unchanged. Every
 * header under
 * include/ here is one line that pulls this file in; the pure-logic shims
 * in tests/userspace/include stay underneath.
 *
 * Pages, skbs and grants are modelled, not faked: a page is a real 4 KiB
 * allocation with a reference count, an skb owns its head and a page
 * reference per fragment, and every grant reference remembers whether it
 * is granted, so ASan and the harness see a leak, a double free or a use
 * of a page after its last reference. What the peer decides (a grant it
 * still maps, a copy Xen refuses) is a knob in struct glue_peer.
 */
#ifndef _GLUE_H
#define _GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <asm/barrier.h>
#include <asm/rwonce.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/types.h>

/* Compiler and core helpers; array sizes need a constant expression. */
#undef DIV_ROUND_UP
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define fallthrough		__attribute__((__fallthrough__))
#define __rcu
#define __counted_by(...)	/* no bounds checking here */
#define ____cacheline_aligned_in_smp
#define container_of(p, type, member)	\
	((type *)((char *)(p) - offsetof(type, member)))
#define from_timer(var, t, field)	container_of(t, __typeof__(*(var)), field)
#define WARN_ON_ONCE(c)		glue_warn(!!(c), __FILE__, __LINE__)
#define WARN_ON(c)		glue_warn(!!(c), __FILE__, __LINE__)
#define lockdep_assert_held(l)	((void)(l))
#define smp_processor_id()	0
#define net_ratelimit()		0
#define netdev_warn(dev, ...)	((void)(dev))
#define netdev_err(dev, ...)	((void)(dev))
#define HZ			100
#define NSEC_PER_USEC		1000ULL
#define IFNAMSIZ		16
#define ETH_HLEN		14
#define ETH_ALEN		6
#define ETH_P_IP		0x0800
#define ETH_P_IPV6		0x86DD
#define htons(x)		__builtin_bswap16(x)
#define DOMID_SELF		0x7FF0U

/* A WARN in the glue is a bug of ours whatever the peer did. */
bool glue_warn(bool cond, const char *file, int line);

typedef u16 domid_t;
typedef u32 evtchn_port_t;
typedef u64 dma_addr_t;
typedef u32 gfp_t;
typedef s64 ktime_t;
typedef s32 irqreturn_t;
typedef s32 netdev_tx_t;
#define NETDEV_TX_OK		0
#define GFP_ATOMIC		BIT(0)
#define GFP_KERNEL		BIT(1)
#define __GFP_NOWARN		BIT(2)
#define __GFP_ZERO		BIT(3)
#define INVALID_GRANT_REF	((grant_ref_t)-1)

/* Atomics, bits and locks: one thread, so plain operations. */
typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic_long_t;
#define atomic_read(a)		((a)->counter)
#define atomic_long_read(a)	((a)->counter)
#define atomic_long_inc(a)	((void)((a)->counter++))
#define atomic_inc(a)		((void)((a)->counter++))
#define atomic_dec(a)		((void)((a)->counter--))
#define atomic_add(v, a)	((void)((a)->counter += (v)))
#define atomic_sub(v, a)	((void)((a)->counter -= (v)))
#define atomic_set(a, v)	((void)((a)->counter = (v)))
#define atomic_or(v, a)		((void)((a)->counter |= (v)))
static inline int atomic_fetch_andnot(int v, atomic_t *a)
{
	int old = a->counter;

	a->counter &= ~v;
	return old;
}

static inline bool test_bit(long nr, const unsigned long *addr)
{
	return *addr & (1UL << nr);
}

static inline bool test_and_set_bit(long nr, unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	*addr |= 1UL << nr;
	return old;
}

static inline void set_bit(long nr, unsigned long *addr)
{
	*addr |= 1UL << nr;
}

typedef struct { s32 held; } spinlock_t;
struct mutex { int held; };
#define spin_lock(l)		((void)((l)->held++))
#define spin_unlock(l)		((void)((l)->held--))
#define spin_lock_bh(l)		spin_lock(l)
#define spin_unlock_bh(l)	spin_unlock(l)
#define spin_lock_init(l)	((void)((l)->held = 0))
struct list_head { struct list_head *next, *prev; };
struct rcu_head { void *next; };
struct work_struct { int pending; };
typedef struct { s32 waiters; } wait_queue_head_t;
struct task_struct;
struct cpumask;
#define NUMA_NO_NODE		(-1)
#define IS_ERR(p)		((unsigned long)(p) >= (unsigned long)-4095)
#define PTR_ERR(p)		((long)(p))
#define ERR_PTR(e)		((void *)(long)(e))
#define IS_ERR_OR_NULL(p)	(!(p) || IS_ERR(p))
#define wake_up(wq)		((void)(wq))
#define init_waitqueue_head(wq)	((void)((wq)->waiters = 0))
#define wake_up_process(t)	((void)(t))
#define kthread_stop(t)		((void)(t))
#define cpumask_local_spread(i, node)	((void)(node), (i) % 2U)
#define cpumask_of(cpu)		((void)(cpu), (const struct cpumask *)NULL)
#define set_cpus_allowed_ptr(t, mask)	((void)(t), (void)(mask), 0)
/* The queue thread's sleep: compiled, never run (no thread starts). */
#define TASK_INTERRUPTIBLE	1
#define DEFINE_WAIT(w)		int w = 0
#define prepare_to_wait(wq, w, state)	((void)(wq), (void)(w), (void)(state))
#define finish_wait(wq, w)	((void)(wq), (void)(w))
#define schedule_timeout(t)	((void)(t), 0L)
#define kthread_should_stop()	true
#define cond_resched()		((void)0)
/* Teardown's wait for mapped pages: no page is ever mapped here. */
#define wait_event_timeout(wq, cond, t)	((void)(wq), (void)(t), (long)!!(cond))
/* Threads are not started here: connecting a queue fails. */
#define kthread_create(fn, data, ...)	\
	((void)(fn), (void)(data), (struct task_struct *)(long)-ENOMEM)

/* Memory */
#define kvzalloc(size, gfp)	((void)(gfp), calloc(1, size))
#define kvcalloc(n, size, gfp)	((void)(gfp), calloc(n, size))
#define kvfree(p)		free(p)
struct dentry;
struct device;
struct attribute_group;
struct xenbus_watch { int registered; };
struct rtnl_link_stats64 { u64 rx_packets, tx_packets, rx_bytes, tx_bytes; };

/* Statistics: one writer in the drivers, plain counters here. */
struct u64_stats_sync { int seq; };
typedef struct { u64 v; } u64_stats_t;
#define u64_stats_update_begin(s)	((void)((s)->seq++))
#define u64_stats_update_end(s)		((void)((s)->seq++))
#define u64_stats_inc(c)		((void)((c)->v++))
#define u64_stats_add(c, n)		((void)((c)->v += (n)))
#define u64_stats_init(s)		((void)((s)->seq = 0))
#define u64_stats_read(c)		((c)->v)

/* Time and timers: the harness moves jiffies. */
extern unsigned long jiffies;
#define time_after(a, b)	((long)((b) - (a)) < 0)
struct timer_list { unsigned long expires; bool pending; };
enum hrtimer_restart { HRTIMER_NORESTART, HRTIMER_RESTART };
struct hrtimer {
	bool pending;
	enum hrtimer_restart (*function)(struct hrtimer *t);
};

enum hrtimer_mode { HRTIMER_MODE_REL_PINNED };
typedef s32 clockid_t;
#define CLOCK_MONOTONIC		1
#define timer_setup(t, fn, flags)	((void)(fn), (void)(flags), (t)->pending = false)
#define timer_delete_sync(t)	((void)((t)->pending = false))
#define hrtimer_init(t, clock, mode)	((void)(clock), (void)(mode), (t)->pending = false)
#define hrtimer_cancel(t)	((void)((t)->pending = false))
static inline int mod_timer(struct timer_list *t, unsigned long when)
{
	t->expires = when;
	t->pending = true;
	return 0;
}

static inline void hrtimer_start(struct hrtimer *t, ktime_t when, int mode)
{
	t->pending = true;
}

typedef __s64 time64_t;	/* long long, as printed */
#define ktime_get_boottime_seconds()	((time64_t)jiffies / HZ)
#define ns_to_ktime(ns)		((ktime_t)(ns))
u64 ktime_get_ns(void);
#define usecs_to_jiffies(us)	((unsigned long)(us) / 10000UL)

/* Pages: real 4 KiB allocations with a reference count. */
#define PAGE_SHIFT		12
#define PAGE_SIZE		BIT(PAGE_SHIFT)
#define XEN_PAGE_SHIFT		12
#define XEN_PAGE_SIZE		BIT(XEN_PAGE_SHIFT)
#define offset_in_page(p)	((unsigned long)(p) & (PAGE_SIZE - 1))
#define xen_offset_in_page(p)	((unsigned long)(p) & (XEN_PAGE_SIZE - 1))

struct page {
	void *va;
	int refs;
};

struct page *alloc_page(gfp_t gfp);
void get_page(struct page *page);
void put_page(struct page *page);
struct page *virt_to_page(const void *addr);
#define page_address(p)		((p)->va)
#define clear_highpage(p)	memset((p)->va, 0, PAGE_SIZE)
unsigned long virt_to_gfn(const void *addr);
unsigned long xen_page_to_gfn(struct page *page);

#define __free_page(p)		put_page(p)

/* Several pages seen as one area: a copy the ring code uses instead. */
#define VM_MAP			BIT(2)
#define PAGE_KERNEL		0
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   int prot);
void vunmap(const void *addr);

/* Page pools: pages recycle through put_page like any other. */
struct page_pool { int users; };
struct page_pool_params {
	unsigned int order;
	unsigned int pool_size;
	int nid;
	struct napi_struct *napi;
	struct net_device *netdev;
	unsigned int queue_idx;
};

struct page_pool *page_pool_create(const struct page_pool_params *pp);
void page_pool_destroy(struct page_pool *pool);
#define page_pool_dev_alloc_pages(pool)	((void)(pool), alloc_page(GFP_ATOMIC))
#define page_pool_put_full_page(pool, p, napi)	\
	((void)(pool), (void)(napi), put_page(p))

/* Socket buffers */
#define MAX_SKB_FRAGS		17
#define SKB_GSO_DODGY		BIT(1)
#define CHECKSUM_NONE		0
#define CHECKSUM_UNNECESSARY	1
#define CHECKSUM_PARTIAL	3
enum pkt_hash_types { PKT_HASH_TYPE_L3 = 2, PKT_HASH_TYPE_L4 = 3 };

typedef struct { struct page *page; u32 off; u32 size; } skb_frag_t;

struct skb_shared_info {
	u8 nr_frags;
	unsigned short gso_size;
	unsigned short gso_segs;
	unsigned int gso_type;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

struct sk_buff {
	unsigned char *head;	/* malloc'd linear area */
	struct page *head_page;	/* or a page holding data, one reference */
	unsigned char *data;
	unsigned int len;
	unsigned int data_len;
	unsigned int tail;	/* bytes used at head */
	unsigned int end;	/* bytes allocated at head */
	u8 ip_summed;
	u16 queue_mapping;
	u16 protocol;
	u16 csum_offset;
	u16 transport_header;
	u16 network_header;
	u32 hash;
	union {
		char cb[48];
		u64 cb_align;	/* the kernel aligns cb to 8 bytes */
	};
	struct skb_shared_info shinfo;
};

struct sk_buff_head { struct sk_buff *next, *prev; u32 qlen; spinlock_t lock; };

#define skb_shinfo(skb)		(&(skb)->shinfo)
#define skb_frag_page(f)	((f)->page)
#define skb_frag_off(f)		((f)->off)
#define skb_frag_size(f)	((f)->size)
#define skb_is_gso(skb)		(skb_shinfo(skb)->gso_size != 0)
#define skb_get_queue_mapping(skb)	((skb)->queue_mapping)
#define skb_record_rx_queue(skb, q)	((void)((skb)->queue_mapping = (q) + 1))
#define skb_mark_for_recycle(skb)	((void)(skb))
#define skb_tx_timestamp(skb)		((void)(skb))
#define skb_reset_network_header(skb)	((void)((skb)->network_header = 0))
#define skb_probe_transport_header(skb)	((void)(skb))
#define skb_transport_header_was_set(skb)	((skb)->transport_header != 0xffff)
#define skb_tcp_all_headers(skb)	((unsigned int)(skb)->transport_header + 20)
#define skb_set_hash(skb, h, t)		((void)(t), (void)((skb)->hash = (h)))

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

struct sk_buff *glue_alloc_skb(unsigned int headroom);
void kfree_skb(struct sk_buff *skb);
#define dev_kfree_skb_any(skb)		kfree_skb(skb)
#define napi_consume_skb(skb, budget)	((void)(budget), kfree_skb(skb))
void *__skb_put(struct sk_buff *skb, unsigned int len);
void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len);
void skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, int off,
		     int size, unsigned int truesize);
int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len);
bool pskb_may_pull(struct sk_buff *skb, unsigned int len);
int skb_checksum_setup(struct sk_buff *skb, bool recalculate);

/* Network devices and NAPI */
#define NAPI_POLL_WEIGHT		64
struct napi_struct {
	int scheduled;
	int (*poll)(struct napi_struct *napi, int budget);
};

struct netdev_queue { bool stopped; unsigned int inflight; };
struct net_device {
	unsigned int num_tx_queues;
	unsigned int real_num_tx_queues;
	struct netdev_queue *txq;
	void *priv;
	bool carrier;
	char name[IFNAMSIZ];
	u32 xdp_features;	/* only compat.h's setter writes it */
};

#define NETDEV_XDP_ACT_BASIC		BIT(0)
#define NETDEV_XDP_ACT_REDIRECT		BIT(1)
#define NETDEV_XDP_ACT_NDO_XMIT		BIT(2)

#define netdev_priv(dev)		((dev)->priv)
#define netdev_get_tx_queue(dev, i)	(&(dev)->txq[i])
/* The core's promise of another packet now; a harness plays the core. */
extern bool glue_xmit_more;
#define netdev_xmit_more()		glue_xmit_more
#define napi_schedule(n)		((void)((n)->scheduled++))
#define napi_complete(n)		((void)(n))
#define napi_complete_done(n, d)	((void)(n), (void)(d), true)
#define __netif_tx_lock(q, cpu)		((void)(q), (void)(cpu))
#define __netif_tx_unlock(q)		((void)(q))
#define __netif_tx_lock_bh(q)		((void)(q))
#define __netif_tx_unlock_bh(q)		((void)(q))
#define netif_tx_stop_queue(q)		((void)((q)->stopped = true))
#define netif_tx_wake_queue(q)		((void)((q)->stopped = false))
#define netif_tx_queue_stopped(q)	((q)->stopped)
#define netif_carrier_off(dev)		((void)((dev)->carrier = false))
#define netif_napi_add(dev, n, fn)	((void)(dev), (n)->poll = (fn))
#define netif_napi_del(n)		((void)((n)->poll = NULL))
#define napi_enable(n)			((void)(n))
#define napi_disable(n)			((void)(n))
#define netdev_info(dev, ...)		((void)(dev))
#define skb_queue_head_init(h)		memset(h, 0, sizeof(*(h)))
#define napi_alloc_skb(napi, len)	((void)(napi), glue_alloc_skb(len))
void netif_tx_stop_all_queues(struct net_device *dev);
bool __netdev_tx_sent_queue(struct netdev_queue *q, unsigned int bytes,
			    bool more);
void netdev_tx_completed_queue(struct netdev_queue *q, unsigned int pkts,
			       unsigned int bytes);
void netdev_tx_reset_queue(struct netdev_queue *q);
void napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);
int netif_receive_skb(struct sk_buff *skb);
u16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);

/*
 * RCU: one thread, so a read-side section is a depth the harness checks
 * (the XDP program runs inside one, and every poll leaves it at 0).
 */
extern s32 glue_rcu_depth;
#define rcu_read_lock()		((void)glue_rcu_depth++)
#define rcu_read_unlock()	((void)glue_rcu_depth--)
#define rcu_dereference(p)	(p)

/*
 * XDP, single buffer. A program is the harness's function, which may
 * move data and data_end as bpf_xdp_adjust_head()/_tail() allow and
 * returns any verdict. A frame lives in the headroom of its own page,
 * as in the kernel, and gives the page back once when returned; frames
 * redirected wait in the model until xdp_do_flush() "sends" them.
 */
#define XDP_PACKET_HEADROOM	256
#define XDP_XMIT_FLUSH		BIT(0)
#define XDP_XMIT_FLAGS_MASK	XDP_XMIT_FLUSH
#define SKB_DATA_ALIGN(x)	(((x) + 63) & ~63UL)
/* The kernel's sizeof(struct skb_shared_info) on x86-64. */
#define GLUE_XDP_TAILROOM	SKB_DATA_ALIGN(320)

enum xdp_action {
	XDP_ABORTED = 0,
	XDP_DROP,
	XDP_PASS,
	XDP_TX,
	XDP_REDIRECT,
};

enum xdp_mem_type {
	MEM_TYPE_PAGE_SHARED = 0,
	MEM_TYPE_PAGE_ORDER0,
	MEM_TYPE_PAGE_POOL,
};

struct xdp_rxq_info {
	struct net_device *dev;
	u32 queue_index;
	bool reg;
	enum xdp_mem_type mem_type;
	struct page_pool *pool;
};

struct xdp_buff {
	void *data;
	void *data_end;
	void *data_meta;
	void *data_hard_start;
	struct xdp_rxq_info *rxq;
	u32 frame_sz;
};

#define GLUE_XDP_FRAME_MAGIC	0x78647066U
struct xdp_frame {
	void *data;
	u16 len;
	u16 headroom;
	u32 metasize;
	u32 frame_sz;
	enum xdp_mem_type mem_type;
	struct page_pool *pool;
	u32 magic;	/* GLUE_XDP_FRAME_MAGIC while the frame is live */
};

struct bpf_prog {
	u32 (*run)(const struct bpf_prog *prog, struct xdp_buff *xdp);
};

static inline void xdp_init_buff(struct xdp_buff *xdp, u32 frame_sz,
				 struct xdp_rxq_info *rxq)
{
	xdp->frame_sz = frame_sz;
	xdp->rxq = rxq;
}

static inline void xdp_prepare_buff(struct xdp_buff *xdp,
				    unsigned char *hard_start, int headroom,
				    int data_len, const bool meta_valid)
{
	unsigned char *data = hard_start + headroom;

	xdp->data_hard_start = hard_start;
	xdp->data = data;
	xdp->data_end = data + data_len;
	xdp->data_meta = meta_valid ? data : data + 1;
}

u32 bpf_prog_run_xdp(const struct bpf_prog *prog, struct xdp_buff *xdp);
int bpf_xdp_adjust_head(struct xdp_buff *xdp, int offset);
int bpf_xdp_adjust_tail(struct xdp_buff *xdp, int offset);
#define bpf_warn_invalid_xdp_action(dev, prog, act)	\
	((void)(dev), (void)(prog), (void)(act))
#define trace_xdp_exception(dev, prog, act)	\
	((void)(dev), (void)(prog), (void)(act))
int xdp_do_redirect(struct net_device *dev, struct xdp_buff *xdp,
		    struct bpf_prog *prog);
void xdp_do_flush(void);
struct xdp_frame *xdp_convert_buff_to_frame(struct xdp_buff *xdp);
void xdp_return_frame(struct xdp_frame *xdpf);
int xdp_rxq_info_reg(struct xdp_rxq_info *rxq, struct net_device *dev,
		     u32 queue_index, unsigned int napi_id);
int xdp_rxq_info_reg_mem_model(struct xdp_rxq_info *rxq,
			       enum xdp_mem_type type, void *allocator);
void xdp_rxq_info_unreg(struct xdp_rxq_info *rxq);
#define xdp_rxq_info_is_reg(rxq)	((rxq)->reg)

/* Xen: grant references, event channels, xenbus */
struct xenbus_device { domid_t otherend_id; int state; };
struct xenbus_driver;

#include <xen/interface/grant_table.h>
#include <xen/interface/io/xenbus.h>

struct gnttab_copy {
	struct {
		union { grant_ref_t ref; unsigned long gmfn; } u;
		domid_t domid;
		u16 offset;
	} source, dest;
	u16 len;
	u16 flags;
	s16 status;
};

#define GNTCOPY_source_gref	1

/* Grant maps: only their layout, for staged_vif.h; nothing maps here. */
typedef u32 grant_handle_t;

struct gnttab_map_grant_ref {
	u64 host_addr;
	u32 flags;
	grant_ref_t ref;
	domid_t dom;
	s16 status;
	grant_handle_t handle;
	u64 dev_bus_addr;
};

struct gnttab_unmap_grant_ref {
	u64 host_addr;
	u64 dev_bus_addr;
	grant_handle_t handle;
	s16 status;
};

#define GNTST_okay		0
#define GNTST_general_error	(-1)

/* Grant references 0 .. GLUE_GREFS - 1 exist; each knows its state. */
#define GLUE_GREFS		4096
void gnttab_grant_foreign_access_ref(grant_ref_t ref, domid_t domid,
				     unsigned long frame, int readonly);
void gnttab_page_grant_foreign_access_ref_one(grant_ref_t ref, domid_t domid,
					      struct page *page, int readonly);
bool gnttab_end_foreign_access_ref(grant_ref_t ref);
bool gnttab_try_end_foreign_access(grant_ref_t ref);
void gnttab_end_foreign_access(grant_ref_t ref, struct page *page);
void gnttab_free_grant_reference(grant_ref_t ref);
int gnttab_alloc_grant_references(u16 count, grant_ref_t *head);
grant_ref_t gnttab_claim_grant_reference(grant_ref_t *head);
void gnttab_free_grant_references(grant_ref_t head);
void gnttab_batch_copy(struct gnttab_copy *op, unsigned int count);
typedef void (*xen_grant_fn_t)(unsigned long gfn, unsigned int offset,
			       unsigned int len, void *data);
void gnttab_foreach_grant_in_range(struct page *page, unsigned int offset,
				   unsigned int len, xen_grant_fn_t fn,
				   void *data);
void notify_remote_via_irq(int irq);
typedef irqreturn_t (*irq_handler_t)(int irq, void *data);
#define IRQ_HANDLED		1
#define IRQF_NO_AUTOEN		BIT(19)
#define XEN_EOI_FLAG_SPURIOUS	BIT(0)
#define enable_irq(irq)		((void)(irq))
#define disable_irq(irq)	((void)(irq))
/* Event channels are not bound here: connecting a queue fails. */
#define bind_interdomain_evtchn_to_irqhandler_lateeoi(dev, port, fn, fl, \
						      name, data)	\
	((void)(dev), (void)(port), (void)(fn), (void)(fl), (void)(name), \
	 (void)(data), -ENODEV)
#define unbind_from_irqhandler(irq, data)	((void)(irq), (void)(data))
int xenbus_map_ring_valloc(struct xenbus_device *dev, grant_ref_t *refs,
			   unsigned int nr, void **vaddr);
void xenbus_unmap_ring_vfree(struct xenbus_device *dev, void *vaddr);
/* Only for kernel pages larger than Xen's, never here. */
int xenbus_setup_ring(struct xenbus_device *dev, gfp_t gfp, void **vaddr,
		      unsigned int nr_pages, grant_ref_t *grefs);
void xenbus_teardown_ring(void **vaddr, unsigned int nr_pages,
			  grant_ref_t *grefs);
/* Event channels: allocated and bound, never raised by the harness. */
#define xenbus_alloc_evtchn(dev, port)	((void)(dev), *(port) = 7, 0)
#define xenbus_free_evtchn(dev, port)	((void)(dev), (void)(port))
/* Only compat.h names it; the glue never reads the peer's state. */
enum xenbus_state xenbus_read_driver_state(const char *path);
#define bind_evtchn_to_irqhandler_lateeoi(port, fn, fl, name, data)	\
	((void)(port), (void)(fn), (void)(fl), (void)(name), (void)(data), 40)
void xen_irq_lateeoi(unsigned int irq, unsigned int flags);

/* What the other side and Xen do, set by the harness. */
struct glue_peer {
	/* a grant the peer still maps: ending it fails */
	bool grant_busy[GLUE_GREFS];
	/* grant copies that fail, one bit per op index mod 64 */
	u64 copy_fail;
	/* memory pressure: alloc_page() fails with this many live, 0: never */
	unsigned int max_pages;
	unsigned int notified;
	/* the next xdp_do_redirect() fails */
	bool redirect_fail;
};

extern struct glue_peer glue_peer;

/* Harness bookkeeping, checked at the end of each input. */
struct glue_counts {
	long pages;		/* live pages */
	long skbs;		/* live skbs */
	long granted;		/* grant refs granted and not ended */
	long delivered;		/* skbs passed up the stack */
	long warned;		/* WARN_ON* that fired */
	/*
	 * XDP frames made and not returned. Not a leak by itself: a frame
	 * the driver gave up on before it went out is bytes in the headroom
	 * of a page the driver keeps, as in the kernel.
	 */
	long xdp_frames;
	long xdp_redirect_queued;	/* redirected, not flushed yet */
	long xdp_returned;	/* XDP frames returned */
};

extern struct glue_counts glue_counts;

/* A harness's invariant: say which one broke, then crash for the fuzzer. */
#define GLUE_REQUIRE(cond, why)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "invariant broken: %s\n", why);	\
			abort();					\
		}							\
	} while (0)
bool glue_granted(grant_ref_t ref);
/* How many times ref was granted since glue_reset(). */
unsigned long glue_grant_gen(grant_ref_t ref);
void glue_reset(void);

/* sysfs output */
#define scnprintf(buf, len, ...)	snprintf(buf, len, __VA_ARGS__)
#define sysfs_emit(buf, ...)		sprintf(buf, __VA_ARGS__)

/* Tracepoints compile to nothing. */
#define TP_PROTO(...)		__VA_ARGS__
#define TP_ARGS(...)		__VA_ARGS__
#define TRACE_DEFINE_ENUM(x)	static_assert((x) >= 0)
#define TRACE_EVENT(name, proto, ...)	\
	static inline void trace_##name(proto) { }
#define DECLARE_EVENT_CLASS(name, ...)	struct trace_class_##name
#define DEFINE_EVENT(class, name, proto, ...)	\
	static inline void trace_##name(proto) { struct trace_class_##class *c; (void)c; }

#endif /* _GLUE_H */
