#!/usr/bin/env bash
# The ping tail after a TCP test, traced: one tunnel (gost4j TUN, or socat for comparison), 10 s of single-stream
# TCP, then pings at 10 ms. gost4j's two appliances log their JIT compilations, collections, safepoints and native
# heap trims with wall-clock times; each ping over 1 ms is printed with the JVM events of the 5 ms before it. Where the
# kernel runs DAMON (kdamond threads) and perf is installed, its sampling passes are recorded too: a ping sent within
# 30 ms after one is marked.
#   bench/pingtail.sh [--seconds 3] [--socat] [--rounds 1]   (GOST4J_OPTS and a URL suffix in PINGTAIL_URL pass on)
# Needs root, iperf3, socat (with --socat), python3, a built distribution.
set -euo pipefail
SECS=3
SOCAT=
ROUNDS=1
while (($#)); do
    case $1 in
        --seconds) SECS=$2; shift 2 ;;
        --socat) SOCAT=1; shift ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        *) sed -n '2,6p' "$0" >&2; exit 2 ;;
    esac
done
[[ $SECS =~ ^[1-9][0-9]*$ && $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "--seconds and --rounds take a whole number above 0" >&2; exit 2; }
for tool in iperf3 ip ss ping python3 ${SOCAT:+socat}; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }; done
HERE=$(cd "$(dirname "$0")" && pwd)
GOST4J=$HERE/../distribution/target/gost4j/bin/gost4j
[[ -n $SOCAT || -x $GOST4J ]] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
# shellcheck source=bench/topology.sh
. "$HERE/topology.sh"

round() {
    local out=$1 log="-Xlog:trimnative=debug,gc=info,safepoint=info,jit+compilation=debug"
    if [[ -n $SOCAT ]]; then
        : > "$out/server.jvm.log"; : > "$out/client.jvm.log"
        bg "$SRV" "$out/server.log" socat TUN:192.168.124.1/24,up,tun-name=g4jt0,iff-no-pi UDP-LISTEN:8421
        bg "$CLI" "$out/client.log" socat UDP:10.202.0.1:8421 TUN:192.168.124.2/24,up,tun-name=g4jt0,iff-no-pi
    else
        GOST4J_OPTS="${GOST4J_OPTS:-} $log:file=$out/server.jvm.log:time" bg "$SRV" "$out/server.log" "$GOST4J" \
            -L "tun://:8421?net=192.168.124.1/24&name=g4jt0${PINGTAIL_URL:-}"
        until ip netns exec "$SRV" sh -c "ss -Huln 'sport = :8421' | grep -q ."; do sleep 0.1; done
        GOST4J_OPTS="${GOST4J_OPTS:-} $log:file=$out/client.jvm.log:time" bg "$CLI" "$out/client.log" "$GOST4J" \
            -L "tun://:0/10.202.0.1:8421?net=192.168.124.2/24&name=g4jt0${PINGTAIL_URL:-}"
    fi
    local tries=0
    until ip netns exec "$CLI" ping -c 1 -W 1 192.168.124.1 >/dev/null 2>&1; do
        ((++tries < 60)) || { echo "no tunnel after 60 s; logs in $out" >&2; exit 1; }
        sleep 0.5
    done
    bg "$SRV" /dev/null iperf3 -s
    sleep 0.3
    ip netns exec "$CLI" iperf3 -c 192.168.124.1 -t 10 | awk '/receiver/ {print "TCP", $7, $8}'
    local perf_pid=
    if command -v perf >/dev/null && pgrep '^kdamond' >/dev/null; then
        perf record -q -k monotonic -a -e sched:sched_switch --filter 'prev_comm ~ "kdamond*"' -o "$out/kdamond.data" \
            >/dev/null 2>&1 &
        perf_pid=$!
    fi
    ip netns exec "$CLI" ping -D -c $((SECS * 100)) -i 0.01 192.168.124.1 > "$out/ping.txt"
    if [[ -n $perf_pid ]]; then
        kill -INT "$perf_pid" 2>/dev/null || true # perf may have refused to record (no tracefs, no permission)
        wait "$perf_pid" || true
        { perf script -i "$out/kdamond.data" -F time 2>/dev/null || true; } | tr -d ' :' > "$out/kdamond.txt"
    fi
    stop_all
    python3 "$HERE/pingtail.py" "$out"
}

topology g4jt 10.202.0
for ((r = 1; r <= ROUNDS; r++)); do
    OUT=$(mktemp -d)
    echo "round $r ($OUT)"
    round "$OUT"
done
