#!/bin/bash
# Configure an out-of-tree build: allnoconfig + config/trimmed-base.config +
# Kconfig.fragment + the suites' .kunitconfig files + config/test-image.config,
# merged by the kernel's own merge_config.sh. Fails, naming the line, when a
# fragment line did not make it into the final .config.
# Usage: configure.sh [SRC OBJ [--no-check]]   (default: $TREE $OBJ)
set -eu
. "$(dirname "$0")/../lib.sh"

src=$(realpath -m "${1:-$TREE}")
obj=$(realpath -m "${2:-$OBJ}")
check=${3:-}
fragments=("$ROOT/config/trimmed-base.config" "$ROOT/Kconfig.fragment")
# The suites' own options, where the kernel keeps them (those the tree has:
# the reference tree has only the first), then the test image's choices.
for k in arch/x86/xen drivers/block/xen-blkback drivers/net/xen-netback; do
	[ -f "$src/$k/.kunitconfig" ] && fragments+=("$src/$k/.kunitconfig")
done
fragments+=("$ROOT/config/test-image.config")

mkdir -p "$obj"
# Keep the old .config when nothing changed, so that kbuild rebuilds nothing.
[ -f "$obj/.config" ] && cp "$obj/.config" "$obj/.config.prev"
(cd "$src" && ./scripts/kconfig/merge_config.sh -n -Q -O "$obj" "${fragments[@]}") \
	>"$obj/merge_config.log" 2>&1 ||
	die "merge_config.sh failed (see $obj/merge_config.log)"
if [ -f "$obj/.config.prev" ] && cmp -s "$obj/.config" "$obj/.config.prev"; then
	touch -r "$obj/.config.prev" "$obj/.config"
fi
rm -f "$obj/.config.prev"

[ "$check" = --no-check ] && exit 0
# A .kunitconfig line that the test image's config sets otherwise (the
# backends: built in for kunit.py, modules in the test image) is not checked.
overridden=$(sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1/p' "$ROOT/config/test-image.config")
bad=0
for f in "${fragments[@]}"; do
	while IFS= read -r line; do
		case "$f" in
		*/.kunitconfig) echo "$overridden" | grep -qx "${line%%=*}" && continue ;;
		esac
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$obj/.config" && continue ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			grep -q "^$sym=" "$obj/.config" || continue
			;;
		*) continue ;;
		esac
		sym=${line#\# }
		sym=${sym%%[= ]*}
		# A line for an option this kernel does not have (one fragment
		# serves two bases): said, not an error.
		if ! grep -rqsE --include='Kconfig*' "^[[:space:]]*(menu)?config ${sym#CONFIG_}\b" "$src"; then
			echo "note: ${f#"$ROOT"/}: $sym is not an option of this kernel ($src), skipped" >&2
			continue
		fi
		got=$(grep -E "^$sym=|^# $sym is not set" "$obj/.config" || echo "absent")
		echo "error: ${f#"$ROOT"/}: '$line' did not make it into .config (got: $got): satisfy its dependencies in the fragment ('make O=$obj menuconfig', search $sym)" >&2
		bad=1
	done <"$f"
done
[ $bad = 0 ] || exit 1
