#!/bin/sh
# /init of the test bed's PV dom0 (busybox). The built-in KUnit suites have
# run by the time we get here; load the backends with modprobe, then their
# suites (modules of their own, which run as they load), hand one KTAP
# document of every suite's results to the harness, start the Xen
# toolstack (whichever the image carries: ours or stock), then run the KUnit
# domU and the checkpoint scenario, handing over each console, and power off.
# With testbed.run=migrate on the command line, run the migration scenarios
# (migrate.sh) instead; with testbed.run=bench, the backend benchmark
# (bench-backends.sh); with testbed.run=fuzz, a hostile frontend against
# the backends (fuzz.sh); with testbed.run=p2m-bench, the p2m content-update
# benchmark domUs; with testbed.run=debian, Debian's kernel with the series
# as a domU (make distro-test).
# Everything the harness reads sits between "@@TESTBED <name>@@" markers.

export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin
mark() { echo "@@TESTBED $*@@"; }
fail() { mark "error $*"; mark done; poweroff -f; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mkdir -p /run/xen /run/xenstored /var/lib/xen /var/log/xen/console /var/lib/xenstored
echo 1 >/proc/sys/kernel/printk          # keep the console quiet for the dumps

timeout=$(sed -n 's/.*testbed.timeout=\([0-9]*\).*/\1/p' /proc/cmdline)
: "${timeout:=300}"

. /etc/testbed/ktap.sh

# The backends are modules, and so are their KUnit suites, which run while
# modprobe loads them. Loading a backend must run none of them.
for m in xen-blkback xen-netback; do
	modprobe $m || fail "modprobe $m failed"
done
# shellcheck disable=SC2010 # suite names, no odd characters
ran=$(ls "$kunit_dir" | grep '^xen_\(blkback\|netback\)_' | tr '\n' ' ')
[ -z "$ran" ] || fail "loading xen-blkback and xen-netback ran KUnit suites: $ran"
for m in xen-blkback-kunit xen-netback-kunit; do
	modprobe $m || fail "modprobe $m failed"
done

# The harness judges dom0's crash lines (if any) and every suite's results.
mark dom0-kunit-begin
kernel_crashes
# shellcheck disable=SC2046 # one suite per word
ktap_of_suites $(ls "$kunit_dir")
mark dom0-kunit-end

mount -t xenfs xenfs /proc/xen || fail "cannot mount xenfs"
xenstored --pid-file=/run/xenstored.pid || fail "xenstored did not start"
xen-init-dom0 >/tmp/init-dom0.log 2>&1 || fail "xen-init-dom0 failed: $(tail -1 /tmp/init-dom0.log)"
xenconsoled --log=guest --log-dir=/var/log/xen/console --pid-file=/run/xenconsoled.pid ||
	fail "xenconsoled did not start"

# run_domu NAME [KEY=VALUE...]: start a domU of domu.cfg named NAME (with xl
# overrides), wait until it powered itself off (bounded), hand over its console.
run_domu() {
	name=$1
	shift
	xl create /etc/testbed/domu.cfg "name=\"$name\"" "$@" >/tmp/create.log 2>&1 ||
		fail "xl create $name failed: $(tail -1 /tmp/create.log)"
	waited=0
	while xl domid "$name" >/dev/null 2>&1; do
		if [ $waited -ge "$timeout" ]; then
			xl destroy "$name"
			mark "error domU $name still running after ${timeout}s"
			break
		fi
		sleep 2
		waited=$((waited + 2))
	done
	mark "$name-console-begin"
	cat "/var/log/xen/console/guest-$name.log"
	mark "$name-console-end"
}

case "$(sed -n 's/.*testbed\.run=\([a-z2-]*\).*/\1/p' /proc/cmdline)" in
migrate)
	. /etc/testbed/migrate.sh
	mark done
	poweroff -f
	;;
fuzz)
	. /etc/testbed/fuzz.sh
	mark done
	poweroff -f
	;;
bench)
	. /etc/testbed/bench-backends.sh
	mark done
	poweroff -f
	;;
debian)
	# Debian's cloud kernel with the series as a domU (make distro-test):
	# its KUnit modules loaded with modprobe, then the migration scenarios
	# of testbed.kernels=debian (testbed.only=steady).
	run_domu debian-kunit 'kernel="/boot/vmlinuz-debian"' 'ramdisk="/boot/domu-debian.cpio.gz"' \
		'extra="console=hvc0 testbed.kunit-modules=1 panic=-1"' 'vcpus=1'
	. /etc/testbed/migrate.sh
	mark done
	poweroff -f
	;;
p2m-bench)
	# The p2m content-update benchmark in the reference kernel (base +
	# the KUnit patch) and in ours, alternately, in this same run.
	[ -f /boot/bzImage-reference ] || fail "p2m-bench needs /boot/bzImage-reference"
	bench='extra="console=hvc0 kunit.filter_glob=xen_p2m_pv.p2m_bench_content_update kunit_shutdown=poweroff"'
	one_cpu='vcpus=1'
	for round in 1 2 3; do
		run_domu "bench-reference-$round" 'kernel="/boot/bzImage-reference"' "$bench" "$one_cpu"
		run_domu "bench-patched-$round" "$bench" "$one_cpu"
	done
	mark done
	poweroff -f
	;;
esac

# The domU runs KUnit at boot and powers itself off (kunit_shutdown).
run_domu domu

# checkpoint: xl save -c of a running domU (a cancelled suspend). Its KUnit
# run at boot made hundreds of p2m structure changes; the toolstack's view of
# the generation count must not go back, and the domU must go on running.
# The image goes to /dev/null: dom0's rootfs is a ramfs too small to hold it.
beats() {
	n=$(grep -c '@@DOMU heartbeat' /var/log/xen/console/guest-ckpt.log 2>/dev/null)
	echo "${n:-0}"
}
if [ -f /boot/domu.cpio.gz ]; then
	xl create /etc/testbed/domu.cfg 'name="ckpt"' 'ramdisk="/boot/domu.cpio.gz"' \
		'extra="console=hvc0 xen_p2m_tree panic=-1 oops=panic"' \
		>/tmp/create-ckpt.log 2>&1 || fail "xl create ckpt failed: $(tail -1 /tmp/create-ckpt.log)"
	waited=0
	while [ "$(beats)" -lt 3 ] && [ $waited -lt "$timeout" ]; do sleep 1; waited=$((waited + 1)); done
	before=$(xen-p2m-gen "$(xl domid ckpt)")
	rc=0
	xl save -c ckpt /dev/null >/tmp/save.log 2>&1 || rc=$?
	sleep 3
	after=$(xen-p2m-gen "$(xl domid ckpt)")
	b1=$(beats)
	sleep 3
	b2=$(beats)
	mark "checkpoint rc=$rc beats=$b1,$b2 before[$before] after[$after]"
	mark checkpoint-log-begin
	cat /tmp/save.log
	mark checkpoint-log-end
	xl destroy ckpt
fi

# The backends' suites again, while a domU's vbd and vif carry traffic.
. /etc/testbed/kunit-traffic.sh

mark done
poweroff -f
