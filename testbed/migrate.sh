# Migration scenarios of the test bed, sourced by dom0-init.sh (busybox sh)
# when the command line says testbed.run=migrate, after the toolstack is up.
#
# For each kernel of testbed.kernels (patched, reference or both: ours and
# the unpatched reference; or debian: Debian's cloud kernel with the series,
# make distro-test) and each scenario, boot a PV domU running the workloads (memtest, blktest on a loop-backed second
# disk served by blkback, balloon-churn), then checkpoint and migrate it to
# localhost with `xl migrate -s '' DOM 'exec xl migrate-receive'`. After each
# one, wait until both workloads have swept all of their memory and blocks
# again, and print one record:
#   @@TESTBED migration kernel=K toolstack=T scenario=S action=A expect=E rc=RC
#     secs=T gen=G0:G1 ... stream=BYTES records=R changed=PAGES mem_err=N
#     blk_err=N io_err=N verify=N alive=yes|no reason=...@@
# (stream and records: the bytes the receiver read and the stream's records,
# testbed/stream-count.c; changed: the p2m entries the guest changed while
# the sender ran, see act(); target=T0:T1 want_target=W target_sent=S: the
# guest's memory/target in KiB before the migration and at the destination,
# the one it must have there, and the one our sender sent because it moved
# during the migration.)
# (T is dom0's toolstack, testbed.toolstack: ours or stock.)
# scripts/reports/migration_report.py turns the records into the table and the JSON.
# testbed.rounds=N repeats each scenario's migrations N times
# (testbed.product-rounds=N for our kernel with our toolstack);
# testbed.only=A+B runs only those scenarios; testbed.corrupt=1 is the
# harness's negative control: dom0 overwrites one block of the domU's disk
# behind its back after each action, which must show as a block mismatch.

cfg=/etc/testbed/domu.cfg
con=/var/log/xen/console
cmdarg() { sed -n "s/.*testbed\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
rounds=$(cmdarg rounds)
: "${rounds:=1}"
product_rounds=$(cmdarg product-rounds)
: "${product_rounds:=$rounds}"
only=$(cmdarg only | tr + '|')
: "${only:=.*}"
corrupt=$(cmdarg corrupt)
toolstack=$(cmdarg toolstack)
kernels=$(cmdarg kernels | tr + ' ')
: "${kernels:=patched}"
mig_timeout=300      # one xl migrate / xl save, seconds
sweep_timeout=240    # workloads re-verifying everything, seconds
# xl remus: checkpoints before the primary is killed (testbed.remus-checkpoints=N),
# and how long Remus may take to reach them and a p2m structure change, seconds.
remus_checkpoints=$(cmdarg remus-checkpoints)
: "${remus_checkpoints:=30}"
remus_timeout=420

# write_config FILE NAME KEY=VALUE...: domu.cfg with these keys replaced.
write_config() {
	file=$1 name=$2
	shift 2
	keys="name"
	for kv in "$@"; do keys="$keys\\|${kv%%=*}"; done
	sed "/^\\($keys\\) *=/d" "$cfg" >"$file"
	echo "name = \"$name\"" >>"$file"
	for kv in "$@"; do echo "$kv" >>"$file"; done
}

# progress NAME: "MEM_SWEEP BLK_SWEEP MEM_ERR BLK_ERR IO_ERR BLK_AHEAD" from the
# domU's console logs (xenconsoled starts a --incoming log at each
# migration; the counters only grow, so the largest value is the latest).
progress() {
	cat "$con/guest-$1.log" "$con/guest-$1--incoming.log" 2>/dev/null | tr -d '\r' | awk '
		function val(key,   i) { for (i = 1; i < NF; i++) if ($i == key) return $(i + 1) + 0; return 0 }
		/@@MEM sweep/ { if (val("sweep") > ms) ms = val("sweep"); if (val("errors") > me) me = val("errors") }
		/@@BLK sweep/ { if (val("sweep") > bs) bs = val("sweep"); if (val("errors") > be) be = val("errors")
				if (val("ioerrors") > bi) bi = val("ioerrors"); if (val("ahead") > ba) ba = val("ahead") }
		END { print ms + 0, bs + 0, me + 0, be + 0, bi + 0, ba + 0 }'
}

# wait_sweeps NAME MEM BLK: wait until memtest has finished sweep MEM and
# blktest sweep BLK; false after $sweep_timeout seconds.
wait_sweeps() {
	waited=0
	while [ $waited -lt $sweep_timeout ]; do
		set -- "$1" "$2" "$3" $(progress "$1")
		[ "$4" -ge "$2" ] && [ "$5" -ge "$3" ] && return 0
		sleep 2
		waited=$((waited + 2))
	done
	return 1
}

# check_alive NAME: alive=yes once the domain exists and both workloads
# have finished two more sweeps than when this was called, so that every
# page and block was verified after the action (the sweep in progress may
# have begun before it ended); else alive=no, with the reason added.
check_alive() {
	set -- "$1" $(progress "$1")
	alive=yes
	if ! xl domid "$1" >/dev/null 2>&1; then
		alive=no reason="${reason:+$reason; }the domain is gone"
	elif ! wait_sweeps "$1" $(($2 + 2)) $(($3 + 2)); then
		alive=no reason="${reason:+$reason; }workloads made no progress for ${sweep_timeout}s"
	fi
}

# p2m_export NAME KEY: one value of what xen-p2m-gen reads (generation, pages).
p2m_export() {
	id=$(xl domid "$1" 2>/dev/null) && xen-p2m-gen "$id" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# target NAME: the domain's memory/target in KiB.
target() {
	id=$(xl domid "$1" 2>/dev/null) && xenstore-read "/local/domain/$id/memory/target" 2>/dev/null
}

# held NAME: how often the guest said it still reads the granted page
# right (gntshare map, every 2 s).
held() {
	cat "$con/guest-$1.log" "$con/guest-$1--incoming.log" 2>/dev/null | grep -c '@@GNT held .* value=ok'
}

# grant_to NAME: another domain (granter) grants a page to NAME, which
# maps it (gntdev) and holds it.
grant_to() {
	bid=$(xl domid "$1")
	# A subshell: write_config sets name.
	(write_config /tmp/granter.cfg granter "kernel=\"/boot/bzImage\"" \
		"ramdisk=\"/boot/domu.cpio.gz\"" "memory=64" "maxmem=64" \
		"extra=\"console=hvc0 kunit.enable=0 testbed.gntoffer=$bid\"")
	xl create /tmp/granter.cfg >/tmp/granter.log 2>&1 || return
	gref= waited=0
	while [ -z "$gref" ] && [ $waited -lt 120 ]; do
		gref=$(tr -d '\r' <"$con/guest-granter.log" 2>/dev/null | sed -n 's/.*@@GNT offer gref=\([0-9]*\) .*/\1/p' | head -1)
		sleep 1
		waited=$((waited + 1))
	done
	[ -n "$gref" ] || return
	xenstore-write "/local/domain/$bid/data/gnt" "$(xl domid granter):$gref"
	waited=0
	while ! grep -q '@@GNT mapped .* value=ok' "$con/guest-$1.log" 2>/dev/null && [ $waited -lt 60 ]; do
		sleep 1
		waited=$((waited + 1))
	done
}

# moved NAME: the KiB balloon-churn has moved so far (its counter only grows).
moved() {
	cat "$con/guest-$1.log" "$con/guest-$1--incoming.log" 2>/dev/null | tr -d '\r' |
		sed -n 's/.*@@BAL step .* moved \([0-9]*\)@@.*/\1/p' | sort -n | tail -1
}

# act KERNEL SCENARIO NAME ACTION EXPECT: one checkpoint or migration and its record.
act() {
	kernel=$1 scenario=$2 name=$3 action=$4 expect=$5
	set -- $(progress "$name")
	mem0=$3 blk0=$4 io0=$5
	g0=$(p2m_export "$name" generation)
	grow_to= lower_to= granted=
	recv="exec stream-count /tmp/stream.count"
	migrate="xl migrate -s '' $name '$recv xl migrate-receive'"
	roomy="xl migrate -C /tmp/$name-roomy.cfg -s '' $name '$recv xl migrate-receive'"
	case $action in
	checkpoint) cmd="xl save -c $name /dev/null" ;;
	debug) cmd="xl migrate --debug -s '' $name '$recv xl migrate-receive -d'" ;;
	# Our sender defers every L1 page table of the live rounds (a test
	# knob of our toolstack; the stock one ignores it): the receiver gets
	# page tables as XTAB for the time being by design (see scenarios()).
	defer) cmd="env LIBXENGUEST_PV_DEFER_L1=1 xl migrate --debug -s '' $name '$recv xl migrate-receive -d'" ;;
	grow) cmd=$migrate grow_to=224 ;;
	grow-roomy) cmd=$roomy grow_to=224 ;;
	hotplug) cmd=$migrate grow_to=320 ;;
	# The sender walks the guest's p2m tree, not its linear list (a
	# test knob of our toolstack; the stock one ignores it).
	tree-hotplug) cmd="env LIBXENGUEST_PV_P2M=tree $migrate" grow_to=320 ;;
	# The sender leaves the hotplug's p2m change to the late live round
	# its precopy policy then gives (a test knob of our toolstack; the
	# stock one ignores it): the change is mapped while the guest runs,
	# not in the paused round.
	late-hotplug) cmd="env LIBXENGUEST_PV_LATE_P2M=1 $migrate" grow_to=320 ;;
	# Streams between the two toolstacks: this one sends, the other
	# receives; the other sends, this one receives (testbed/aside.sh).
	to-other) cmd="xl migrate -s '' $name '$recv /etc/testbed/aside.sh xl migrate-receive'" ;;
	# A guest that sits at its max_pages (testbed.grab): its target must
	# not move. A target lowered for a guest that does not follow it (no
	# balloon driver): the destination must keep it.
	atmax) cmd=$migrate ;;
	lower) cmd=$migrate lower_to=48 ;;
	# The guest holds a grant mapping of another domain's page in its
	# page tables (gntdev): the migration must be refused, the guest
	# intact at the source, the mapping still held.
	granted) cmd=$migrate granted=1 ;;
	from-other) cmd="/etc/testbed/aside.sh xl migrate -s '' $name '$recv nsenter -t 1 -m xl migrate-receive'" ;;
	*) cmd=$migrate ;;
	esac
	# Growing actions start from the boot allocation and raise the target
	# a few seconds into the migration: above the boot allocation the guest
	# populates p2m ranges it never used, above maxmem (hotplug) it adds
	# memory and its p2m grows new leaves.
	if [ -n "$grow_to" ]; then
		xl mem-set "$name" 128m && sleep 5
		(sleep 5 && xl mem-set "$name" "${grow_to}m") >/tmp/grow.log 2>&1 &
		grow_pid=$!
	fi
	[ -n "$granted" ] && grant_to "$name"
	if [ -n "$lower_to" ]; then
		xl mem-set "$name" "${lower_to}m" && sleep 2
	fi
	# The target the destination must have: the one set during the
	# migration, or the one before it.
	tgt0=$(target "$name")
	want_target=$tgt0
	[ -n "$grow_to" ] && want_target=$((grow_to * 1024))
	# The p2m entries the guest changes while the sender runs: the pages
	# balloon-churn moves, or the pages a growing guest gains (up to the
	# allocation it is suspended with); a page moved twice counts twice.
	pages0=$(p2m_export "$name" pages)
	moved0=$(moved "$name")
	rm -f /tmp/stream.count
	t0=$(date +%s)
	eval timeout $mig_timeout $cmd >/tmp/act.log 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	[ -n "$grow_to" ] && wait $grow_pid
	[ -n "$granted" ] && held1=$(held "$name")
	g1=$(p2m_export "$name" generation)
	tgt1=$(target "$name")
	target_sent=$(sed -n 's/.*Memory target moved from [0-9]* to \([0-9]*\) KiB during the migration.*/\1/p' /tmp/act.log | tail -1)
	# The receiver ends with its stream, before xl on this side does;
	# a receiver that never started leaves no count.
	stream=$(sed -n 1p /tmp/stream.count 2>/dev/null)
	records=$(sed -n 2p /tmp/stream.count 2>/dev/null)
	verify=$(grep -c 'verify pfn' /tmp/act.log)
	# What our toolstack logs (the stock one does not): the p2m it used,
	# how often it mapped it again and resent pfns whose entry changed, and
	# the guest's pages at suspend and once restored.
	p2m=$(sed -n 's/.*x86 PV p2m (\([a-z]*\)): mapped again \([0-9]*\) times, \([0-9]*\) pfns.*/\1 \2 \3/p' /tmp/act.log | tail -1)
	set -- ${p2m:-- - -}
	p2m="p2m=$1 remaps=$2 resent=$3"
	# Pages the sender sent as XTAB for the time being (a page table it
	# could not normalise, a page it could not map), and pages the
	# receiver gave back because a pfn's last record was XTAB.
	xtab_for_now=$(sed -n 's/.*xc: info: \([0-9]*\) pages sent as XTAB in a live round.*/\1/p' /tmp/act.log | tail -1)
	given_back=$(sed -n 's/.*x86 PV: \([0-9]*\) pages given back.*/\1/p' /tmp/act.log | tail -1)
	# Live rounds our sender added for a late p2m change, and its remaps
	# made with the guest suspended (logged only when there were some).
	late=$(grep -c 'One more live round' /tmp/act.log)
	suspended_remaps=$(sed -n 's/.*mapped again \([0-9]*\) times with the guest suspended.*/\1/p' /tmp/act.log | tail -1)
	src=$(sed -n 's/.*x86 PV: suspended with \([0-9]*\) pages.*/\1/p' /tmp/act.log | tail -1)
	dst=$(sed -n 's/.*x86 PV: restored with \([0-9]*\) pages.*/\1/p' /tmp/act.log | tail -1)
	changed=-
	if [ -n "$moved0" ]; then
		changed=$((($(moved "$name") - moved0) / 4))
	elif [ -n "$grow_to" ] && [ -n "$src" ] && [ -n "$pages0" ]; then
		changed=$((src - pages0))
	fi
	reason=
	[ $rc = 124 ] && reason="no result within ${mig_timeout}s"
	[ $rc != 0 ] && [ -z "$reason" ] &&
		reason=$( (grep 'xc: error' /tmp/act.log; grep -i -E 'error|fail|abort' /tmp/act.log) |
			grep -v 'verify pfn' | head -1 | tr -d '@')
	# Every page and block verified again after the migration: two more
	# sweeps than were complete when it ended (the one in progress may
	# have begun before it).
	[ "$corrupt" = 1 ] && dd if=/dev/urandom of="$loop" bs=4096 seek=7 count=1 conv=notrunc,fsync 2>/dev/null
	check_alive "$name"
	grant_held=-
	# The guest still reads the granted page after the action: a new
	# "held" line within 20 s (gntshare says one every 2 s).
	if [ -n "$granted" ]; then
		grant_held=no waited=0
		while [ $waited -lt 20 ]; do
			[ "$(held "$name")" -gt "$held1" ] && grant_held=yes && break
			sleep 1
			waited=$((waited + 1))
		done
		xl destroy granter 2>/dev/null
	fi
	set -- $(progress "$name")
	mark "migration kernel=$kernel toolstack=$toolstack scenario=$scenario action=$action expect=$expect persist=${persist:-?} rc=$rc secs=$secs gen=${g0:-?}:${g1:-?} $p2m pages=${src:-?}:${dst:-?} xtab_for_now=${xtab_for_now:--} given_back=${given_back:--} late=$late suspended_remaps=${suspended_remaps:-0} target=${tgt0:-?}:${tgt1:-?} want_target=${want_target:-?} target_sent=${target_sent:--} grant_held=$grant_held stream=${stream:--} records=${records:--} changed=$changed mem_err=$(($3 - mem0)) blk_err=$(($4 - blk0)) io_err=$(($5 - io0)) verify=$verify alive=$alive reason=${reason:-none}"
	mark "act-log-begin"
	cat /tmp/act.log
	[ -n "$grow_to" ] && sed 's/^/xl mem-set: /' /tmp/grow.log
	mark "act-log-end"
}

# pids_with TEXT: the processes whose command line contains TEXT (busybox
# has no pgrep).
pids_with() {
	for d in /proc/[0-9]*; do
		tr '\0' ' ' <"$d/cmdline" 2>/dev/null | grep -q -- "$1" && echo "${d#/proc/}"
	done
}

# uptime_cs: centiseconds since dom0 booted (busybox date has no %N).
uptime_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

# checkpoints_applied: how many checkpoints the Remus receiver applied so
# far, from /tmp/act.log: our receiver says so for each one (xl -v); the
# stock one says "All records processed" from the second one on.
checkpoints_applied() {
	n=$(sed -n 's/.*x86 PV: checkpoint \([0-9]*\) complete.*/\1/p' /tmp/act.log | tail -1)
	[ -n "$n" ] && { echo "$n"; return; }
	n=$(grep -c 'All records processed' /tmp/act.log)
	[ "$n" -gt 0 ] && n=$((n + 1))
	echo "$n"
}

# remus KERNEL SCENARIO NAME EXPECT: protect the domU with xl remus to
# localhost (-F -n -d: no network buffering, no disk replication; the test
# bed has neither IFB nor DRBD), a checkpoint every 200 ms, while dom0
# moves the guest's target 224, 96, 320, 96 MiB, 3 s apart, round and
# round: across its boot allocation (128) and above its boot maxmem (256,
# raised to 512), where it hot-plugs memory and its p2m grows new leaves,
# so the structure change happens under Remus by design. Once the receiver
# applied $remus_checkpoints checkpoints and the guest's p2m generation
# moved, destroy the primary: the secondary must take over, run on
# and verify every page and block (blktest -a: without disk replication
# the disk may be one pass ahead of the last checkpoint). One record, as
# act() writes, with what Remus adds: checkpoints applied, whether the
# failover happened and how long it took, and (our toolstack, xl -v) the
# guest's pages at each checkpoint at both ends.
remus() {
	kernel=$1 scenario=$2 name=$3 expect=$4
	set -- $(progress "$name")
	mem0=$3 blk0=$4 io0=$5
	g0=$(p2m_export "$name" generation)
	id0=$(xl domid "$name")
	moved0=$(moved "$name")
	recv="exec stream-count /tmp/stream.count xl -v migrate-receive -r -e"
	rm -f /tmp/stream.count /tmp/remus.rc
	: >/tmp/act.log
	t0=$(date +%s)
	(timeout $((remus_timeout + mig_timeout)) xl -v remus -F -n -d -i 200 -s '' "$name" "$recv" \
		>/tmp/act.log 2>&1; echo $? >/tmp/remus.rc) &
	rm -f /tmp/targets.stop
	(while [ ! -f /tmp/targets.stop ]; do
		for t in 224 96 320 96; do
			[ -f /tmp/targets.stop ] || xl mem-set "$id0" "${t}m"
			sleep 3
		done
	done) >/tmp/targets.log 2>&1 &
	targets_pid=$!
	# Wait, bounded, for the checkpoints and a p2m structure change, or
	# for Remus to stop by itself (a refusal).
	waited=0 reason= failover=no failover_ms=-
	while :; do
		[ -f /tmp/remus.rc ] && break
		g=$(p2m_export "$name" generation)
		if [ "$(checkpoints_applied)" -ge "$remus_checkpoints" ] &&
			[ -n "$g0" ] && [ -n "$g" ] && [ $((g - g0)) -ge 2 ]; then
			break
		fi
		if [ $waited -ge $remus_timeout ]; then
			reason="no $remus_checkpoints checkpoints and p2m structure change within ${remus_timeout}s (checkpoints $(checkpoints_applied), generation ${g0:-?} to ${g:-?})"
			break
		fi
		# Where Remus is, now and then, for whoever reads the console.
		[ $((waited % 30)) = 0 ] &&
			mark "remus-progress ${waited}s checkpoints=$(checkpoints_applied) generation=${g0:-?}:${g:-?} xl: $(tail -1 /tmp/act.log | tr -d '@' | cut -c1-160)"
		sleep 1
		waited=$((waited + 1))
	done
	touch /tmp/targets.stop
	wait $targets_pid
	g1=$(p2m_export "$name" generation)
	if [ ! -f /tmp/remus.rc ] && [ -z "$reason" ]; then
		# The loss of the primary: its secondary must take over. The
		# domain goes first, so that nothing writes its disk any more;
		# then the process that sends the stream, which would otherwise
		# wait a minute for the dead guest to acknowledge its next
		# suspend before the stream ends (xl remus then exits 0,
		# "Primary domain has been destroyed").
		c0=$(uptime_cs)
		xl destroy "$id0"
		# shellcheck disable=SC2046
		kill -9 $(pids_with 'libxl-save-helper --save-domain') 2>/dev/null
		waited=0
		while [ $waited -lt $((mig_timeout * 10)) ]; do
			id=$(xl domid "$name" 2>/dev/null)
			[ -n "$id" ] && [ "$id" != "$id0" ] &&
				xl list "$id" 2>/dev/null | awk 'NR == 2 { exit $5 ~ /p/ }' && break
			sleep 0.1
			waited=$((waited + 1))
		done
		[ -n "$id" ] && [ "$id" != "$id0" ] && failover=yes failover_ms=$((($(uptime_cs) - c0) * 10))
	fi
	# Remus ends when the primary is gone or failed; a stuck one is killed.
	waited=0
	while [ ! -f /tmp/remus.rc ] && [ $waited -lt $mig_timeout ]; do sleep 1; waited=$((waited + 1)); done
	[ -f /tmp/remus.rc ] || { killall xl 2>/dev/null; sleep 2; }
	rc=$(cat /tmp/remus.rc 2>/dev/null || echo 124)
	secs=$(($(date +%s) - t0))
	# Once its helper was killed, what the sender's xl exits with says
	# nothing (4.17's xl may abort in libxl_ctx_free() then): Remus did
	# its job when the secondary took over.
	sender_rc=$rc
	[ "$failover" = yes ] && rc=0
	if [ "$failover" = yes ] && ! grep -q 'Failover for domain' /tmp/act.log; then
		failover=no reason="${reason:+$reason; }the receiver did not report a failover"
	fi
	[ "$failover" = no ] && [ -z "$reason" ] && [ "$rc" = 0 ] &&
		reason="Remus ended without a failover"
	[ "$rc" != 0 ] && [ -z "$reason" ] &&
		reason=$( (grep 'xc: error' /tmp/act.log; grep -i -E 'error|fail|abort' /tmp/act.log) | head -1 | tr -d '@')
	checkpoints=$(checkpoints_applied)
	stream=$(sed -n 1p /tmp/stream.count 2>/dev/null)
	p2m=$(sed -n 's/.*x86 PV p2m (\([a-z]*\)): mapped again \([0-9]*\) times, \([0-9]*\) pfns.*/\1 \2 \3/p' /tmp/act.log | tail -1)
	# A sender killed with its primary did not log its totals: its last
	# checkpoint says them (our toolstack).
	[ -z "$p2m" ] && p2m=$(sed -n 's/.*x86 PV: checkpoint [0-9]*: suspended .*mapped again \([0-9]*\) times, \([0-9]*\) pfns.*/list \1 \2/p' /tmp/act.log | tail -1)
	set -- ${p2m:-- - -}
	p2m="p2m=$1 remaps=$2 resent=$3"
	xtab_for_now=$(sed -n 's/.*xc: info: \([0-9]*\) pages sent as XTAB in a live round.*/\1/p' /tmp/act.log | tail -1)
	given_back=$(sed -n 's/.*x86 PV: \([0-9]*\) pages given back.*/\1/p' /tmp/act.log | tail -1)
	# The guest's pages at each checkpoint, as the primary was suspended
	# and as the secondary holds them once it applied it (our toolstack):
	# compared:differing, then the last checkpoint's against the
	# secondary's pages once restored.
	sed -n 's/.*x86 PV: checkpoint \([0-9]*\): suspended with \([0-9]*\) pages.*/\1 \2/p' /tmp/act.log >/tmp/remus.src
	sed -n 's/.*x86 PV: checkpoint \([0-9]*\) complete: [0-9]* pages given back, \([0-9]*\) pages.*/\1 \2/p' /tmp/act.log >/tmp/remus.dst
	ckpt_pages=$(awk 'NR == FNR { src[$1] = $2; next } ($1 in src) { n++; if (src[$1] != $2) d++ } END { print n + 0 ":" d + 0 }' /tmp/remus.src /tmp/remus.dst)
	last=$(tail -1 /tmp/remus.dst | cut -d' ' -f1)
	src=$(awk -v c="$last" '$1 == c { print $2 }' /tmp/remus.src)
	dst=$(sed -n 's/.*x86 PV: restored with \([0-9]*\) pages.*/\1/p' /tmp/act.log | tail -1)
	changed=-
	[ -n "$moved0" ] && changed=$((($(moved "$name") - moved0) / 4))
	check_alive "$name"
	set -- $(progress "$name")
	mark "migration kernel=$kernel toolstack=$toolstack scenario=$scenario action=remus expect=$expect persist=${persist:-?} rc=$rc secs=$secs gen=${g0:-?}:${g1:-?} $p2m pages=${src:-?}:${dst:-?} xtab_for_now=${xtab_for_now:--} given_back=${given_back:--} stream=${stream:--} records=- changed=$changed checkpoints=${checkpoints:-0} want_checkpoints=$remus_checkpoints sender_rc=$sender_rc failover=$failover failover_ms=$failover_ms ckpt_pages=$ckpt_pages blk_ahead=$6 mem_err=$(($3 - mem0)) blk_err=$(($4 - blk0)) io_err=$(($5 - io0)) verify=0 alive=$alive reason=${reason:-none}"
	mark "act-log-begin"
	cat /tmp/act.log
	mark "act-log-end"
}

# scenario KERNEL NAME CHURN MAXMEM_MIB PERSIST ACTIONS...: boot a workload
# domU (CHURN is LOW:HIGH for balloon-churn or "-"; PERSIST on or off sets
# blkback's feature_persistent for its disk; MAXMEM above 128 is set with
# xl mem-max and is also the memory of the roomy destination's config), wait
# for the workloads, run the actions (ACTION, or ACTION/may-abort when Xen
# 4.17's toolstack is known to abort it), hand over its console.
scenario() {
	kernel=$1 scen=$2 churn=$3 maxmem=$4
	echo "$5" | sed 's/on/Y/;s/off/N/' >/sys/module/xen_blkback/parameters/feature_persistent
	shift 5
	actions=$*
	name=$kernel-$scen
	image=/boot/bzImage ramdisk=/boot/domu.cpio.gz
	[ "$kernel" = reference ] && image=/boot/bzImage-reference
	# Debian's cloud kernel with the series, its modules in its own ramdisk.
	[ "$kernel" = debian ] && image=/boot/vmlinuz-debian ramdisk=/boot/domu-debian.cpio.gz
	extra="console=hvc0 kunit.enable=0 memhp_default_state=online testbed.mem=auto"
	# Without scrubbing, a page the balloon gives back is not written, so
	# log-dirty does not name its pfn: only the p2m frame says it changed.
	[ "$churn" != - ] && extra="$extra testbed.churn=$churn xen_scrub_pages=0"
	# A guest that takes all it may: see the target scenario.
	[ "$scen" = target ] && extra="$extra testbed.grab=1"
	[ "$scen" = nofollow ] && extra="$extra initcall_blacklist=balloon_init"
	[ "$scen" = gntdev ] && extra="$extra testbed.gntmap=1"
	# Keep the p2m tree (frame-list-list) next to the linear list.
	[ "$scen" = tree ] && extra="$extra xen_p2m_tree"
	# Remus without disk replication, dom0 moving the target: see remus().
	[ "$scen" = remus ] && extra="$extra testbed.blk-ahead=1 testbed.low=96"
	disk=/run/$name.img
	dd if=/dev/zero of="$disk" bs=1M count=4 2>/dev/null
	loop=$(losetup -f) && losetup "$loop" "$disk" || fail "no loop device for $name"
	set -- "kernel=\"$image\"" "ramdisk=\"$ramdisk\"" "extra=\"$extra\"" \
		"disk=[\"format=raw,vdev=xvdb,access=rw,script=/etc/testbed/block-hotplug.sh,target=$loop\"]"
	write_config "/tmp/$name.cfg" "$name" "$@"
	write_config "/tmp/$name-roomy.cfg" "$name" "$@" "memory=$maxmem" "maxmem=$maxmem"
	if ! xl create "/tmp/$name.cfg" >/tmp/create.log 2>&1; then
		mark "migration kernel=$kernel toolstack=$toolstack scenario=$scen action=boot expect=accept rc=1 secs=0 gen=?:? mem_err=0 blk_err=0 io_err=0 verify=0 alive=no reason=xl create failed: $(grep -m1 -i error /tmp/create.log)"
		mark "act-log-begin"
		cat /tmp/create.log "/tmp/$name.cfg"
		mark "act-log-end"
		losetup -d "$loop"
		return
	fi
	[ "$maxmem" -gt 128 ] && xl mem-max "$name" "${maxmem}m"
	if wait_sweeps "$name" 1 1; then
		# Persistent grants are in use when both blkback and blkfront
		# offer them (xvdb is device 51728).
		id=$(xl domid "$name")
		persist=off
		[ "$(xenstore-read "/local/domain/0/backend/vbd/$id/51728/feature-persistent")" = 1 ] &&
			[ "$(xenstore-read "/local/domain/$id/device/vbd/51728/feature-persistent")" = 1 ] &&
			persist=on
		for a in $actions; do
			r=0
			while [ $r -lt "$kernel_rounds" ]; do
				# Xen 4.17's stock toolstack is known to abort
				# these; ours must complete them all.
				expect=accept
				case $a in
				*/may-abort) [ "$toolstack" = stock ] && expect=may-abort ;;
				*/refuse) expect=refuse ;;
				esac
				case ${a%/*} in
				remus) remus "$kernel" "$scen" "$name" $expect ;;
				*) act "$kernel" "$scen" "$name" "${a%/*}" $expect ;;
				esac
				r=$((r + 1))
			done
		done
	else
		mark "migration kernel=$kernel toolstack=$toolstack scenario=$scen action=boot expect=accept rc=0 secs=0 gen=?:? mem_err=0 blk_err=0 io_err=0 verify=0 alive=no reason=the workloads did not start within ${sweep_timeout}s"
	fi
	xl destroy "$name" 2>/dev/null
	sleep 1
	losetup -d "$loop"
	rm -f "$disk"
	mark "$name-console-begin"
	cat "$con/guest-$name.log" "$con/guest-$name--incoming.log" 2>/dev/null
	mark "$name-console-end"
}

# The scenarios: NAME CHURN MAXMEM PERSIST ACTIONS... (see scenario() above).
# ACTION/may-abort: Xen 4.17's stock toolstack is known to abort it (an abort
# with the guest intact is then "refused"); with ours every action must pass.
# ACTION/refuse: every toolstack must refuse it, with the guest intact.
#  steady   no ballooning: a checkpoint, migrations, and a --debug one
#           (the receiver's verify pass counts pages changed after the
#           final pass); a --debug one whose sender defers every L1
#           page table of the live rounds (sent as XTAB, then again:
#           a receiver that took that XTAB for a page the guest gave up
#           would give the page back and leave the L2 naming it stale);
#           then one to the other toolstack (dom0 keeps the
#           stock one aside when it runs ours, and the reverse) and one
#           from it: each reads the other's stream;
#  nopersist  the same without persistent grants: blkback maps and unmaps
#           the guest's pages for every request;
#  shrink   the guest balloons down and back up to its boot allocation
#           all the time: pages leave it under the sender ("Mapping of
#           pfn ... failed" for the stock one) and pfns change mfn; a
#           --debug migration, whose verify pass finds a pfn the sender
#           did not send again after its mfn changed (the guest's own
#           workloads never look at the free pages the balloon moves, and
#           xen_scrub_pages=0 keeps the balloon from writing them, so only
#           the p2m frame is dirty, as with grant maps);
#  grow     dom0 raises the target above the boot allocation during the
#           migration, so the guest populates p2m ranges it never used:
#           the stock receiver, sized from the target at save time,
#           refuses unless the destination is roomy (-C);
#  churn    balloon-churn inside the guest between 96 MiB and 224 MiB,
#           across its boot allocation, during a --debug migration;
#  hotplug  the same as grow above maxmem: the guest hot-plugs memory and
#           its p2m grows new leaves, a p2m structure change that the stock
#           sender answers by aborting ("p2m generation count changed");
#  tree     hotplug with a sender that walks the guest's p2m tree (the
#           guest keeps it with xen_p2m_tree) instead of its linear list;
#  late     hotplug with a sender that leaves the change to the one more
#           live round its precopy policy gives a late change (test knob
#           LIBXENGUEST_PV_LATE_P2M), which must map it while the guest
#           runs: no remap with the guest suspended (a guest of its own:
#           a second hotplug of the same guest adds no p2m leaf);
#  target   a guest that takes all its max_pages allows (testbed.grab):
#           migrations in a row, whose target must not move (the
#           allocation it arrives with is its target plus the slack);
#  nofollow a guest without a balloon driver (initcall_blacklist), which
#           does not follow a target: dom0 lowers it to 48 MiB and the
#           guest migrates with its 128: the destination must keep 48 MiB,
#           not the allocation the guest arrived with (grow and hotplug
#           check the other way: a target raised during the migration
#           arrives as the source's final one);
#  gntdev   the guest maps a page another domain (granter) grants it
#           with gntdev and holds it in its page tables (gntshare): the
#           migration must be refused (such a page table cannot be
#           normalised once the guest is suspended, review round 2 Xen D3),
#           and the guest run on at the source, still reading the page
#           right (/refuse: the refusal is the pass);
#  remus    xl remus to localhost while dom0 moves the guest's target
#           between 96 and 320 MiB: across its boot allocation and above
#           its boot maxmem (256 MiB; raised to 512), where it hot-plugs
#           memory and its p2m grows; after testbed.remus-checkpoints
#           checkpoints (and a structure change) the primary is destroyed
#           and the secondary must take over (see remus()). The stock
#           toolstack stops Remus at the first p2m change it cannot follow
#           (the primary then runs on: refused).
scenarios() {
	cat <<-'EOF'
	steady - 128 on checkpoint migrate debug defer to-other from-other
	nopersist - 128 off migrate debug
	shrink 80:128 128 on debug/may-abort
	grow - 256 on grow/may-abort grow-roomy
	churn 96:224 256 on debug/may-abort
	hotplug - 512 on hotplug/may-abort
	target - 128 on atmax atmax atmax
	nofollow - 128 on lower/may-abort
	gntdev - 128 on granted/refuse
	tree - 512 on tree-hotplug/may-abort
	late - 512 on late-hotplug/may-abort
	remus - 512 on remus/may-abort
	EOF
}

for k in $kernels; do
	kernel_rounds=$rounds
	[ "$k" = patched ] && [ "$toolstack" = ours ] && kernel_rounds=$product_rounds
	mark "migration-plan kernel=$k toolstack=$toolstack records=$(scenarios | grep -E "^($only) " | awk -v r="$kernel_rounds" '{ n += (NF - 4) * r } END { print n }')"
	scenarios | grep -E "^($only) " | while read -r scen churn maxmem persist actions; do
		scenario "$k" "$scen" "$churn" "$maxmem" "$persist" $actions </dev/null
	done
done
