# SPDX-License-Identifier: GPL-2.0
# interop: one cell of the {backend} x {frontend} matrix, named
# interop-<back>-<front>: the same traffic checks as basic, shorter, and
# where one of our drivers is in the pair (not with the 6.1 guest) the
# same over IPv6; with
# untrusted=1 the netfront runs with trusted=0 (lib.sh untrusted_checks).

interop_main() {
	check backend-load netback_load "$BACK" || return 1
	untrusted_start
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	check ring-layout ring_layout_ok
	check ring-page-order ring_order_ok
	traffic_checks 2 2
	# IPv6 in our pair and with stock 6.12 on either side; not with the
	# 6.1 guest, to keep check's time (basic runs our pair trusting).
	case $BACK/$FRONT in */stock61) ;; ours*/* | */ours) ipv6_checks 2 ;; esac
	untrusted_checks
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

interop_main
