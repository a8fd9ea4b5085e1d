#!/usr/bin/env bash
# Allocation on the packet path: a gost4j TUN server recorded with JFR while iperf3 TCP runs each way, 64-byte UDP
# at a fixed rate and pings pass through the tunnel; prints what each of its gost4j threads allocated in its life
# (jdk.ThreadAllocationStatistics at the end). The packets thread should show only its start-up.
#   bench/alloc.sh [--seconds 10] [--scheme tun|tap]
# Needs root, iperf3, a built distribution.
set -euo pipefail
SECS=10
SCHEME=tun
while (($#)); do
    case $1 in
        --seconds) SECS=$2; shift 2 ;;
        --scheme) SCHEME=$2; shift 2 ;;
        *) sed -n '2,6p' "$0" >&2; exit 2 ;;
    esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
GOST4J=$HERE/../distribution/target/gost4j/bin/gost4j
[[ -x $GOST4J ]] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
OUT=$(mktemp -d)
# shellcheck source=bench/topology.sh
. "$HERE/topology.sh"
topology g4ja 10.201.0
GOST4J_OPTS="-XX:StartFlightRecording=filename=$OUT/server.jfr,settings=default" \
    bg "$SRV" "$OUT/server.log" "$GOST4J" -L "$SCHEME://:8421?net=192.168.123.1/24&name=g4ja0"
SERVER=${PIDS[-1]}
until ip netns exec "$SRV" sh -c "ss -Huln 'sport = :8421' | grep -q ."; do sleep 0.1; done
bg "$CLI" "$OUT/client.log" "$GOST4J" -L "$SCHEME://:0/10.201.0.1:8421?net=192.168.123.2/24&name=g4ja0"
until ip netns exec "$CLI" ping -c 1 -W 1 192.168.123.1 >/dev/null 2>&1; do sleep 0.2; done
bg "$SRV" "$OUT/iperf3.log" iperf3 -s
sleep 0.5
ip netns exec "$CLI" iperf3 -c 192.168.123.1 -t "$SECS" | tail -3
ip netns exec "$CLI" iperf3 -c 192.168.123.1 -t "$SECS" -R | tail -3
ip netns exec "$CLI" iperf3 -c 192.168.123.1 -u -w 4M -l 64 -b 40M -t 5 | tail -3
ip netns exec "$CLI" ping -q -c 1000 -i 0.01 192.168.123.1 | tail -2
kill -TERM "$SERVER"
for _ in $(seq 100); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
jfr print --events jdk.ThreadAllocationStatistics "$OUT/server.jfr" |
    python3 -c '
import re, sys
text = sys.stdin.read()
last = {}
for block in text.split("jdk.ThreadAllocationStatistics")[1:]:
    thread = re.search(r"thread = \"([^\"]+)\"", block)
    allocated = re.search(r"allocated = ([0-9.,]+ [kMG]?B)", block)
    if thread and allocated and thread.group(1).startswith("gost4j-"):
        last[thread.group(1)] = allocated.group(1)
for thread, allocated in sorted(last.items()):
    print(f"{thread}\t{allocated}")'
