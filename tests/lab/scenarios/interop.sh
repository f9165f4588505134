# SPDX-License-Identifier: GPL-2.0
# interop: one cell of the {backend} x {frontend} matrix, named
# interop-<back>-<front>: the same traffic checks as basic, shorter.

# Ring layout v2 between our two drivers, classic with any stock peer
# (which neither offers nor asks for it).
ring_layout_ok() {
	local offer layout want=1
	offer=$(xenstore-read "/local/domain/0/backend/vif/$DOMID/0/feature-ring-layout-v2" 2>/dev/null)
	layout=$(xenstore-read "/local/domain/$DOMID/device/vif/0/ring-layout" 2>/dev/null)
	[ "$BACK" = ours ] && [ "$FRONT" = ours ] && want=2
	echo "feature-ring-layout-v2=${offer:-none} ring-layout=${layout:-none}, want layout $want"
	[ "${layout:-1}" = "$want" ]
}

interop_main() {
	check backend-load netback_load "$BACK" || return 1
	check domu-boot domu_start "lab-$SCEN" "$FRONT" 1 || return 1
	check ring-layout ring_layout_ok
	traffic_checks 2 2
	check domu-dmesg-clean domu_kmsg_clean
	domu_stop "lab-$SCEN"
	check dom0-dmesg-clean dom0_kmsg_clean "$SCEN"
}

interop_main
