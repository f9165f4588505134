/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-netback-hostile: a test-only backend for "vif" devices that does the
 * handshake like a real backend, maps the rings of one queue of whatever
 * shape the frontend negotiated (queue count, ring order, layout v2,
 * split channels: the "queue" parameter picks the queue), and then lies
 * to the frontend in one chosen way (the mode), so that the lab can check
 * that a netfront survives a backend out to harm it: the guest keeps
 * running, only that device stops, and the frontend says why. Never
 * install it.
 *
 * It binds only the device its "target" parameter names, and only when
 * bound by hand (driver name "vif-hostile"): the lab unbinds netback from
 * a live device and binds this driver in its place, which is also a
 * backend going away and another coming back.
 */
#ifndef _XEN_NETBACK_HOSTILE_H
#define _XEN_NETBACK_HOSTILE_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <xen/grant_table.h>
#include <xen/xenbus.h>
#include <xen/interface/io/netif.h>

#include "ring.h"
#include "../hostile/fuzz_rng.h"

struct hbe {
	struct xenbus_device *dev;
	/* Serialises state changes, the attack and teardown. */
	struct mutex lock;
	bool connected;			/* rings mapped, channel bound */
	unsigned int queue;		/* the queue mapped and lied on */
	unsigned int order;		/* its rings' page order */
	enum xnif_ring_layout layout;
	struct delayed_work attack;
	unsigned int attack_tries;	/* waits for a TX request so far */

	void *tx_va;
	void *rx_va;
	struct xnif_ring tx;		/* backend view: req in, rsp out */
	struct xnif_ring rx;
	int tx_irq;			/* 0 while unbound */
	int rx_irq;			/* == tx_irq for one shared channel */
	u32 tx_rsp;			/* next TX response we write */
	u32 rx_rsp;			/* next RX response we write */

	/* A frontend page mapped and kept (grant_in_use modes). */
	struct page *held;
	grant_handle_t held_handle;
	bool holding;

	/* The "fuzz" mode's round (fuzz.c); fuzz_steps 0 before it. */
	struct fuzz_rng rng;
	u64 fuzz_seed;
	u64 fuzz_digest;
	unsigned int fuzz_steps;
	unsigned long fuzz_end;		/* jiffies */
	bool fuzz_done;			/* its last line printed */
	struct hbe_fuzz *fz;		/* the rest of the round, fuzz.c's */

	/* READ_ONCE: state_flap drives the handshake (flap.c). */
	bool flapping;
	/*
	 * While flapping, the frontend's state watch counts here and wakes
	 * the loop, which reads the state itself (no lock: a counter).
	 */
	atomic_t fe_events;
	wait_queue_head_t fe_wq;
};

/* main.c */
extern char *hbe_mode;
extern unsigned int hbe_queue;
extern unsigned long long hbe_seed;

int hbe_connect(struct hbe *be);
void hbe_disconnect(struct hbe *be);

/* attack.c */
void hbe_attack_work(struct work_struct *work);
void hbe_release_held(struct hbe *be);

/* flap.c */
void hbe_state_flap(struct hbe *be);

/* fuzz.c */
void hbe_fuzz_begin(struct hbe *be, unsigned long delay);
bool hbe_fuzz_run(struct hbe *be);
void hbe_fuzz_end(struct hbe *be, const char *why);
int hbe_fuzz_offer(struct xenbus_device *dev);
void hbe_fuzz_free(struct hbe *be);

#endif /* _XEN_NETBACK_HOSTILE_H */
