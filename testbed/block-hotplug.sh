#!/bin/sh
# libxl hotplug script for the test bed's loop-backed disks. Xen's own
# /etc/xen/scripts/block needs bash, which the busybox dom0 does not have;
# for a phy: device all blkback needs is the device number.
# Called by libxl as `block-hotplug.sh add|remove` with XENBUS_PATH set.
case "$1" in
add)
	dev=$(xenstore-read "$XENBUS_PATH/params") || exit 1
	[ -b "$dev" ] || exit 1
	xenstore-write "$XENBUS_PATH/physical-device" "$(stat -L -c '%t:%T' "$dev")" \
		"$XENBUS_PATH/physical-device-path" "$dev" \
		"$XENBUS_PATH/hotplug-status" connected
	;;
remove) ;;
esac
exit 0
