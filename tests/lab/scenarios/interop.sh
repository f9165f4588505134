# SPDX-License-Identifier: GPL-2.0
# interop: one cell of the {backend} x {frontend} matrix, named
# interop-<back>-<front>: the same traffic checks as basic, shorter.

interop_main() {
	check backend-load netback_load "$BACK" || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	check ring-layout ring_layout_ok
	check ring-page-order ring_order_ok
	traffic_checks 2 2
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

interop_main
