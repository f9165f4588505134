# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build of xen-netback and xen-netfront, and the project's
# entry points. See README.md.

# make install: for the running kernel when it is supported and has
# headers, else the newest 6.12 with headers (scripts/install-kver); every
# other target: the newest 6.12 with headers. KVER= or KDIR= overrides.
ifeq ($(origin KVER)$(origin KDIR),undefinedundefined)
ifneq ($(filter install,$(MAKECMDGOALS)),)
KVER := $(shell $(CURDIR)/scripts/install-kver)
endif
endif
KVER ?= $(shell $(CURDIR)/scripts/kver)
KDIR ?= /lib/modules/$(KVER)/build

.PHONY: all modules install clean check deps demo bench ringbench fuzz soak \
	ringbench-model ringbench-model-check deb compat

all: modules

# The kernels this release supports: dkms.conf's BUILD_EXCLUSIVE_KERNEL.
# Any other is refused before the compiler meets APIs it does not have.
SUPPORTED := $(shell sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"$$/\1/p' $(CURDIR)/dkms.conf)

modules:
	@rel=$$(cat $(KDIR)/include/config/kernel.release 2>/dev/null); \
	if [ -n "$$rel" ] && ! echo "$$rel" | grep -Eq '$(SUPPORTED)'; then \
		echo "xen-netdrivers: kernel $$rel is not supported: this release builds for 6.1 to 7.2 ($(SUPPORTED)); that kernel keeps its stock drivers" >&2; \
		exit 1; \
	fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# updates/ is searched before the kernel's own tree, so ours win in depmod.
# depmod and the initramfs check run for the kernel the modules went into:
# KDIR's release, whatever KVER says.
# INSTALL_MOD_PATH= installs into a staging root (depmod -b there).
install: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	rel=$$(cat $(KDIR)/include/config/kernel.release) && \
		depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a "$$rel" && \
		echo "installed into $(INSTALL_MOD_PATH)/lib/modules/$$rel/updates; depmod done" && \
		$(if $(INSTALL_MOD_PATH),:,scripts/initramfs-check "$$rel")

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

deps:
	scripts/deps

# The kernel range: both modules, W=1 + sparse, against Debian 12's 6.1,
# the 6.12 of make, and unstable's newest, one PASS/FAIL line each, from
# cached build roots (scripts/compat); make check builds 6.1 and 6.12.
compat:
	scripts/compat

check:
	scripts/check

# A fresh machine: the packages, our modules, then the lab; each step
# says what it cost.
demo:
	@t=$$(date +%s); scripts/deps; echo "make demo: deps $$(( $$(date +%s) - t )) s"
	@t=$$(date +%s); log=$$(mktemp); \
	$(MAKE) --no-print-directory modules >$$log 2>&1 || { tail -n 30 $$log; rm -f $$log; exit 1; }; \
	rm -f $$log; echo "make demo: our modules built in $$(( $$(date +%s) - t )) s"
	scripts/lab demo

bench: deps
	scripts/lab bench

# Not part of check: SOAK_MINUTES (30) of traffic and churn, then leaks.
soak: deps
	scripts/lab soak

# The fuzzers for longer than make check gives them: 10 minutes each.
fuzz:
	tests/fuzz/run 600

# Userspace: the drivers' ring code between two threads, classic vs v2.
ringbench:
	$(MAKE) -C tests/bench run

# Cache-line transfers per message, classic vs v2, from a MESI model fed
# with the ring code's own loads and stores (tests/bench/model.c).
ringbench-model:
	$(MAKE) -s -C tests/bench model

# The model's counts against tests/bench/model.expected: PASS/FAIL lines.
ringbench-model-check:
	$(MAKE) -s -C tests/bench model-check

# Debian packages: xen-netdrivers-dkms and xen-net-tools, and the native
# source package they come from, built with
# debhelper and dh-dkms from a copy of the tracked files (no objects of a
# local build, nothing written next to this tree), into DEB_OUT.
DEB_OUT ?= $(CURDIR)/deb-out
deb:
	rm -rf $(DEB_OUT)/build
	mkdir -p $(DEB_OUT)/build/xen-netdrivers
	git -C $(CURDIR) ls-files -z | \
		(cd $(CURDIR) && tar --null -T - -cf -) | \
		tar -xf - -C $(DEB_OUT)/build/xen-netdrivers
	cd $(DEB_OUT)/build/xen-netdrivers && \
		dpkg-buildpackage --build=full -us -uc >../build.log 2>&1 || \
		{ tail -n 30 ../build.log; exit 1; }
	mv $(DEB_OUT)/build/*.deb $(DEB_OUT)/build/*.dsc $(DEB_OUT)/build/*.tar.* \
		$(DEB_OUT)/build/*.changes $(DEB_OUT)/build/*.buildinfo $(DEB_OUT)/
	rm -rf $(DEB_OUT)/build
	@ls $(DEB_OUT)/*.deb
