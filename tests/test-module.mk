# SPDX-License-Identifier: GPL-2.0
#
# The build of a test-only module under tests/ (the hostile frontend and
# backend), included by its Makefile after obj-m: built on its own against
# the running kernel's headers, never installed, not part of the top-level
# build:
#   make -C tests/<dir> [KVER=...]
ifneq ($(KERNELRELEASE),)
# Our netif.h must shadow the kernel's copy at the same path, as in
# drivers/net/xen-netfront/Makefile; the pure netif code is shared.
NOSTDINC_FLAGS += -I$(src)/../../include
ccflags-y += -I$(src)/../../drivers/net/xen-netif \
	     -D'pr_fmt(fmt)=KBUILD_MODNAME ": " fmt'
else
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
KVER ?= $(shell $(ROOT)/scripts/kver)
KDIR ?= /lib/modules/$(KVER)/build

all:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

.PHONY: all clean
endif
