"""Reads bench/pingtail.sh's ping.txt and the two JVM logs of a round; prints the pings over 1 ms with the JVM
events (compilations, collections, safepoints, trims) logged from 5 ms before each ping's reply to 2 ms after, and
with the time since the last DAMON sampling pass where the round recorded them (kdamond.txt)."""
import bisect
import datetime
import os
import re
import statistics
import sys
import time

out = sys.argv[1]
pings = []
with open(out + '/ping.txt') as f:
    for line in f:
        m = re.match(r'\[(\d+\.\d+)\].*time=([\d.]+) ms', line)
        if m:
            pings.append((float(m.group(1)), float(m.group(2))))
events = []
for role in ('server', 'client'):
    with open(f'{out}/{role}.jvm.log', errors='replace') as f:
        for line in f:
            m = re.match(r'\[(\S+)\] (.*)', line)
            if m:
                at = datetime.datetime.strptime(m.group(1), '%Y-%m-%dT%H:%M:%S.%f%z').timestamp()
                events.append((at, role, ' '.join(m.group(2).split())))
damon = []
if os.path.exists(out + '/kdamond.txt'):
    # perf stamps with the monotonic clock, ping with the wall clock; their difference holds within a round
    realtime_minus_monotonic = time.clock_gettime(time.CLOCK_REALTIME) - time.clock_gettime(time.CLOCK_MONOTONIC)
    with open(out + '/kdamond.txt') as f:
        damon = sorted(float(t) + realtime_minus_monotonic for t in f if t.strip())
AFTER_DAMON = 0.030


def damon_pass_before(at, rtt):
    """Seconds from the last kdamond pass to this ping's sending where that is at most AFTER_DAMON, else None."""
    sent = at - rtt / 1000
    i = bisect.bisect_right(damon, sent)
    return sent - damon[i - 1] if i and sent - damon[i - 1] <= AFTER_DAMON else None


if not pings:
    sys.exit('no ping came back')
rtts = sorted(rtt for _, rtt in pings)
slow = [(at, rtt) for at, rtt in pings if rtt > 1]
first = pings[0][0]
print('pings %d: avg %.3f ms, p99 %.3f, max %.3f; over 1 ms: %d (%d in the first 0.5 s)' % (
    len(rtts), statistics.mean(rtts), rtts[max(0, int(len(rtts) * 0.99) - 1)], rtts[-1], len(slow),
    sum(1 for at, _ in slow if at - first < 0.5)))
if damon:
    print('DAMON passes: %d; sent within %d ms after one: %d of the pings over 1 ms, %d of all %d' % (
        len(damon), AFTER_DAMON * 1000, sum(1 for p in slow if damon_pass_before(*p) is not None),
        sum(1 for p in pings if damon_pass_before(*p) is not None), len(pings)))
for at, rtt in slow:
    near = [e for e in events if at - rtt / 1000 - 0.005 <= e[0] <= at + 0.002]
    since = damon_pass_before(at, rtt)
    mark = ' [DAMON pass %.0f ms before]' % (since * 1000) if since is not None else ''
    print('  +%.3f s %.2f ms%s: %s' % (at - first, rtt, mark, '; '.join('%s %s' % (e[1], e[2][:80]) for e in near)
                                       or '-'))
