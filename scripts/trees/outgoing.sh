#!/bin/bash
# make outgoing: each series as mail, ready for `git send-email`:
# build/outgoing/linux/ (7.2), build/outgoing/linux-6.12/ (its backport),
# build/outgoing/xen/ (staging) and build/outgoing/xen-4.17/ (its backport)
# hold 0000-cover-letter.patch
# ([PATCH 00/NN], the series' cover letter with its shortlog and diffstat)
# and one numbered [PATCH nn/NN] file per patch. The author and the
# Signed-off-by that was the patch author's become yours (git config
# user.name and user.email); other trailers stay. To: the maintainers and
# Cc: the reviewers and lists that each tree's own scripts/get_maintainer.pl
# names for the patch; the cover letter goes to all of them.
set -eu
. "$(dirname "$0")/../lib.sh"

name=$(git config user.name || true)
email=$(git config user.email || true)
[ -n "$name" ] && [ -n "$email" ] ||
	die "no git identity to sign the series with: git config --global user.name 'Your Name'; git config --global user.email you@example.org"
me="$name <$email>"

# outgoing SERIES DIR COVER [PREFIX]: write DIR from the tree of SERIES
# (linux, linux-6.12, xen or xen-4.17), subjects "[PREFIX nn/NN]" (default PATCH).
outgoing() {
	local series=$1 out=$2 cover=$3 prefix=${4:-PATCH} tree parent c author msg n subject
	tree=$(SERIES=$series bash -c '. "$0"; echo "$TREE"' "$ROOT/scripts/lib.sh")
	[ -d "$tree/.git" ] || die "no tree at $tree: run 'make' first"
	read -r recorded head <"$tree/.git/xenp2m-series" 2>/dev/null || recorded=
	[ "$recorded" = "$(SERIES=$series bash -c '. "$0"; series_hash' "$ROOT/scripts/lib.sh")" ] &&
		[ "$head" = "$(git -C "$tree" rev-parse HEAD)" ] ||
		die "$tree is not the $series series as its series file has it: run 'make tree', 'make tree-6.12', 'make xen-tree' and 'make xen-tree-4.17' (or export your edits first)"

	# The series again, with your identity: same trees, new commits.
	export GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email
	export GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email
	parent=$(git -C "$tree" rev-parse base)
	for c in $(git -C "$tree" rev-list --reverse base..HEAD); do
		author=$(git -C "$tree" log -1 --format='%an <%ae>' "$c")
		msg=$(git -C "$tree" log -1 --format=%B "$c" | grep -vxF "Signed-off-by: $author" |
			git -C "$tree" interpret-trailers --trailer "Signed-off-by: $me")
		parent=$(git -C "$tree" commit-tree "$c^{tree}" -p "$parent" -m "$msg")
	done

	rm -rf "$out"
	mkdir -p "$out"
	git -C "$tree" format-patch --quiet --numbered --zero-commit --subject-prefix="$prefix" -o "$out" base.."$parent"
	n=$(git -C "$tree" rev-list --count base.."$parent")
	for p in "$out"/[0-9]*.patch; do
		address_patch "$tree" "$p" "$p"
	done

	subject=$(sed -n '1s/^Subject: //p' "$cover")
	[ -n "$subject" ] || die "$cover does not start with a Subject: line"
	case $subject in "[$prefix 00/$n]"*) ;; *) die "$cover: the subject says '${subject%%]*}]' but the series is [$prefix 00/$n]";; esac
	{
		echo "From: $me"
		echo "Date: $(date -R)"
		echo "Subject: $subject"
		echo
		sed '1,2d' "$cover"
		echo
		git -C "$tree" shortlog base.."$parent"
		git -C "$tree" diff --stat --summary base "$parent"
		echo "-- "
		git --version | sed 's/^git version //'
	} >"$out/0000-cover-letter.patch"
	address_patch "$tree" "$out/0000-cover-letter.patch" "$out"/[0-9]*.patch
	info "$series: $n patches and a cover letter in ${out#"$ROOT"/}/ (git send-email ${out#"$ROOT"/}/*.patch)"
}

# address_patch TREE FILE PATCH...: put To: (maintainers) and Cc: (reviewers,
# lists) for PATCH... into FILE's headers, from TREE's scripts/get_maintainer.pl.
address_patch() {
	local tree=$1 file=$2 to cc opts=(--no-git --no-git-fallback --no-rolestats)
	shift 2
	# Linux's script also looks up the authors of Fixes: commits, which a
	# tarball base does not have; Xen's has no such option.
	(cd "$tree" && perl scripts/get_maintainer.pl --help 2>&1) | grep -q -- '--fixes' && opts+=(--no-fixes)
	to=$(cd "$tree" && perl scripts/get_maintainer.pl "${opts[@]}" --m --no-r --no-l "$@" 2>/dev/null |
		sort -u) || die "scripts/get_maintainer.pl failed in $tree on $*"
	cc=$(cd "$tree" && perl scripts/get_maintainer.pl "${opts[@]}" --no-m --r --l "$@" 2>/dev/null |
		sort -u | grep -vxF -f <(echo "$to")) || true
	[ -n "$to" ] || die "scripts/get_maintainer.pl names no maintainer for $*"
	{
		sed '/^Subject: /,$d' "$file"
		echo "$to" | sed 's/^/To: /'
		[ -z "$cc" ] || echo "$cc" | sed 's/^/Cc: /'
		sed -n '/^Subject: /,$p' "$file"
	} >"$file.new"
	mv "$file.new" "$file"
}

outgoing linux "$BUILD/outgoing/linux" "$ROOT/patches/cover-letter.txt"
outgoing linux-6.12 "$BUILD/outgoing/linux-6.12" "$ROOT/stable/linux-6.12/cover-letter.txt" "PATCH 6.12"
outgoing xen "$BUILD/outgoing/xen" "$ROOT/patches/xen-tools/cover-letter.txt"
outgoing xen-4.17 "$BUILD/outgoing/xen-4.17" "$ROOT/stable/xen-4.17/cover-letter.txt" "PATCH for-4.17"
