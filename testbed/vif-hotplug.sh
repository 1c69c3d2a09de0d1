#!/bin/sh
# libxl hotplug script for the test bed's network interface. Xen's own
# /etc/xen/scripts/vif-* need bash, which the busybox dom0 does not have.
# The benchmark needs no bridge: dom0 and the one domU with a vif talk over
# the vif itself, dom0 at 10.0.0.1 and the domU at 10.0.0.2.
# Called by libxl as `vif-hotplug.sh online|offline` with vif and XENBUS_PATH set.
case "$1" in
online)
	ip addr add 10.0.0.1/24 dev "$vif" || exit 1
	ip link set "$vif" up || exit 1
	xenstore-write "$XENBUS_PATH/hotplug-status" connected
	;;
offline) ;;
esac
exit 0
