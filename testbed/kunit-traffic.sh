# The backends' KUnit suites run again while a real vbd and vif carry
# traffic (sourced by dom0-init.sh after the checkpoint). blkback's and
# netback's seams are also reached from interrupts and softirqs (a block
# request's completion, NAPI), where the interrupted task may be a test's:
# a test's stub must never be called there for a real device
# (XEN_KUNIT_STUB_REDIRECT()). The suites are in the backends' modules,
# loaded at boot (dom0-init.sh); here they run again through KUnit's
# debugfs (CONFIG_KUNIT_DEBUGFS) while the modules serve real devices.
#
# A domU runs iobench over its second disk and to dom0 over its vif, both
# at once (domu-init.sh, testbed.traffic); once both move, every
# xen_blkback* and xen_netback* suite runs again. Prints, between
# traffic-kunit-begin and -end, dom0's crash lines (if any) and one KTAP
# document of those runs, then: traffic vbd_requests=N vif_bytes=N
# suites=N (what the devices carried during the runs).

suites=$(ls "$kunit_dir" 2>/dev/null | grep -E '^xen_(blkback|netback)_')

# traffic_counters DOMID: "BLOCK_REQUESTS NET_BYTES" of the domU's vbd and vif.
traffic_counters() {
	vbd=/sys/bus/xen-backend/devices/vbd-$1-51728/statistics
	vif=/sys/class/net/vif$1.0/statistics
	echo $(($(cat $vbd/rd_req $vbd/wr_req 2>/dev/null | sed 's/$/ +/') 0)) \
		$(($(cat $vif/rx_bytes $vif/tx_bytes 2>/dev/null | sed 's/$/ +/') 0))
}

if [ -z "$suites" ]; then
	mark "error traffic: no xen_blkback_* or xen_netback_* suite in $kunit_dir (CONFIG_KUNIT_DEBUGFS?)"
else
	disk=/run/traffic.img
	dd if=/dev/zero of=$disk bs=1M count=128 2>/dev/null
	loop=$(losetup -f) && losetup "$loop" $disk || fail "no loop device for $disk"
	iobench sink 5001 &
	sink=$!
	iobench source 5002 128 &
	source=$!
	xl create /etc/testbed/domu.cfg 'name="traffic"' 'ramdisk="/boot/domu.cpio.gz"' 'vcpus=1' \
		'extra="console=hvc0 kunit.enable=0 panic=-1 testbed.traffic=1"' \
		"disk=[\"format=raw,vdev=xvdb,access=rw,script=/etc/testbed/block-hotplug.sh,target=$loop\"]" \
		'vif=["ip=10.0.0.2,script=/etc/testbed/vif-hotplug.sh"]' \
		>/tmp/create-traffic.log 2>&1 || fail "xl create traffic failed: $(tail -1 /tmp/create-traffic.log)"
	id=$(xl domid traffic)
	# Both devices move before the suites start (bounded).
	waited=0
	while [ $waited -lt "$timeout" ]; do
		set -- $(traffic_counters "$id")
		[ "$1" -gt 0 ] && [ "$2" -gt 0 ] && break
		sleep 1
		waited=$((waited + 1))
	done
	set -- $(traffic_counters "$id")
	requests0=$1 bytes0=$2
	for s in $suites; do
		echo 1 >"$kunit_dir/$s/run"
	done
	set -- $(traffic_counters "$id")
	mark traffic-kunit-begin
	kernel_crashes
	ktap_of_suites $suites
	mark traffic-kunit-end
	mark "traffic vbd_requests=$(($1 - requests0)) vif_bytes=$(($2 - bytes0)) suites=$(echo $suites | wc -w)"
	xl destroy traffic
	mark traffic-console-begin
	cat /var/log/xen/console/guest-traffic.log
	mark traffic-console-end
	kill $sink $source
	sleep 1
	losetup -d "$loop"
	rm -f $disk
fi
