# Backend throughput (sourced by dom0-init.sh with testbed.run=bench; the
# harness, scripts/bench/backend-bench.sh, boots dom0 once with the reference
# kernel and once with ours, the domU kernel being ours both times).
# Two domUs, one after the other, each with a second disk served by blkback
# (128 MiB in dom0's RAM on a loop device): the first with persistent grants
# and a vif to dom0, the second without persistent grants. Each runs iobench
# (domu-init.sh, testbed.bench=ROUNDS) and powers off; dom0 serves the
# network side with iobench sink and source.

rounds=$(sed -n 's/.*testbed\.rounds=\([0-9]*\).*/\1/p' /proc/cmdline)
disk=/run/bench.img
dd if=/dev/zero of=$disk bs=1M count=128 2>/dev/null || fail "no room for $disk"
loop=$(losetup -f) && losetup "$loop" $disk || fail "no loop device for $disk"
iobench sink 5001 &
sink=$!
iobench source 5002 128 &
source=$!
mark "bench dom0 kernel $(uname -r) rounds ${rounds:=3}"

for persist in on off; do
	if [ $persist = on ]; then
		echo Y >/sys/module/xen_blkback/parameters/feature_persistent
		vif='vif=["ip=10.0.0.2,script=/etc/testbed/vif-hotplug.sh"]'
	else
		echo N >/sys/module/xen_blkback/parameters/feature_persistent
		vif='vif=[]'
	fi
	run_domu "bench-persist-$persist" 'ramdisk="/boot/domu.cpio.gz"' 'vcpus=1' \
		"extra=\"console=hvc0 kunit.enable=0 panic=-1 testbed.bench=$rounds testbed.persist=$persist\"" \
		"disk=[\"format=raw,vdev=xvdb,access=rw,script=/etc/testbed/block-hotplug.sh,target=$loop\"]" \
		"$vif"
done
kill $sink $source
losetup -d "$loop"
