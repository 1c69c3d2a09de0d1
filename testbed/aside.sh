#!/bin/sh
# aside.sh COMMAND...: run COMMAND with the toolstack dom0 keeps aside
# (/opt/aside: the stock one when dom0 runs ours, ours when it runs the stock
# one) in place of its own, in a private mount namespace: xl, the
# libxl-save-helper it runs and every Xen library come from the other
# toolstack, the rest of dom0 (xenstored, /run) is shared. A command run
# from there gets back to dom0's own toolstack with `nsenter -t 1 -m`.
exec unshare -m sh -c 'mount --bind /opt/aside/bin /usr/lib/xen-4.17/bin &&
	mount --bind /opt/aside/lib /usr/lib/x86_64-linux-gnu && exec "$@"' aside "$@"
