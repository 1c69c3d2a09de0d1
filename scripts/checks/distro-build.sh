#!/bin/bash
# make distro-check: the series built with Debian's own configs (package
# linux-config-6.12 at the base's version), flavours amd64 and cloud-amd64,
# with KUnit off (Debian's choice), as a module and built in: every object
# and module the series touches (arch/x86/xen/, xen-blkback.ko,
# xen-netback.ko, with modpost) built with W=1 and sparse (C=2), once on
# the pristine base and once on the patched tree, same config. A warning
# the patched tree gives and the pristine base does not is new; any new
# warning fails. Writes $RESULTS/distro-check.txt (one line per build) and
# the new warnings, if any, to $RESULTS/distro-check.new.
# Variables: DISTRO_FLAVOURS (default "amd64 cloud-amd64"), DISTRO_KUNIT
# (default "off m y").
set -eu
. "$(dirname "$0")/../lib.sh"

debian_config amd64 >/dev/null
"$ROOT/scripts/trees/ensure-packages.sh" sparse
[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run make tree first"

# The pristine base, checked out beside the tree.
pristine=$BUILD/pristine-tree
worktree_at "$TREE" "$pristine" "$(git -C "$TREE" rev-parse base)"

out=$RESULTS/distro-check.txt new=$RESULTS/distro-check.new
mkdir -p "$RESULTS" "$LOGS"
: >"$out"
: >"$new"
targets=(arch/x86/xen/ drivers/block/xen-blkback/xen-blkback.ko drivers/net/xen-netback/xen-netback.ko)
dirs="arch/x86/xen drivers/block/xen-blkback drivers/net/xen-netback"

# configure SRC OBJ FLAVOUR KUNIT: Debian's config of FLAVOUR, without
# Debian's signing keys (not in the source), KUnit as asked, every suite of
# the series that the setting allows, olddefconfig.
configure() {
	local src=$1 obj=$2 flavour=$3 kunit=$4 cfg
	cfg=$(debian_config "$flavour") || exit 1
	mkdir -p "$obj"
	xzcat "$cfg" >"$obj/.config.new"
	local sc=("$src/scripts/config" --file "$obj/.config.new"
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "")
	case $kunit in
	off) ;;
	m) sc+=(--module KUNIT) ;;
	y) sc+=(--enable KUNIT) ;;
	esac
	[ "$kunit" = off ] || sc+=(--enable XEN_P2M_KUNIT_TEST --enable XEN_BLKDEV_BACKEND_KUNIT_TEST
		--enable XEN_NETDEV_BACKEND_KUNIT_TEST)
	"${sc[@]}"
	# Keep the old .config (and kbuild's work) when nothing changed.
	if ! cmp -s "$obj/.config.new" "$obj/.config.in" 2>/dev/null; then
		cp "$obj/.config.new" "$obj/.config.in"
		cp "$obj/.config.new" "$obj/.config"
		make -C "$src" O="$obj" olddefconfig >/dev/null
	fi
}

# warnings LOG SRC: the warnings and errors of the compiler, sparse and
# modpost, one per line, as "path: message" (no line numbers, which the
# series moves); not those of host tools kbuild builds once (scripts/).
# modpost runs without vmlinux here, so every symbol from vmlinux is
# unresolved: those are left out (make distro-package links a whole kernel
# and checks them).
warnings() {
	grep -E '^[^ ]+:[0-9]+(:[0-9]+)?: (warning|error): |^WARNING: modpost: |^ERROR: modpost: ' "$1" |
		grep -vE 'modpost: ".*" \[.*\] undefined!$|modpost: suppressed [0-9]+ unresolved symbol' |
		sed -E -e "s#^$2/##" -e 's#^([^ :]*):[0-9]+(:[0-9]+)?: #\1: #' |
		grep -v '^scripts/' | sort
}

status=0 secs_pristine=0 secs_patched=0
for flavour in ${DISTRO_FLAVOURS:-amd64 cloud-amd64}; do
	for kunit in ${DISTRO_KUNIT:-off m y}; do
		for side in pristine patched; do
			src=$TREE
			[ $side = pristine ] && src=$pristine
			obj=$BUILD/obj/distro-$flavour-$side
			log=$LOGS/distro-$flavour-kunit-$kunit-$side.log
			configure "$src" "$obj" "$flavour" "$kunit"
			start=$(date +%s)
			# Every object again, so that each build shows all its warnings
			# (kbuild rebuilds only what a config change touches); C=2 runs
			# sparse on every file too.
			for d in $dirs; do
				[ -d "$obj/$d" ] && find "$obj/$d" \( -name '*.o' -o -name '*.ko' \) -delete
			done
			if ! make -C "$src" O="$obj" -j"$JOBS" W=1 C=2 KBUILD_MODPOST_WARN=1 "${targets[@]}" >"$log" 2>&1; then
				echo "$flavour KUnit=$kunit $side: BUILD FAILED (see $log)" | tee -a "$out"
				status=1
			fi
			warnings "$log" "$src" >"$log.warnings"
			eval "secs_$side=$(($(date +%s) - start))"
		done
		base=$LOGS/distro-$flavour-kunit-$kunit
		# comm on sorted lists keeps repeats: a warning given twice as often is new too.
		comm -13 "$base-pristine.log.warnings" "$base-patched.log.warnings" >"$base.new"
		# The series' suites this config builds.
		tests=$(sed -n -e 's/^CONFIG_XEN_P2M_KUNIT_TEST=y/p2m/p' -e 's/^CONFIG_XEN_BLKDEV_BACKEND_KUNIT_TEST=[ym]/blkback/p' \
			-e 's/^CONFIG_XEN_NETDEV_BACKEND_KUNIT_TEST=[ym]/netback/p' "$BUILD/obj/distro-$flavour-patched/.config" | paste -sd,)
		line="$flavour KUnit=$kunit (suites: ${tests:-none}): W=1 C=2 warnings: pristine $(wc -l <"$base-pristine.log.warnings"), patched $(wc -l <"$base-patched.log.warnings"), new $(wc -l <"$base.new") (${secs_pristine}+${secs_patched} s)"
		echo "$line" | tee -a "$out"
		if [ -s "$base.new" ]; then
			sed "s/^/$flavour KUnit=$kunit: /" "$base.new" | tee -a "$new"
			status=1
		fi
	done
done
exit $status
