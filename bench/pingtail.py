"""Reads bench/pingtail.sh's ping.txt and the two JVM logs of a round; prints the pings over 1 ms with the JVM
events (compilations, collections, safepoints, trims) logged from 5 ms before each ping's reply to 2 ms after."""
import datetime
import re
import statistics
import sys

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
if not pings:
    sys.exit('no ping came back')
rtts = sorted(rtt for _, rtt in pings)
slow = [(at, rtt) for at, rtt in pings if rtt > 1]
first = pings[0][0]
print('pings %d: avg %.3f ms, p99 %.3f, max %.3f; over 1 ms: %d (%d in the first 0.5 s)' % (
    len(rtts), statistics.mean(rtts), rtts[max(0, int(len(rtts) * 0.99) - 1)], rtts[-1], len(slow),
    sum(1 for at, _ in slow if at - first < 0.5)))
for at, rtt in slow:
    near = [e for e in events if at - rtt / 1000 - 0.005 <= e[0] <= at + 0.002]
    print('  +%.3f s %.2f ms: %s' % (at - first, rtt, '; '.join('%s %s' % (e[1], e[2][:80]) for e in near) or '-'))
