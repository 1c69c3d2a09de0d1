# A hostile frontend against dom0's real blkback and netback, while an
# honest domU is served by the same backends (sourced by dom0-init.sh for
# testbed.run=fuzz; testbed.fuzz=SEED:HOSTILE_REQUESTS:SECONDS).
#
# The hostile domU boots without blkfront and netfront (initcall_blacklist)
# and runs testbed/workloads/hostile/ over its vbd xvdb (a loop disk), its
# vif and a second vbd xvdc on null_blk with every request taking
# $slow_s seconds: stuck storage, by design. While it closes xvdc with
# reads in flight, dom0 attaches a disk to the honest domU and times it
# (xenwatch must not wait for the hostile's I/O). Then it is destroyed with
# reads in flight on xvdc, and dom0 checks, each one a test:
#   hostile_frontend   the frontend's own verdict (result=PASS)
#   closing_served     after the hostile said Closing on xvdb, every read and
#                      write it went on with was answered OKAY (blkback serves
#                      until Closed, as a frontend that refuses to close needs)
#   honest_block       the honest domU's blktest: sweeps, 0 mismatches, 0 I/O errors
#   honest_net         the honest domU's TCP rounds to dom0, 0 errors
#   xenwatch_free      the attach finished while the hostile was still quiescing
#   no_grant_leak      the destroyed domain left Xen's domain list, and no
#                      grant of it is mapped (debug key 'g')
#   memory_back        Xen's free memory and dom0's available memory are back
#   devices_recreated  a new domU on the hostile's disk and vif is served
#   dom0_log_clean     no BUG, Oops, WARNING, lockup or hung task in dom0's log
# Prints "@@TESTBED fuzz NAME pass|fail DETAIL@@" per check, the hostile's
# lines between fuzz-hostile-begin/-end.

slow_s=12
spec=$(sed -n 's/.*testbed\.fuzz=\([0-9x]*:[0-9]*:[0-9]*\).*/\1/p' /proc/cmdline)
: "${spec:=1:2000:120}"
seed=${spec%%:*} rest=${spec#*:}
requests=${rest%%:*} seconds=${rest#*:}

check() { mark "fuzz $1 $2 $(echo "$3" | sed 's/@@//g')"; }
console() { cat "/var/log/xen/console/guest-$1.log" 2>/dev/null | tr -d '\r'; }
# wait_console DOMAIN PATTERN SECONDS: until the domain's console shows PATTERN.
wait_console() {
	w=0
	while ! console "$1" | grep -q "$2"; do
		[ $w -ge "$3" ] && return 1
		sleep 1
		w=$((w + 1))
	done
}
# loop_disk NAME MIB: a zeroed loop device.
loop_disk() {
	dd if=/dev/zero of="/run/$1.img" bs=1M count="$2" 2>/dev/null
	l=$(losetup -f) && losetup "$l" "/run/$1.img" || fail "no loop device for $1"
	echo "$l"
}
disk() { echo "\"format=raw,vdev=$1,access=rw,script=/etc/testbed/block-hotplug.sh,target=$2\""; }
vif() { echo "\"ip=$1,script=/etc/testbed/vif-hotplug.sh\""; }
now_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }	# busybox date has no %N
xen_free() { xl info | sed -n 's/^free_memory *: *//p'; }
dom0_avail() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo
}
# grants_of DOMID: Xen's table of the domain's grants that are mapped ('g').
grants_of() {
	xl debug-keys g
	xl dmesg -c | sed -n "/grant-table for remote d$1 /,/grant-table for remote d/p"
}

modprobe null_blk nr_devices=1 gb=1 irqmode=2 completion_nsec=$((slow_s * 1000000000)) ||
	fail "modprobe null_blk failed (CONFIG_BLK_DEV_NULL_BLK)"
# null_blk fails a request after 5 s (its own timeout): slow, not failing.
echo 60000 >/sys/block/nullb0/queue/io_timeout || fail "cannot set nullb0's io_timeout"
honest_disk=$(loop_disk honest 32)
hostile_disk=$(loop_disk hostile 16)
extra_disk=$(loop_disk extra 4)
iobench sink 5001 &
sink=$!
iobench source 5002 4 &	# as much as each round's recv reads
source=$!

xl create /etc/testbed/domu.cfg 'name="honest"' 'ramdisk="/boot/domu.cpio.gz"' 'vcpus=1' \
	'extra="console=hvc0 kunit.enable=0 panic=-1 testbed.honest=10.0.0.1"' \
	"disk=[$(disk xvdb "$honest_disk")]" "vif=[$(vif 10.0.0.2)]" \
	>/tmp/create-honest.log 2>&1 || fail "xl create honest failed: $(tail -1 /tmp/create-honest.log)"
wait_console honest '@@BLK sweep 1 ' "$timeout" || fail "the honest domU did not start its I/O"

xl dmesg -c >/dev/null
free0=$(xen_free) avail0=$(dom0_avail)
xl create /etc/testbed/domu.cfg 'name="hostile"' 'ramdisk="/boot/domu.cpio.gz"' 'vcpus=1' \
	"extra=\"console=hvc0 kunit.enable=0 panic=-1 initcall_blacklist=xlblk_init,netif_init testbed.hostile=$seed:$requests:$seconds\"" \
	"disk=[$(disk xvdb "$hostile_disk"),$(disk xvdc /dev/nullb0)]" "vif=[$(vif 10.0.1.2)]" \
	>/tmp/create-hostile.log 2>&1 || fail "xl create hostile failed: $(tail -1 /tmp/create-hostile.log)"
hostile_id=$(xl domid hostile)

# While the hostile closes its stuck vbd: another domain's vbd, timed.
if wait_console hostile '@@HOSTILE quiescing' $((seconds + 300)); then
	t0=$(now_ms)
	xl block-attach honest "format=raw,vdev=xvdc,access=rw,script=/etc/testbed/block-hotplug.sh,target=$extra_disk" \
		>/tmp/attach.log 2>&1
	rc=$?
	attach_ms=$(($(now_ms) - t0))
	# xenwatch held for the stuck reads would take the attach past them.
	pending=no
	console hostile | grep -q '@@HOSTILE quiesced' || pending=yes
	if [ $rc = 0 ] && [ $attach_ms -lt $((slow_s * 1000)) ]; then
		check xenwatch_free pass "vbd attached to the honest domU in ${attach_ms} ms (the stuck reads take ${slow_s} s); the hostile's close still waiting for them at the end: $pending"
	elif [ $rc != 0 ]; then
		check xenwatch_free fail "xl block-attach failed after ${attach_ms} ms: $(tail -1 /tmp/attach.log)"
	else
		check xenwatch_free fail "the attach took ${attach_ms} ms, as long as the stuck reads (${slow_s} s): xenwatch held?"
	fi
else
	check xenwatch_free fail "the hostile never reached its slow close"
fi

wait_console hostile '@@HOSTILE destroy-me' 120 || mark "error the hostile domU did not finish"
mark fuzz-hostile-begin
console hostile | grep '@@HOSTILE'
mark fuzz-hostile-end
if console hostile | grep -q '@@HOSTILE result.* result=PASS'; then
	check hostile_frontend pass "$(console hostile | grep -o 'blk_requests=[0-9]* blk_hostile=[0-9]*\|net_requests=[0-9]* net_hostile=[0-9]*' | tr '\n' ' ')0 findings"
else
	check hostile_frontend fail "$(console hostile | grep -E '@@HOSTILE (result|error|unexpected|late|unserved|stuck)' | tail -3 | tr '\n' ' ')"
fi
served=$(console hostile | sed -n 's/.*@@HOSTILE closing served=\([0-9]*\) of \([0-9]*\)@@.*/\1 \2/p' | tail -1)
if [ -n "$served" ] && [ "${served% *}" -gt 0 ] && [ "${served% *}" = "${served#* }" ]; then
	check closing_served pass "${served% *} of ${served#* } reads and writes after the hostile's Closing answered OKAY"
elif [ -n "$served" ]; then
	check closing_served fail "${served% *} of ${served#* } reads and writes after the hostile's Closing answered OKAY"
else
	check closing_served fail "the hostile printed no 'closing served' line: $(console hostile | grep -E '@@HOSTILE (stuck|error)' | tail -2 | tr '\n' ' ')"
fi

# Destroyed with reads in flight: the domain must leave once they complete.
xl destroy hostile
waited=0
while xl list | grep -q -E '^(hostile|\(null\)) '; do
	[ $waited -ge 90 ] && break
	sleep 1
	waited=$((waited + 1))
done
left=$(grants_of "$hostile_id")
if xl list | grep -q -E '^(hostile|\(null\)) '; then
	check no_grant_leak fail "domain $hostile_id still in Xen's list ${waited} s after xl destroy: $(echo "$left" | sed -n 2,4p | tr '\n' ' ')"
elif [ -n "$left" ]; then
	check no_grant_leak fail "grants of d$hostile_id still mapped: $(echo "$left" | sed -n 2,4p | tr '\n' ' ')"
else
	check no_grant_leak pass "domain $hostile_id gone ${waited} s after xl destroy, no grant of it mapped"
fi
free1=$(xen_free) avail1=$(dom0_avail)
if [ "$free1" -ge $((free0 - 1)) ] && [ "$avail1" -ge $((avail0 - 8)) ]; then
	check memory_back pass "Xen free ${free0} -> ${free1} MiB, dom0 available ${avail0} -> ${avail1} MiB"
else
	check memory_back fail "Xen free ${free0} -> ${free1} MiB, dom0 available ${avail0} -> ${avail1} MiB"
fi

# The hostile's devices again, with honest frontends.
xl create /etc/testbed/domu.cfg 'name="reborn"' 'ramdisk="/boot/domu.cpio.gz"' 'vcpus=1' \
	'extra="console=hvc0 kunit.enable=0 panic=-1 testbed.honest=10.0.1.1"' \
	"disk=[$(disk xvdb "$hostile_disk")]" "vif=[$(vif 10.0.1.2)]" \
	>/tmp/create-reborn.log 2>&1 || mark "error xl create reborn failed: $(tail -1 /tmp/create-reborn.log)"
if wait_console reborn '@@BLK sweep 1 .* errors 0 ioerrors 0' 180 && wait_console reborn '@@DOMU net round 1 ok' 60; then
	check devices_recreated pass "a new domU on the hostile's disk and vif: a blktest sweep and a TCP round"
else
	check devices_recreated fail "$(console reborn | grep -E '@@(BLK|DOMU|BENCH)' | tail -2 | tr '\n' ' ')"
fi
xl destroy reborn

# The honest domU, served all along.
sweep=$(console honest | grep -o '@@BLK sweep [0-9]* blocks [0-9]* errors [0-9]* ioerrors [0-9]*' | tail -1)
if echo "$sweep" | grep -q 'errors 0 ioerrors 0$'; then
	check honest_block pass "${sweep#@@BLK }"
else
	check honest_block fail "${sweep#@@BLK } $(console honest | grep '@@BLK mismatch' | head -1)"
fi
rounds=$(console honest | grep -c '@@DOMU net round [0-9]* ok')
errors=$(console honest | grep -c -E '@@(BENCH .* error|DOMU net round [0-9]* failed)')
if [ "$rounds" -gt 0 ] && [ "$errors" = 0 ]; then
	check honest_net pass "$rounds TCP rounds to dom0, 0 errors"
else
	check honest_net fail "$rounds TCP rounds, $errors errors: $(console honest | grep -E '@@DOMU net round [0-9]* failed' | head -1)"
fi
xl destroy honest
kill $sink $source 2>/dev/null

crashes=$(kernel_crashes; dmesg | grep -E 'soft lockup|hard LOCKUP|blocked for more than|hung_task')
if [ -z "$crashes" ]; then
	check dom0_log_clean pass "no BUG, Oops, WARNING, lockup or hung task; netback: $(dmesg | grep -c 'fatal error; disabling device') vif disabled as asked"
else
	check dom0_log_clean fail "$(echo "$crashes" | head -2 | tr '\n' ' ')"
fi
mark fuzz-consoles-begin
for d in honest reborn; do console $d | grep '@@' | tail -4 | sed "s/^/$d: /; s/@@//g"; done
mark fuzz-consoles-end
mark fuzz-dom0-log-begin
dmesg | grep -v -E 'grant already in use|already in the tree|Guest Rx ready' | tail -40
mark fuzz-dom0-log-end
