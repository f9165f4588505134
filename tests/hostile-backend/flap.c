// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback-hostile: the "state_flap" mode (issue #17). Once the
 * frontend connected, the backend goes away and comes back, again and
 * again, like a backend driver that keeps being unbound and bound: its
 * state walks Connected, Closing, Closed, InitWait, and once the frontend
 * says Connected again the frontend's keys are read and its rings mapped
 * anew, up to HBE_FLAPS times or for HBE_FLAP_MS. Three rounds in four:
 *
 *   polite  wait for the frontend to close before coming back (it must
 *           tear down and build its data path again);
 *   rude    (every fourth) do not: a reload faster than the frontend's
 *           watch, which may see only some of the states, or none, and
 *           may still say Connected while it frees the rings we map;
 *   skip    (the round after a rude one) polite, then straight from
 *           Closed to Connected without InitWait and without mapping
 *           anything, like a backend rebound with stale state, for
 *           HBE_SKIP_MS; the frontend, Closed or Closing, must build
 *           nothing for it (it must not reach Connected). Then the
 *           backend behaves: InitWait, and Connected on the new rings.
 *
 * The last round waits, so that the run ends with both sides Connected
 * on the rings the frontend has now.
 *
 * While it runs, the xenbus callbacks leave the handshake to this loop
 * (be->flapping) and only wake it (be->fe_wq): each wait reads the
 * frontend's state when its watch fires, not on a timer, so that the
 * loop neither sleeps past a change nor keeps xenstored busy polling.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/wait.h>

#include <xen/xenbus.h>

#include "hostile_be.h"

#define HBE_FLAPS		200
#define HBE_FLAP_MS		4000
/*
 * The most one step waits for the frontend. Woken by the watch, a step
 * waits this long only for a frontend that does not move at all.
 */
#define HBE_FLAP_WAIT_MS	1000
/* How long the backend that skipped InitWait stays Connected. */
#define HBE_SKIP_MS		50
/* Maps one come-back tries (each failure sends the frontend round). */
#define HBE_MAP_TRIES		4

/* What one run did, for its last line. */
struct hbe_flap {
	unsigned int n;			/* rounds begun */
	unsigned int closed;		/* rounds the frontend closed in */
	unsigned int failed;		/* rounds that ended without a connect */
	unsigned int map_failed;	/* maps of rings being freed */
	unsigned int skipped;		/* rounds that skipped InitWait */
	unsigned int skip_connected;	/* ... in which the frontend connected */
	unsigned int skip_closing;	/* ... that found it Closing */
	unsigned int skip_back;		/* ... that ended connected again */
	bool closed_now;		/* this round saw it Closed or Initialising */
};

static enum xenbus_state hbe_fe_state(struct hbe *be)
{
	return xenbus_read_driver_state(be->dev->otherend);
}

/*
 * Wait until the frontend is in one of states, reading its state at each
 * of its watch events; false after ms.
 */
static bool hbe_fe_wait(struct hbe *be, unsigned int states,
			struct hbe_flap *f, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	for (;;) {
		int seen = atomic_read(&be->fe_events);
		enum xenbus_state s = hbe_fe_state(be);
		long left;

		if (s == XenbusStateClosed || s == XenbusStateInitialising)
			f->closed_now = true;
		if ((unsigned int)s < 32 && (BIT(s) & states))
			return true;
		left = (long)(end - jiffies);
		if (left <= 0)
			return false;
		wait_event_timeout(be->fe_wq,
				   atomic_read(&be->fe_events) != seen, left);
	}
}

/*
 * Back again: map what the frontend publishes once it is Connected. A
 * frontend that says Connected may be freeing those very rings (it read
 * our Closing and has not written its Closed yet): the map fails, and
 * xenbus_map_ring_valloc() has put us in Closing (xenbus_dev_fatal()),
 * which the frontend follows to Closed, where it waits for us. So do not
 * wait for a Connected then: let it leave Connected, offer InitWait again
 * and map what it publishes next.
 */
static int hbe_flap_come_back(struct hbe *be, struct hbe_flap *f)
{
	unsigned int tries;
	int err = -ETIMEDOUT;

	for (tries = 0; tries < HBE_MAP_TRIES; tries++) {
		xenbus_switch_state(be->dev, XenbusStateInitWait);
		if (!hbe_fe_wait(be, BIT(XenbusStateConnected), f,
				 HBE_FLAP_WAIT_MS))
			return -ETIMEDOUT;
		err = hbe_connect(be);
		if (!err) {
			xenbus_switch_state(be->dev, XenbusStateConnected);
			return 0;
		}
		f->map_failed++;
		hbe_fe_wait(be, ~(unsigned int)BIT(XenbusStateConnected), f,
			    HBE_FLAP_WAIT_MS);
	}
	return err;
}

/*
 * A backend rebound with stale state: from Closed straight to Connected,
 * nothing offered, nothing mapped. The frontend must build nothing for
 * it, so must not reach Connected while it lasts.
 */
static void hbe_flap_skip(struct hbe *be, struct hbe_flap *f)
{
	f->skipped++;
	xenbus_switch_state(be->dev, XenbusStateConnected);
	if (hbe_fe_wait(be, BIT(XenbusStateConnected), f, HBE_SKIP_MS))
		f->skip_connected++;
	else if (hbe_fe_state(be) == XenbusStateClosing)
		f->skip_closing++;
}

void hbe_state_flap(struct hbe *be)
{
	struct xenbus_device *dev = be->dev;
	unsigned long t0 = jiffies, end = t0 + msecs_to_jiffies(HBE_FLAP_MS);
	struct hbe_flap f = {};
	unsigned int i;

	lockdep_assert_held(&be->lock);
	WRITE_ONCE(be->flapping, true);
	for (i = 0; i < HBE_FLAPS; i++) {
		bool last = i + 1 == HBE_FLAPS || !time_before(jiffies, end);
		bool rude = i % 4 == 3 && !last, skip = false;

		if (!xenbus_dev_is_online(dev))
			break;
		f.n++;
		f.closed_now = false;
		hbe_disconnect(be);
		xenbus_switch_state(dev, XenbusStateClosing);
		/* Skip only once the frontend let go: it is Closed or Closing. */
		if (!rude)
			skip = hbe_fe_wait(be, BIT(XenbusStateClosing) |
					   BIT(XenbusStateClosed), &f,
					   HBE_FLAP_WAIT_MS) && i % 4 == 0;
		xenbus_switch_state(dev, XenbusStateClosed);
		if (skip)
			hbe_flap_skip(be, &f);
		if (hbe_flap_come_back(be, &f))
			f.failed++;
		else if (skip)
			f.skip_back++;
		f.closed += f.closed_now;
		if (last)
			break;
		/* Connected for a moment: the frontend may see it, or not. */
		usleep_range(2000, 3000);
	}
	WRITE_ONCE(be->flapping, false);
	pr_warn("%s: state_flap: %u flaps in %u ms, the frontend closed and came back in %u, %u without a connect, %u maps of rings being freed; skipped InitWait %u times: the frontend connected in %u, was Closing in %u, connected again after %u; %s\n",
		dev->nodename, f.n, jiffies_to_msecs(jiffies - t0), f.closed,
		f.failed, f.map_failed, f.skipped, f.skip_connected,
		f.skip_closing, f.skip_back,
		be->connected ? "connected" : "not connected");
}
