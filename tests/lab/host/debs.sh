# SPDX-License-Identifier: GPL-2.0
# The Debian packages the install and switch scenarios put into dom0
# (sourced by scripts/lab after common.sh).
#
# dom0 installs what 'make deb' builds. The lab's dom0 has no compiler
# and no kernel headers: DKMS building both modules there under TCG, plus
# gcc, make and the 6.12 headers in the image, would cost minutes of
# every check and hundreds of MB of image. So the modules come prebuilt:
# DKMS itself builds them here from the xen-netdrivers-dkms package (the
# same 'dkms build' its postinst runs, in private trees as tests/deb/run
# does), and they are packaged as xen-netdrivers-modules-<kernel>, files
# where 'dkms install' puts them (DEST_MODULE_LOCATION, updates/dkms) and
# depmod in its maintainer scripts, as DKMS's install does.
#
# Cached under $LAB_CACHE/debs-<hash of the tracked files and the
# kernel>; LAB_DEBS names the directory once built.

# What the packages are made of (debian/rules, the .install files):
# editing a scenario does not rebuild them.
debs_key() {
	(cd "$LAB_ROOT" && git ls-files -z debian drivers include Makefile Kbuild \
		Kconfig dkms.conf man bash-completion hotplug \
		'scripts/xen-net-*' scripts/kver scripts/install-kver \
		scripts/initramfs-check | xargs -0 sha256sum 2>/dev/null; kver612) |
		sha256sum | cut -c1-12
}

# modules_deb SRCROOT DKMSVER KVER OUTDIR: DKMS builds both modules from
# the unpacked xen-netdrivers-dkms package, then one binary package.
modules_deb() {
	local root=$1 ver=$2 k=$3 out=$4 work pkg ko f
	work=$(mktemp -d)
	mkdir -p "$work/dkms"
	unshare -m sh -c 'mount -t tmpfs dkms-key /var/lib/dkms && exec "$@"' sh \
		dkms build -m xen-netdrivers -v "$ver" -k "$k" \
		--sourcetree "$root/usr/src" --dkmstree "$work/dkms" \
		>"$out/dkms-build.log" 2>&1 || { rm -rf "$work"; return 1; }
	pkg=$work/pkg
	mkdir -p "$pkg/DEBIAN" "$pkg/lib/modules/$k/updates/dkms"
	for ko in xen-netback xen-netfront; do
		f=$(find "$work/dkms" -name "$ko.ko*" -path "*/$k/*" | head -n 1)
		[ -n "$f" ] || { rm -rf "$work"; return 1; }
		cp "$f" "$pkg/lib/modules/$k/updates/dkms/"
	done
	cat >"$pkg/DEBIAN/control" <<-EOC
	Package: xen-netdrivers-modules-$k
	Version: $ver
	Architecture: amd64
	Maintainer: Xen netdrivers maintainers <xen-netdrivers@lists.example.org>
	Section: kernel
	Priority: optional
	Provides: xen-netdrivers-modules
	Description: Xen PV network drivers, built by DKMS for $k (lab)
	 xen-netback and xen-netfront as xen-netdrivers-dkms builds and
	 installs them, for a host without a compiler.
	EOC
	printf '#!/bin/sh\nset -e\ndepmod -a %s\n' "$k" >"$pkg/DEBIAN/postinst"
	printf '#!/bin/sh\nset -e\ndepmod -a %s\n' "$k" >"$pkg/DEBIAN/postrm"
	chmod 755 "$pkg/DEBIAN/postinst" "$pkg/DEBIAN/postrm"
	dpkg-deb --root-owner-group -b "$pkg" "$out/xen-netdrivers-modules-${k}_${ver}_amd64.deb" >/dev/null ||
		{ rm -rf "$work"; return 1; }
	rm -rf "$work"
}

debs_build_locked() {
	local dir k ver t0 root
	dir=$LAB_CACHE/debs-$(debs_key)
	LAB_DEBS=$dir
	[ -f "$dir/.complete" ] && return 0
	t0=$(now)
	rm -rf "$dir"
	mkdir -p "$dir"
	say "make deb, then DKMS builds the modules from xen-netdrivers-dkms ($dir)"
	make -s -C "$LAB_ROOT" deb DEB_OUT="$dir/out" >"$dir/make-deb.log" 2>&1 ||
		die "make deb failed, see $dir/make-deb.log"
	cp "$dir"/out/xen-net-tools_*_all.deb "$dir"/out/xen-netdrivers-dkms_*_all.deb "$dir/"
	rm -rf "$dir/out"
	k=$(kver612)
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$LAB_ROOT/dkms.conf")
	root=$(mktemp -d)
	dpkg-deb -x "$dir"/xen-netdrivers-dkms_*_all.deb "$root"
	modules_deb "$root" "$ver" "$k" "$dir" ||
		{ rm -rf "$root"; die "DKMS build of the packaged sources failed, see $dir/dkms-build.log"; }
	rm -rf "$root"
	touch "$dir/.complete"
	say "packages ready in $(( $(now) - t0 ))s: $(cd "$dir" && ls ./*.deb | tr '\n' ' ')"
}

debs_build() { with_lock build debs_build_locked; }
