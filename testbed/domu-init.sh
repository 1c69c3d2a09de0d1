#!/bin/sh
# /init of a long-running test bed domU (busybox): stay alive and say so once
# a second on the console, so that dom0 can tell the domain keeps running
# after a checkpoint or a migration. With testbed.mem=auto on the command
# line it also runs the migration workloads (testbed/workloads/): memtest over
# three quarters of the memory that stays free (also when balloon-churn takes
# the guest down to LOW), blktest over the second disk when there is one, and
# balloon-churn when testbed.churn=LOW:HIGH (MiB) is given; with
# testbed.grab=1 it asks its balloon driver for more than it may have, so
# that it sits at its max_pages and never follows a lowered target. With
# testbed.bench=ROUNDS it runs the backend benchmark instead and powers off;
# with testbed.traffic=1, disk and network traffic at once, in a loop; with
# testbed.honest or testbed.hostile, a part in testbed/fuzz.sh.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

arg() { sed -n "s/.*testbed\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }

# A distro kernel (make distro-test) has its Xen frontends as modules.
if [ -d /lib/modules ]; then
	modprobe xen-blkfront
	modprobe xen-netfront
fi
# testbed.kunit-modules=1: load KUnit's modules as a distro user does (the
# backends' suites are modules of their own, which pull in xen-blkback and
# xen-netback), print one KTAP document of every suite's results between
# markers, and power off.
if [ -n "$(arg kunit-modules)" ]; then
	for m in xen-blkback-kunit xen-netback-kunit; do
		modprobe $m || echo "@@DOMU error modprobe $m failed@@"
	done
	. /etc/testbed/ktap.sh
	echo "@@DOMU kunit-begin@@"
	kernel_crashes
	# shellcheck disable=SC2046 # one suite per word
	ktap_of_suites $(ls "$kunit_dir")
	echo "@@DOMU kunit-end@@"
	poweroff -f
fi
mem=$(arg mem)
churn=$(arg churn)
blk_ahead=$(arg blk-ahead)
if [ -n "$mem" ]; then
	# Keep locked pages where they are, so that the pfns memtest reports
	# are the frames the migration moved.
	echo 0 >/proc/sys/vm/compact_unevictable_allowed
	meminfo() { awk "/^$1:/ { print int(\$2 / 1024) }" /proc/meminfo; }
	free=$(meminfo MemAvailable)
	# When balloon-churn (or dom0: testbed.low=LOW) takes the guest down
	# to LOW MiB, the balloon takes what the guest has now minus LOW out of
	# what is available.
	low=$(arg low)
	[ -n "$churn" ] && low=${churn%:*}
	if [ -n "$low" ]; then
		now=$(($(cat /sys/devices/system/xen_memory/xen_memory0/info/current_kb) / 1024))
		free=$((free - (now - low)))
	fi
	mem=$((free * 3 / 4))
	echo "@@DOMU memtest over $mem MiB of $(meminfo MemAvailable) MiB available@@"
	memtest "$mem" &
	# testbed.blk-ahead=1 (Remus without disk replication): after a
	# failover the disk may be one pass ahead of blktest's memory.
	[ -b /dev/xvdb ] && blktest ${blk_ahead:+-a} /dev/xvdb &
	[ -n "$churn" ] && balloon-churn "${churn%:*}" "${churn#*:}" 1500 &
	# A guest that takes all it may: its balloon's own target (sysfs, not
	# xenstore) 1 GiB, set again each second over the one dom0 sets.
	[ -n "$(arg grab)" ] && while :; do
		echo 1048576 >/sys/devices/system/xen_memory/xen_memory0/target_kb
		sleep 1
	done &
fi
# testbed.bench=ROUNDS: the backend benchmark (testbed/bench-backends.sh):
# iobench over the second disk, and over the network when there is a vif.
rounds=$(arg bench)
if [ -n "$rounds" ]; then
	persist=$(arg persist)
	net=
	ip addr add 10.0.0.2/24 dev eth0 2>/dev/null && ip link set eth0 up && net=1
	i=0
	while [ $i -lt "$rounds" ]; do
		iobench disk /dev/xvdb 128 | sed "s/@@BENCH block-[a-z]*/&-persist-$persist/"
		[ -n "$net" ] && iobench send 10.0.0.1 5001 128 && iobench recv 10.0.0.1 5002 128
		i=$((i + 1))
	done
	echo "@@DOMU bench done@@"
	poweroff -f
fi
# testbed.traffic=1: block and network traffic at the same time, until the
# domain is destroyed (testbed/kunit-traffic.sh: dom0 runs the backends'
# suites meanwhile).
if [ -n "$(arg traffic)" ]; then
	ip addr add 10.0.0.2/24 dev eth0 && ip link set eth0 up
	(while true; do iobench disk /dev/xvdb 128 >/dev/null; done) &
	(while true; do iobench send 10.0.0.1 5001 128 >/dev/null; iobench recv 10.0.0.1 5002 128 >/dev/null; done) &
fi
# testbed.honest=DOM0_IP (testbed/fuzz.sh): served by the backends that a
# hostile domU attacks: blktest over the second disk, and TCP rounds to
# dom0 (iobench sink/source) in a loop, each said ok or failed.
honest=$(arg honest)
if [ -n "$honest" ]; then
	ip addr add "${honest%.*}.2/24" dev eth0 && ip link set eth0 up
	blktest /dev/xvdb 20 &
	(
		r=0
		while true; do
			r=$((r + 1))
			out=$(iobench send "$honest" 5001 4; iobench recv "$honest" 5002 4)
			case "$out" in
			*error*) echo "@@DOMU net round $r failed: $out@@" ;;
			*) echo "@@DOMU net round $r ok@@" ;;
			esac
		done
	) &
fi
# testbed.hostile=SEED:REQUESTS:SECONDS (testbed/fuzz.sh): this kernel bound
# no blkfront or netfront (initcall_blacklist); hostile (testbed/workloads/hostile/)
# speaks to the backends of xvdb, xvdc (the slow disk) and the vif itself.
hostile=$(arg hostile)
if [ -n "$hostile" ]; then
	seed=${hostile%%:*} rest=${hostile#*:}
	hostile -s "$seed" -n "${rest%%:*}" -t "${rest#*:}" -b device/vbd/51728 \
		-q device/vbd/51744 -v device/vif/0
fi
# testbed.gntoffer=DOMID, testbed.gntmap=1 (testbed/migrate.sh, the gntdev
# scenario): grant a page to DOMID; map the grant dom0 names in our
# data/gnt and hold it in our page tables.
gntoffer=$(arg gntoffer)
[ -n "$gntoffer" ] && gntshare offer "$gntoffer" &
[ -n "$(arg gntmap)" ] && gntshare map data/gnt &
echo "@@DOMU up@@"
beat=0
while true; do
	beat=$((beat + 1))
	echo "@@DOMU heartbeat $beat@@"
	sleep 1
done
