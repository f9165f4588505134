# SPDX-License-Identifier: GPL-2.0
# Image builder of the Xen lab (sourced by scripts/lab after common.sh).
#
# Produces, under $LAB_CACHE/<key>/:
#   xen.elf           the hypervisor, uncompressed (QEMU's -kernel needs ELF)
#   dom0.img          ext4 root of dom0: debootstrap minbase + xen-utils,
#                     upgraded from bookworm-updates/-security so xen-utils
#                     matches the hypervisor, plus /lib/modules/<6.12>
#   vmlinuz-612 initrd-612   dom0 kernel and its (host) initramfs
#   vmlinuz-61               the Debian 6.1 kernel, a second domU peer
#   domu-base.cpio.gz        busybox domU userspace without a netfront
#   domu-kmod.cpio.gz        kmod as modprobe/depmod/modinfo, for a domU
#                            that loads its netfront by modalias (install)
#   netfront-612.ko netfront-61.ko   stock frontends, decompressed
# The key is <6.12 release>_<6.1 release>_xen<version>_<hash of this
# directory>, so any change to a kernel, the hypervisor or these files
# builds a fresh set; old sets are left for `scripts/lab clean`.

DOM0_PKGS=xen-utils-4.17,xen-utils-common,iproute2,iperf3,ethtool,kmod,bridge-utils,iputils-ping,procps,busybox-static,netbase,bpftool
# Taken into the domU initramfs with their libraries (busybox covers the rest;
# iputils ping because busybox ping lacks -M do).
DOMU_BINS="/usr/bin/iperf3 /usr/sbin/ethtool /usr/bin/ping"
# The xdp scenario's tools, under /usr/lib/lab in the domU: iproute2's ip
# (busybox's has no xdp; it stays "ip" for every other scenario) and
# bpftool, to read the programs' maps.
DOMU_LAB_BINS="/usr/sbin/ip /usr/sbin/bpftool"

image_key() {
	local h
	h=$(cd "$LAB_DIR/image" && cat $(ls | sort) | sha256sum | cut -c1-10)
	echo "$(kver612)_$(kver61)_xen$(xen_version)_$h"
}

image_dir() { echo "$LAB_CACHE/$(image_key)"; }

# The debootstrapped and upgraded tree depends only on the package list, so
# it is cached on its own and survives kernel updates.
rootfs_build() {
	local dir=$1 log=$2
	local tmp=$dir.tmp
	[ -f "$dir/.complete" ] && return 0
	rm -rf "$tmp"
	say "debootstrap bookworm minbase + xen-utils (cold: ~3-6 min)"
	run_logged debootstrap "$log" debootstrap --variant=minbase \
		--include="$DOM0_PKGS" bookworm "$tmp" "$MIRROR"
	cat >"$tmp/etc/apt/sources.list" <<-EOS
	deb $MIRROR bookworm main
	deb $MIRROR bookworm-updates main
	deb $SECURITY_MIRROR bookworm-security main
	EOS
	# Daemons must not start inside the build chroot.
	printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
	chmod +x "$tmp/usr/sbin/policy-rc.d"
	say "upgrading the rootfs from bookworm-updates and bookworm-security"
	mount -t proc proc "$tmp/proc"
	run_logged "apt-get upgrade" "$log" chroot "$tmp" sh -c \
		'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get -y -q upgrade && apt-get clean' ||
		{ umount "$tmp/proc"; return 1; }
	umount "$tmp/proc"
	rm -rf "$tmp"/var/lib/apt/lists/*
	chroot "$tmp" dpkg-query -W -f='${Version}\n' xen-utils-4.17 >"$tmp/.xen-utils-version"
	touch "$tmp/.complete"
	rm -rf "$dir"
	mv "$tmp" "$dir"
}

# dom0.img: a copy of the rootfs plus the 6.12 modules and our stub init.
dom0_image_build() {
	local rootfs=$1 out=$2 log=$3 kver stage
	kver=$(kver612)
	stage=$out.stage
	rm -rf "$stage"
	say "assembling dom0 root (rootfs + /lib/modules/$kver)"
	cp -a "$rootfs" "$stage"
	rm -f "$stage/usr/sbin/policy-rc.d"
	mkdir -p "$stage/lib/modules"
	cp -a "/lib/modules/$kver" "$stage/lib/modules/"
	rm -f "$stage/lib/modules/$kver/build" "$stage/lib/modules/$kver/source"
	# After 'make install' (or DKMS) the host's updates/ and extra/ hold
	# our modules, which modprobe would prefer: the lab's "stock" side
	# must be Debian's own, so only kernel/ goes in, indexed afresh.
	rm -rf "$stage/lib/modules/$kver/updates" "$stage/lib/modules/$kver/extra"
	depmod -b "$stage" "$kver" ||
		{ say "depmod of the dom0 modules failed"; return 1; }
	install -m 755 "$LAB_DIR/image/dom0-init-stub" "$stage/sbin/lab-init"
	echo lab-dom0 >"$stage/etc/hostname"
	# xl keeps its state here; a tmpfs-less minimal init must find them.
	mkdir -p "$stage/var/lib/xen" "$stage/var/log/xen" "$stage/var/run/xen" "$stage/lab"
	truncate -s 2G "$out.tmp"
	run_logged "mkfs.ext4 dom0.img" "$log" mkfs.ext4 -q -F -L labdom0 \
		-d "$stage" "$out.tmp" 2G
	mv "$out.tmp" "$out"
	rm -rf "$stage"
}

# Copy BIN and the shared libraries it needs (as resolved inside ROOTFS)
# into the initramfs tree DEST.
copy_with_libs() {
	copy_as "$1" "$2" "$2" "$3"
}

# copy_as ROOTFS BIN NAME DEST: the same, with BIN installed as NAME.
copy_as() {
	local rootfs=$1 bin=$2 name=$3 dest=$4 lib
	mkdir -p "$dest$(dirname "$name")"
	cp -L "$rootfs$bin" "$dest$name"
	for lib in $(chroot "$rootfs" ldd "$bin" | awk '/\//{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }'); do
		mkdir -p "$dest$(dirname "$lib")"
		cp -L "$rootfs$lib" "$dest$lib"
	done
}

domu_base_build() {
	local rootfs=$1 out=$2 stage=$2.stage b
	rm -rf "$stage"
	say "building the domU busybox initramfs"
	mkdir -p "$stage"/bin "$stage"/sbin "$stage"/usr/bin "$stage"/usr/sbin \
		"$stage"/etc/init.d "$stage"/proc "$stage"/sys "$stage"/dev \
		"$stage"/tmp "$stage"/lib/modules "$stage"/root
	cp "$rootfs/bin/busybox" "$stage/bin/busybox"
	for b in $(chroot "$rootfs" /bin/busybox --list-full); do
		[ -e "$stage/$b" ] || ln -s /bin/busybox "$stage/$b"
	done
	for b in $DOMU_BINS; do
		# The real tool must win over busybox's applet of the same name.
		rm -f "$stage"/bin/"${b##*/}" "$stage"/sbin/"${b##*/}" \
			"$stage"/usr/bin/"${b##*/}" "$stage"/usr/sbin/"${b##*/}"
		copy_with_libs "$rootfs" "$b" "$stage"
	done
	for b in $DOMU_LAB_BINS; do
		copy_as "$rootfs" "$b" "/usr/lib/lab/${b##*/}" "$stage"
	done
	# x86-64 binaries look for the loader at /lib64.
	[ -e "$stage/lib64" ] || ln -s lib/x86_64-linux-gnu "$stage/lib64" 2>/dev/null || true
	copy_with_libs "$rootfs" /lib64/ld-linux-x86-64.so.2 "$stage" 2>/dev/null || true
	cp "$rootfs/etc/services" "$rootfs/etc/protocols" "$stage/etc/" 2>/dev/null || true
	echo 'root:x:0:0:root:/root:/bin/sh' >"$stage/etc/passwd"
	echo 'root:x:0:' >"$stage/etc/group"
	install -m 755 "$LAB_DIR/image/domu-init" "$stage/etc/init.d/rcS"
	install -m 755 "$LAB_DIR/image/domu-cmd" "$stage/bin/domu-cmd"
	install -m 644 "$LAB_DIR/image/domu-inittab" "$stage/etc/inittab"
	install -m 644 "$LAB_DIR/image/domu-mdev.conf" "$stage/etc/mdev.conf"
	printf '#!/bin/sh\nexec /bin/busybox init\n' >"$stage/init"
	chmod 755 "$stage/init"
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$stage"
}

# kmod (modprobe, depmod, modinfo, lsmod) with its libraries, as a second
# archive for the domU of the install and switch scenarios: its netfront
# is found by modalias in a real /lib/modules, and Debian's modules are
# xz-compressed, which busybox's modprobe cannot read.
domu_kmod_build() {
	local rootfs=$1 out=$2 stage=$2.stage b
	rm -rf "$stage"
	mkdir -p "$stage/sbin"
	copy_with_libs "$rootfs" /usr/bin/kmod "$stage"
	for b in modprobe depmod modinfo lsmod insmod rmmod; do
		ln -s /usr/bin/kmod "$stage/sbin/$b"
	done
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$stage"
}

# Decompress a Debian module (.ko.xz/.ko.zst/.ko): busybox insmod in the
# domU cannot read compressed modules.
module_plain() {
	local src=$1 out=$2
	case $src in
	*.xz) xz -dc "$src" >"$out" ;;
	*.zst) zstd -qdc "$src" >"$out" ;;
	*) cp "$src" "$out" ;;
	esac
}

find_module() { # KVER RELPATH-without-suffix
	ls "/lib/modules/$1/kernel/$2".ko* 2>/dev/null | head -n 1
}

images_build_locked() {
	local dir log rootfs k612 k61 t0
	dir=$(image_dir)
	[ -f "$dir/.complete" ] && return 0
	t0=$(now)
	k612=$(kver612) k61=$(kver61)
	[ -n "$k61" ] || die "no 6.1 kernel modules in /lib/modules (install linux-image-amd64)"
	[ -f "/boot/vmlinuz-$k61" ] || die "/boot/vmlinuz-$k61 missing"
	mkdir -p "$dir" "$LAB_LOGS"
	log=$LAB_LOGS/build-$(date +%Y%m%d-%H%M%S).log
	say "building lab images into $dir (log: $log)"
	rootfs=$LAB_CACHE/rootfs-$(echo "$DOM0_PKGS $MIRROR" | sha256sum | cut -c1-10)
	rootfs_build "$rootfs" "$log"
	say "dom0 xen-utils $(cat "$rootfs/.xen-utils-version"), hypervisor $(xen_version)"
	case $(cat "$rootfs/.xen-utils-version") in
	"$(xen_version)"*) ;;
	*) say "warning: xen-utils and hypervisor versions differ; xl may fail" ;;
	esac
	zcat "$(xen_gz)" >"$dir/xen.elf"
	cp "/boot/vmlinuz-$k612" "$dir/vmlinuz-612"
	cp "/boot/initrd.img-$k612" "$dir/initrd-612"
	cp "/boot/vmlinuz-$k61" "$dir/vmlinuz-61"
	module_plain "$(find_module "$k612" drivers/net/xen-netfront)" "$dir/netfront-612.ko"
	module_plain "$(find_module "$k61" drivers/net/xen-netfront)" "$dir/netfront-61.ko"
	dom0_image_build "$rootfs" "$dir/dom0.img" "$log"
	domu_base_build "$rootfs" "$dir/domu-base.cpio.gz"
	domu_kmod_build "$rootfs" "$dir/domu-kmod.cpio.gz"
	{
		echo "kernel_612=$k612"
		echo "kernel_61=$k61"
		echo "xen=$(xen_version)"
		echo "xen_utils=$(cat "$rootfs/.xen-utils-version")"
		echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$dir/versions"
	touch "$dir/.complete"
	say "images ready in $(( $(now) - t0 ))s: $dir"
}

images_build() { with_lock build images_build_locked; }
