#!/bin/bash
# Install the Debian packages the build and the test beds need, when missing.
# Usage: ensure-packages.sh [PACKAGE...]   (default: the full list below)
set -eu
. "$(dirname "$0")/../lib.sh"

if [ $# -gt 0 ]; then
	PACKAGES=("$@")
else
	PACKAGES=(
		build-essential flex bison bc libelf-dev libssl-dev cpio kmod
		xz-utils python3 python3-docutils perl git quilt dpkg-dev
		qemu-system-x86 busybox-static
		xen-hypervisor-4.17-amd64 xen-utils-4.17 libxen-dev
	)
	# The test bed's Debian base source, at exactly the version its base.conf
	# records (a base of another suite is downloaded, not installed:
	# prepare-base.sh).
	[ -n "${BASE_TARBALL:-}${BASE_GIT:-}" ] || [ "$BASE_DEBIAN_SUITE" != bookworm ] ||
		PACKAGES+=("$BASE_DEBIAN_PACKAGE=$BASE_DEBIAN_VERSION")
fi

missing=()
for spec in "${PACKAGES[@]}"; do
	name=${spec%%=*}
	want=${spec#"$name"}
	have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)
	case "$have" in
	"install ok installed ${want#=}"*) ;;
	*) missing+=("$spec") ;;
	esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
list="${missing[*]}"

command -v apt-get >/dev/null ||
	die "missing packages ($list) and no apt-get: install them by hand"
[ "$(id -u)" = 0 ] ||
	die "missing packages ($list): run 'sudo apt-get install $list', or run make as root"

mkdir -p "$LOGS"
info "installing: $list"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >"$LOGS/apt.log" 2>&1 || true
if ! apt-get install -y -qq --no-install-recommends --allow-downgrades "${missing[@]}" \
	>>"$LOGS/apt.log" 2>&1; then
	die "apt-get could not install: $list (see $LOGS/apt.log; check 'apt-cache policy ${missing[0]%%=*}')"
fi
