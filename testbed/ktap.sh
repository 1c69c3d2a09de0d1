# KUnit results as one KTAP document, sourced by dom0-init.sh and
# domu-init.sh (busybox sh). The boot's built-in suites and each module's
# suites print separate KTAP documents to the kernel log, and kunit.py
# parses one; KUnit's debugfs (CONFIG_KUNIT_DEBUGFS) keeps every suite's
# last results, each file a document of one suite numbered 1.

kunit_dir=/sys/kernel/debug/kunit
grep -q " /sys/kernel/debug " /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug

# ktap_of_suites SUITE...: one KTAP document of these suites' last results.
ktap_of_suites() {
	echo "KTAP version 1"
	echo "1..$#"
	i=0
	for s in "$@"; do
		i=$((i + 1))
		awk -v i=$i 'NR > 2 { if ($0 ~ /^(not )?ok 1 /) sub(/ok 1 /, "ok " i " "); print }' \
			"$kunit_dir/$s/results"
	done
}

# kernel_crashes: the kernel log's crash and warning lines, if any.
kernel_crashes() {
	dmesg | grep -E 'Kernel panic|BUG:|Oops|WARNING:|general protection fault|Unable to handle'
}
