#!/bin/bash
# fetch-debian-package.sh SUITE PACKAGE VERSION: download Debian's binary
# package PACKAGE at exactly VERSION from SUITE (e.g. sid) into build/debs/,
# once, with an apt configuration of its own under build/apt-SUITE/ (its
# own sources list, lists and cache), so that nothing of the machine's apt
# setup changes and nothing is installed. Prints the path of the .deb.
set -eu
. "$(dirname "$0")/../lib.sh"

# Standard output carries only the resulting path; everything else goes to stderr.
exec 3>&1 1>&2

[ $# = 3 ] || die "usage: fetch-debian-package.sh SUITE PACKAGE VERSION"
suite=$1 pkg=$2 version=$3
dir=$BUILD/debs
deb=$(ls "$dir/${pkg}_${version//:/%3a}_"*.deb 2>/dev/null | head -1 || true)
if [ -n "$deb" ]; then
	echo "$deb" >&3
	exit 0
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "no $keyring to check Debian's $suite archive with: apt-get install debian-archive-keyring"
apt=$BUILD/apt-$suite
mkdir -p "$apt/etc/sources.list.d" "$apt/etc/preferences.d" "$apt/lists/partial" \
	"$apt/cache/archives/partial" "$dir" "$LOGS"
echo "deb [signed-by=$keyring] http://deb.debian.org/debian $suite main" >"$apt/etc/sources.list"
opts=(-o "Dir::Etc=$apt/etc" -o "Dir::Etc::sourcelist=$apt/etc/sources.list"
	-o "Dir::Etc::sourceparts=$apt/etc/sources.list.d" -o "Dir::Etc::preferencesparts=$apt/etc/preferences.d"
	-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Dir::State::status=/dev/null"
	-o Debug::NoLocking=1 -o APT::Sandbox::User=root)
log=$LOGS/fetch-$pkg.log
info "downloading Debian's $pkg $version (suite $suite; log: $log)"
apt-get "${opts[@]}" update >"$log" 2>&1 ||
	die "cannot read Debian's $suite package lists (see $log): check that deb.debian.org is reachable"
(cd "$dir" && apt-get "${opts[@]}" download "$pkg=$version") >>"$log" 2>&1 ||
	die "Debian's $suite does not serve $pkg $version (see $log): 'apt-cache policy $pkg' with that suite lists what it has; update the version in the base's .conf file"
deb=$(ls "$dir/${pkg}_${version//:/%3a}_"*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || die "apt-get download left no ${pkg}_${version}_*.deb in $dir (see $log)"
echo "$deb" >&3
