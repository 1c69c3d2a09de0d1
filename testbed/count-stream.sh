#!/bin/sh
# count-stream.sh COMMAND...: run a migration's receiving COMMAND with its
# stream (stdin) counted on the way: the byte count goes to
# /tmp/stream.bytes when the stream ends. The same count for either
# toolstack's sender, so the cost of ours and the stock one compare (page
# data is almost all of a stream: 4 KiB a page plus 8 bytes of its pfn).
rm -f /tmp/stream.fifo /tmp/stream.bytes
mkfifo /tmp/stream.fifo || exit 1
wc -c </tmp/stream.fifo >/tmp/stream.bytes &
tee /tmp/stream.fifo | "$@"
rc=$?
wait
exit $rc
