#!/usr/bin/env bash
# Same-run comparison of gost4j TUN and socat TUN (iff-no-pi) on one two-namespace topology:
# single-stream TCP (iperf3), ping RTT, gost4j start-to-first-ping and resident memory.
#   bench/compare.sh [--seconds N] [--runs N]
# Needs root, iperf3, socat, a built distribution (mvn -DskipTests package).
set -euo pipefail
SECONDS_PER_TEST=10
RUNS=1
while (($#)); do
    case $1 in
        --seconds) SECONDS_PER_TEST=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        *) echo "usage: $0 [--seconds N] [--runs N]" >&2; exit 2 ;;
    esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
GOST4J=$HERE/../distribution/target/gost4j/bin/gost4j
[[ -x $GOST4J ]] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
for tool in iperf3 socat ip ping; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

SRV=g4j-bench-srv-$$
CLI=g4j-bench-cli-$$
WORK=$(mktemp -d /tmp/gost4j-bench.XXXXXX)
PIDS=()

stop_all() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    PIDS=()
}
cleanup() { stop_all; ip netns del "$SRV" 2>/dev/null || true; ip netns del "$CLI" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

ip netns add "$SRV"; ip netns add "$CLI"
ip link add "g4jb$$a" netns "$SRV" type veth peer name "g4jb$$b" netns "$CLI"
ip -n "$SRV" addr add 10.200.0.1/24 dev "g4jb$$a"; ip -n "$CLI" addr add 10.200.0.2/24 dev "g4jb$$b"
for ns in "$SRV" "$CLI"; do ip -n "$ns" link set lo up; done
ip -n "$SRV" link set "g4jb$$a" up; ip -n "$CLI" link set "g4jb$$b" up

bg() { # namespace log command...
    local ns=$1 log=$2; shift 2
    ip netns exec "$ns" "$@" >"$log" 2>&1 &
    PIDS+=($!)
}

first_ping_ms() { # start-ns
    local start=$1
    until ip netns exec "$CLI" ping -c 1 -W 1 192.168.123.1 >/dev/null 2>&1; do
        (( $(date +%s%N) - start < 30000000000 )) || { echo "no ping within 30 s" >&2; cat "$WORK"/*.log >&2; exit 1; }
        sleep 0.02
    done
    echo $(( ($(date +%s%N) - start) / 1000000 ))
}

measure() { # label -> prints "label tcp_gbps ping_avg_ms"
    bg "$SRV" "$WORK/iperf3-server.log" iperf3 -s -1
    sleep 0.3
    local gbps
    gbps=$(ip netns exec "$CLI" iperf3 -c 192.168.123.1 -t "$SECONDS_PER_TEST" -J |
        python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))')
    local rtt
    rtt=$(ip netns exec "$CLI" ping -q -c 50 -i 0.01 192.168.123.1 | awk -F/ '/^rtt/ {print $5}')
    echo "$1 $gbps $rtt"
}

rss_mb() { # pid of bin/gost4j (exec'd java)
    awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"
}

printf '| run | path | TCP 1x Gbit/s | ping avg ms | start to first ping ms | RSS MB (server, client) |\n|---|---|---:|---:|---:|---|\n'
for run in $(seq "$RUNS"); do
    start=$(date +%s%N)
    bg "$SRV" "$WORK/gost4j-server.log" env GOST4J_OPTS="${GOST4J_OPTS:-}" "$GOST4J" -L "tun://:8421?net=192.168.123.1/24&name=g4jtun0"
    server_pid=${PIDS[-1]}
    bg "$CLI" "$WORK/gost4j-client.log" env GOST4J_OPTS="${GOST4J_OPTS:-}" "$GOST4J" -L "tun://:0/10.200.0.1:8421?net=192.168.123.2/24&name=g4jtun0"
    client_pid=${PIDS[-1]}
    startup=$(first_ping_ms "$start")
    read -r _ gbps rtt < <(measure gost4j)
    # bg ran "env ... gost4j", which execs java: the PIDs are the JVMs
    printf '| %s | gost4j TUN | %s | %s | %s | %s, %s |\n' "$run" "$gbps" "$rtt" "$startup" "$(rss_mb "$server_pid")" "$(rss_mb "$client_pid")"
    stop_all

    bg "$SRV" "$WORK/socat-server.log" socat TUN:192.168.123.1/24,up,tun-name=sctun0,iff-no-pi UDP-LISTEN:8421
    sleep 0.3
    start=$(date +%s%N)
    bg "$CLI" "$WORK/socat-client.log" socat UDP:10.200.0.1:8421 TUN:192.168.123.2/24,up,tun-name=sctun0,iff-no-pi
    startup=$(first_ping_ms "$start")
    read -r _ gbps rtt < <(measure socat)
    printf '| %s | socat TUN | %s | %s | %s | |\n' "$run" "$gbps" "$rtt" "$startup"
    stop_all
done
