// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback-hostile: the "state_flap" mode (issue #17). Once the
 * frontend connected, the backend goes away and comes back, again and
 * again, like a backend driver that keeps being unbound and bound: its
 * state walks Connected, Closing, Closed, InitWait, and once the frontend
 * says Connected again the frontend's keys are read and its rings mapped
 * anew, up to HBE_FLAPS times or for HBE_FLAP_MS. Most rounds wait for
 * the frontend to close before coming back (it must tear down and build
 * its data path again); every fourth does not (a reload faster than the
 * frontend's watch: it may see only some of the states, or none). The
 * last round waits, so that the round ends with both sides Connected on
 * the rings the frontend has now.
 *
 * While it runs, the xenbus callbacks leave the handshake to this loop
 * (be->flapping), which reads the frontend's state itself.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>

#include <xen/xenbus.h>

#include "hostile_be.h"

#define HBE_FLAPS		200
#define HBE_FLAP_MS		4000
/* How long one step waits for the frontend before it moves on. */
#define HBE_FLAP_WAIT_MS	1000

static enum xenbus_state hbe_fe_state(struct hbe *be)
{
	return xenbus_read_driver_state(be->dev->otherend);
}

/* Wait until the frontend is in one of states; false on timeout. */
static bool hbe_fe_wait(struct hbe *be, unsigned int states, bool *closed)
{
	unsigned long end = jiffies + msecs_to_jiffies(HBE_FLAP_WAIT_MS);

	for (;;) {
		enum xenbus_state s = hbe_fe_state(be);

		if (s == XenbusStateClosed || s == XenbusStateInitialising)
			*closed = true;
		if (BIT(s) & states)
			return true;
		if (time_after(jiffies, end))
			return false;
		usleep_range(500, 1000);
	}
}

/*
 * Back again: map what the frontend publishes once it is Connected. A
 * frontend still tearing down the rings we read fails the map; try again
 * on what it publishes next.
 */
static int hbe_flap_come_back(struct hbe *be, bool *closed)
{
	unsigned long end = jiffies + msecs_to_jiffies(HBE_FLAP_WAIT_MS);
	int err = -ETIMEDOUT;

	xenbus_switch_state(be->dev, XenbusStateInitWait);
	while (time_before(jiffies, end)) {
		if (!hbe_fe_wait(be, BIT(XenbusStateConnected), closed))
			return -ETIMEDOUT;
		err = hbe_connect(be);
		if (!err) {
			xenbus_switch_state(be->dev, XenbusStateConnected);
			return 0;
		}
		usleep_range(2000, 3000);
	}
	return err;
}

void hbe_state_flap(struct hbe *be)
{
	struct xenbus_device *dev = be->dev;
	unsigned long t0 = jiffies, end = t0 + msecs_to_jiffies(HBE_FLAP_MS);
	unsigned int i, n = 0, closed_n = 0, failed = 0;

	lockdep_assert_held(&be->lock);
	WRITE_ONCE(be->flapping, true);
	for (i = 0; i < HBE_FLAPS; i++) {
		bool last = i + 1 == HBE_FLAPS || !time_before(jiffies, end);
		bool closed = false;

		if (!xenbus_dev_is_online(dev))
			break;
		n++;
		hbe_disconnect(be);
		xenbus_switch_state(dev, XenbusStateClosing);
		if (i % 4 != 3 || last)
			hbe_fe_wait(be, BIT(XenbusStateClosing) |
				    BIT(XenbusStateClosed), &closed);
		xenbus_switch_state(dev, XenbusStateClosed);
		if (hbe_flap_come_back(be, &closed))
			failed++;
		closed_n += closed;
		if (last)
			break;
		/* Connected for a moment: the frontend may see it, or not. */
		usleep_range(2000, 3000);
	}
	WRITE_ONCE(be->flapping, false);
	pr_warn("%s: state_flap: %u flaps in %u ms, the frontend closed and came back in %u, %u without a connect; %s\n",
		dev->nodename, n, jiffies_to_msecs(jiffies - t0),
		closed_n, failed, be->connected ? "connected" : "not connected");
}
