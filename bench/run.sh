#!/usr/bin/env bash
# Benchmark: gost4j TUN, gost4j TAP, socat TUN (iff-no-pi) and the direct veth path, measured alternately on
# one two-namespace topology. Per path and run: iperf3 TCP with 1 and 4 streams, the highest small-UDP rate
# (64-byte datagrams, fixed-rate sweep) with under 1 % loss, ping RTT average and p99, tunnel CPU during the
# single-stream test, gost4j's resident memory, the client's start to first ping (the client starts once
# the server's UDP port is bound, as when a client joins a running server) and the server's start to its tunnel up
# (device up and UDP port bound). Before measuring, each gost4j build runs once, as an installation's first run:
# its exit writes the class-data sharing archive later starts use. Prints a Markdown table of medians with ratios to socat,
# writes results.tsv, results.md, chart.png (gnuplot) and each ping run (PATH-RUN-ping.txt, with timestamps) into --out.
# gost4j-tun-nooffload is gost4j TUN with offload=false (the device reads and writes one packet at a time).
# With --old DIR (another build's distribution/target/gost4j), old-gost4j-tun, old-gost4j-tap and
# old-gost4j-tun-nooffload run that build, so two builds are compared in one run, interleaved.
# UDP datagrams use 4 MB socket buffers (-w 4M): with the defaults iperf3 itself drops at 40 kpps on the bare veth.
#   bench/run.sh [--runs 3] [--seconds 10] [--paths direct,gost4j-tun,gost4j-tap,socat-tun]
#                [--sweep 5,10,15,20,30,40,60,80,100,120,160,240] [--out DIR] [--old DIR]
# Needs root, iperf3, socat, python3, gnuplot (optional, for the chart), a built distribution.
# A server with 1,000 clients and registrations per second: bench/clients.sh (its own topology, one more namespace).
set -euo pipefail
RUNS=3
SECS=10
PATHS=direct,gost4j-tun,gost4j-tap,socat-tun
SWEEP=5,10,15,20,30,40,60,80,100,120,160,240
OLD=
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/../target/bench-$(date +%Y%m%d-%H%M%S)
while (($#)); do
    case $1 in
        --runs) RUNS=$2; shift 2 ;;
        --seconds) SECS=$2; shift 2 ;;
        --paths) PATHS=$2; shift 2 ;;
        --sweep) SWEEP=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --old) OLD=$2/bin/gost4j; shift 2 ;;
        *) sed -n '2,10p' "$0" >&2; exit 2 ;;
    esac
done
GOST4J=$HERE/../distribution/target/gost4j/bin/gost4j
[[ -x $GOST4J ]] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
for tool in iperf3 socat ip ss ping python3; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# shellcheck source=bench/topology.sh
. "$HERE/topology.sh"
topology g4jb 10.200.0

# Starts a path's tunnel; sets TARGET (server-side address to measure against), TUNNEL_PIDS, SERVER_UP_S and
# FIRST_PING_S.
start_path() {
    TUNNEL_PIDS=()
    FIRST_PING_S=-
    SERVER_UP_S=-
    local server client bin=$GOST4J path=$1
    if [[ $path == old-* ]]; then
        [[ -x $OLD ]] || { echo "$1 needs --old DIR with a built distribution" >&2; exit 2; }
        bin=$OLD path=${path#old-}
    fi
    case $path in
        direct) TARGET=10.200.0.1; return ;;
        gost4j-tun|gost4j-tap|gost4j-tun-nooffload)
            local scheme=${path#gost4j-} extra=""
            [[ $path == gost4j-tun-nooffload ]] && { scheme=tun; extra="&offload=false"; }
            server=("$bin" -L "$scheme://:8421?net=192.168.123.1/24&name=g4jb0$extra")
            client=("$bin" -L "$scheme://:0/10.200.0.1:8421?net=192.168.123.2/24&name=g4jb0$extra") ;;
        socat-tun)
            server=(socat TUN:192.168.123.1/24,up,tun-name=g4jb0,iff-no-pi UDP-LISTEN:8421)
            client=(socat UDP:10.200.0.1:8421 TUN:192.168.123.2/24,up,tun-name=g4jb0,iff-no-pi) ;;
        *) echo "unknown path $1" >&2; exit 2 ;;
    esac
    TARGET=192.168.123.1
    local launched=$EPOCHREALTIME
    bg "$SRV" "$OUT/$1-$run-server.log" "${server[@]}"
    TUNNEL_PIDS+=("${PIDS[-1]}")
    await "$1" "server tunnel" ip netns exec "$SRV" sh -c \
        "ss -Huln 'sport = :8421' | grep -q . && ip link show g4jb0 | grep -q LOWER_UP"
    SERVER_UP_S=$(python3 -c "print(round($EPOCHREALTIME - $launched, 2))")
    local started=$EPOCHREALTIME
    bg "$CLI" "$OUT/$1-$run-client.log" "${client[@]}"
    TUNNEL_PIDS+=("${PIDS[-1]}")
    await "$1" "ping" ip netns exec "$CLI" ping -c 1 -W 1 "$TARGET"
    FIRST_PING_S=$(python3 -c "print(round($EPOCHREALTIME - $started, 2))")
}

await() { # path, what, command...: polls the command for up to 30 s
    local path=$1 what=$2 start=$SECONDS; shift 2
    until "$@" >/dev/null 2>&1; do
        (( SECONDS - start < 30 )) || { echo "$path: no $what within 30 s" >&2; tail -20 "$OUT/$path-$run"-*.log >&2; exit 1; }
        sleep 0.02
    done
}

cpu_ticks() { local total=0 pid; for pid in "${TUNNEL_PIDS[@]}"; do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done; echo $total; }
rss_mb() { local pid; for pid in "${TUNNEL_PIDS[@]}"; do awk '/VmRSS/ {printf "%.0f ", $2/1024}' "/proc/$pid/status"; done; }
iperf_json() { ip netns exec "$CLI" iperf3 -c "$TARGET" -J --connect-timeout 3000 "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

measure() { # path -> one TSV line
    bg "$SRV" "$OUT/iperf3-server.log" iperf3 -s
    local iperf_pid=${PIDS[-1]}
    sleep 0.3
    local ticks0 tcp1 tcp4 best=0 rate loss rtts
    ticks0=$(cpu_ticks)
    tcp1=$(iperf_json -t "$SECS" | json 'round(d["end"]["sum_received"]["bits_per_second"]/1e9, 3)')
    local cpu=$(( ($(cpu_ticks) - ticks0) * 100 / $(getconf CLK_TCK) / SECS ))
    tcp4=$(iperf_json -t "$SECS" -P 4 | json 'round(d["end"]["sum_received"]["bits_per_second"]/1e9, 3)')
    rtts=$(ip netns exec "$CLI" ping -D -c 300 -i 0.01 "$TARGET" | tee "$OUT/$1-$run-ping.txt" |
        sed -n 's/.*time=\([0-9.]*\) ms/\1/p' |
        python3 -c 'import sys, statistics as s; v=sorted(float(x) for x in sys.stdin); print("%.3f\t%.3f" % (s.mean(v), v[max(0, int(len(v)*0.99)-1)]))')
    for rate in ${SWEEP//,/ }; do
        loss=$(iperf_json -u -w 4M -l 64 -b $(( rate * 1000 * 64 * 8 )) -t 5 | json 'd["end"]["sum"]["lost_percent"]')
        if python3 -c "import sys; sys.exit(0 if $loss < 1 else 1)"; then best=$rate; else break; fi
    done
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$run" "$tcp1" "$tcp4" "$best" "$rtts" "$cpu" \
        "$(rss_mb | xargs | tr ' ' '/')" "$FIRST_PING_S" "$SERVER_UP_S"
    kill "$iperf_pid" 2>/dev/null || true
}

TSV=$OUT/results.tsv
printf 'path\trun\ttcp1_gbps\ttcp4_gbps\tudp64_kpps_under_1pct\tping_avg_ms\tping_p99_ms\ttunnel_cpu_pct\trss_mb\tfirst_ping_s\tserver_up_s\n' >"$TSV"
run=0
for build in gost4j old-gost4j; do
    [[ ",$PATHS," == *",$build-"* ]] || continue
    echo "[bench] first run of the $build build" >&2
    start_path "$build-tun"
    stop_all
done
for run in $(seq "$RUNS"); do
    for path in ${PATHS//,/ }; do
        echo "[bench] run $run: $path" >&2
        start_path "$path"
        measure "$path" | tee -a "$TSV" >&2
        stop_all
    done
done

python3 "$HERE/summarize.py" "$TSV" "$OUT"
cat "$OUT/results.md"
