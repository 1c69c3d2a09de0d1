#!/bin/sh
# /init of a long-running test bed domU (busybox): stay alive and say so once
# a second on the console, so that dom0 can tell the domain keeps running
# after a checkpoint or a migration.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "@@DOMU up@@"
beat=0
while true; do
	beat=$((beat + 1))
	echo "@@DOMU heartbeat $beat@@"
	sleep 1
done
