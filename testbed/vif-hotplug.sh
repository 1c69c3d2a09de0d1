#!/bin/sh
# libxl hotplug script for the test bed's network interfaces. Xen's own
# /etc/xen/scripts/vif-* need bash, which the busybox dom0 does not have.
# No bridge: dom0 and each domU talk over the vif itself, dom0 at x.y.z.1 of
# the domU's ip= (10.0.0.2 -> 10.0.0.1), so domUs on different /24s can
# have vifs at the same time (testbed/fuzz.sh).
# Called by libxl as `vif-hotplug.sh online|offline` with vif and XENBUS_PATH set.
case "$1" in
online)
	ip=$(xenstore-read "$XENBUS_PATH/ip") || exit 1
	ip addr add "${ip%.*}.1/24" dev "$vif" || exit 1
	ip link set "$vif" up || exit 1
	xenstore-write "$XENBUS_PATH/hotplug-status" connected
	;;
offline) ;;
esac
exit 0
