#!/usr/bin/env bash
# A gost4j TUN server with many clients: one real client (its own namespace, as in bench/run.sh) and --clients
# fake ones from a load generator in a third namespace (bench/LoadGen.java, run from source: each fake client
# its own UDP socket and source port, its own tunnel IP, GOST registrations, keepalives every 10 s and a trickle
# of pings through the server). Per run, on one fresh server:
#   - single-stream TCP (iperf3) to the real client's server side (the client with keepalive) with that client
#     alone, then with the fake clients registered and kept alive, and alone again once they expired (3 x ttl
#     after the generator stops): the ratio is "with" over the mean of the two, so the machine's drift cancels;
#     the server's CPU seconds per GB carried;
#   - the server's live heap after a full GC (jcmd GC.class_histogram: exact bytes, and the classes that grew)
#     and its RSS, alone and with the fake clients: the difference per fake client; the live heap again after
#     one scrape of the server's metrics endpoint (which lists every client), and after they expired (what a
#     gone client leaves behind);
#   - registrations handled per second, flat out: keepalives (each fake client repeats its registration) and
#     moving ones (each registration moves a tunnel IP to another source port, as a restarted client's new port
#     takes its IP over), counted as the server's answers; the CPU microseconds its packets thread spent per
#     registration (the robust figure on a busy machine: that one thread handles them, so 1e6 / µs is the
#     server's capacity on one free core); when the server
#     answers nearly all that was offered, the generator (one thread) was the limit, not the server;
#   - pings through the real client's tunnel without and during a flood of moving registrations at --rate per
#     second: lost and p99, and how long the packets thread waited for a CPU meanwhile (/proc/.../schedstat);
#   - the server's log lines after all this (remote-triggerable lines must stay bounded).
# Writes clients.tsv and clients.md into --out and prints the Markdown (medians over runs).
#   bench/clients.sh [--runs 3] [--clients 1000] [--seconds 10] [--flood 5] [--rate 20000] [--out DIR]
# Needs root, iperf3, ping, python3, jcmd (a JDK 17, also to run LoadGen.java), a built distribution.
set -euo pipefail
RUNS=3
CLIENTS=1000
SECS=10
FLOOD=5
RATE=20000
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/../target/clients-$(date +%Y%m%d-%H%M%S)
while (($#)); do
    case $1 in
        --runs) RUNS=$2; shift 2 ;;
        --clients) CLIENTS=$2; shift 2 ;;
        --seconds) SECS=$2; shift 2 ;;
        --flood) FLOOD=$2; shift 2 ;;
        --rate) RATE=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) sed -n '2,19p' "$0" >&2; exit 2 ;;
    esac
done
GOST4J=$HERE/../distribution/target/gost4j/bin/gost4j
[[ -x $GOST4J ]] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
for tool in iperf3 ip ss ping python3 java jcmd curl; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# The server takes at most 256 tunnel IPs from one source host (PeerTable), so the fake clients come from
# several addresses of the generator's namespace, 250 each.
HOSTS=$(( (CLIENTS + 249) / 250 ))
# shellcheck source=bench/topology.sh
. "$HERE/topology.sh"
topology g4jc 10.210.0
side g4jc 10.210.1 "$HOSTS"
SOURCES=$(seq -s, -f '10.210.1.%g' 2 $((HOSTS + 1)))
# The server's net holds the real client (.0.2) and the fake ones (from .1.1 on): a /16.
TARGET=172.20.0.1
METRICS=127.0.0.1:9109
# Compiled once for all runs (java runs a single source file, but compiling it at each start costs seconds).
javac -d "$OUT/loadgen" "$HERE/LoadGen.java"
loadgen() { ip netns exec "$SIDE" java -cp "$OUT/loadgen" LoadGen --server 10.210.1.1:8421 --clients "$CLIENTS" \
    --first-ip 172.20.1.1 --target "$TARGET" --sources "$SOURCES" "$@"; }

await() { # what, command...: polls the command for up to $WAIT_S (60) s
    local what=$1 start=$SECONDS limit=${WAIT_S:-60}; shift
    until "$@" >/dev/null 2>&1; do
        (( SECONDS - start < limit )) || { echo "no $what within $limit s" >&2; tail -20 "$OUT"/run"$run"-*.log >&2; exit 1; }
        sleep 0.05
    done
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The server's packets thread (it handles every registration): its native id from jcmd's thread dump.
# Without the JNI poller (JNA) the network has a thread of its own.
packets_thread() { jcmd "$SERVER" Thread.print |
    sed -n 's/^"gost4j-service-0-\(packets\|network-to-device\)".* nid=0x\([0-9a-f]*\).*/\2/p' | head -1; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
only_real_client() { [[ $(peers) == 1 ]]; }
peers() { ip netns exec "$SRV" curl -fsS "http://$METRICS/metrics" | awk '/^gost4j_service_peers[{ ]/ {printf "%d", $NF}'; }
value() { awk -v k="$1" '$1 == k {print $2}' "$2"; } # key file: a LoadGen output value
# Live heap after a full GC, exact: the class histogram's total (jcmd runs a full GC first); keeps the histogram.
live_bytes() { jcmd "$SERVER" GC.class_histogram >"$OUT/run$run-histogram-$1.txt"; awk '$1 == "Total" {print $3}' "$OUT/run$run-histogram-$1.txt"; }
tcp1() { # seconds -> Gbit/s; sets TCP_BYTES
    local json
    json=$(ip netns exec "$CLI" iperf3 -c "$TARGET" -J --connect-timeout 3000 -t "$1")
    TCP_BYTES=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['end']['sum_received']['bytes'])" "$json")
    python3 -c "import json,sys; print(round(json.loads(sys.argv[1])['end']['sum_received']['bits_per_second']/1e9, 3))" "$json"
}
cpu_s_per_gb() { python3 -c "print(round(($1) / $(getconf CLK_TCK) / ($2 / 1e9), 3))"; }
pings() { # count -> "lost%<TAB>p99 ms"
    ip netns exec "$CLI" ping -c "$1" -i 0.01 -W 1 "$TARGET" | python3 -c '
import re, sys
text = sys.stdin.read()
v = sorted(float(x) for x in re.findall(r"time=([\d.]+) ms", text))
lost = re.search(r"([\d.]+)% packet loss", text).group(1)
print("%s\t%.3f" % (lost, v[max(0, int(len(v) * 0.99) - 1)] if v else float("nan")))'
}

TSV=$OUT/clients.tsv
printf 'run\tclients\ttcp1_alone_gbps\ttcp1_with_clients_gbps\ttcp1_alone_after_gbps\ttcp1_ratio\tcpu_s_per_gb_alone\tcpu_s_per_gb_with\tcpu_s_per_gb_alone_after\tlive_bytes_per_client\tlive_bytes_per_client_scraped\tlive_bytes_left_per_client\trss_bytes_per_client\tregister_all_ms\tkeepalive_reg_per_s\tkeepalive_offered_per_s\tkeepalive_cpu_us\tmoving_reg_per_s\tmoving_offered_per_s\tmoving_cpu_us\tpaced_offered_per_s\tpaced_answered_per_s\tping_lost_pct_idle\tping_p99_ms_idle\tping_lost_pct_flood\tping_p99_ms_flood\tqueued_ms_per_s_flood\techo_replies\techo_requests\tpeers_seen\tlog_lines\n' >"$TSV"
for run in $(seq "$RUNS"); do
    echo "[clients] run $run" >&2
    bg "$SRV" "$OUT/run$run-server.log" "$GOST4J" -L "tun://:8421?net=$TARGET/16&name=g4jc0" -metrics "$METRICS"
    SERVER=${PIDS[-1]}
    await "server port" ip netns exec "$SRV" sh -c "ss -Huln 'sport = :8421' | grep -q ."
    bg "$CLI" "$OUT/run$run-client.log" "$GOST4J" -L "tun://:0/10.210.0.1:8421?net=172.20.0.2/16&name=g4jc0&keepalive=true"
    await "ping" ip netns exec "$CLI" ping -c 1 -W 1 "$TARGET"
    bg "$SRV" "$OUT/run$run-iperf3.log" iperf3 -s -B "$TARGET"
    sleep 0.5
    tcp1 3 >/dev/null # warm-up: the packet path compiled before either measurement

    peers_alone=$(peers) # the first scrape also loads the endpoint's code: before the heap is measured
    live_alone=$(live_bytes alone); rss_alone=$(rss_kb "$SERVER")
    t0=$(ticks "$SERVER"); alone=$(tcp1 "$SECS"); cpu_alone=$(cpu_s_per_gb "$(ticks "$SERVER") - $t0" "$TCP_BYTES")

    bg "$SIDE" "$OUT/run$run-hold.txt" java -cp "$OUT/loadgen" LoadGen --server 10.210.1.1:8421 --clients "$CLIENTS" \
        --first-ip 172.20.1.1 --target "$TARGET" --sources "$SOURCES" --hold 0
    HOLD=${PIDS[-1]}
    await "fake clients registered" grep -q '^registered' "$OUT/run$run-hold.txt"
    sleep 2
    live_with=$(live_bytes with); rss_with=$(rss_kb "$SERVER")
    peers_seen=$(peers)
    live_scraped=$(live_bytes scraped) # a metrics scrape keeps some per-client objects afterwards
    t0=$(ticks "$SERVER"); with=$(tcp1 "$SECS"); cpu_with=$(cpu_s_per_gb "$(ticks "$SERVER") - $t0" "$TCP_BYTES")
    idle=$(pings $((FLOOD * 100)))
    kill -TERM "$HOLD"; wait "$HOLD" 2>/dev/null || true

    # Floods: each loadgen registers its clients from new ports first (moving the IPs over), then measures; the
    # packets thread's CPU time over all of it, per registration answered.
    packets=$SERVER/task/$((16#$(packets_thread)))
    for kind in keepalive moving; do
        t0=$(ticks "$packets"); loadgen --flood "$FLOOD" --kind $kind >"$OUT/run$run-$kind.txt"
        declare "${kind}_us=$(python3 -c "print(round(($(ticks "$packets") - $t0) / $(getconf CLK_TCK) * 1e6 / max(1, $(value flood_answered "$OUT/run$run-$kind.txt") + $CLIENTS), 2))")"
    done
    loadgen --flood $((FLOOD + 2)) --kind moving --rate "$RATE" >"$OUT/run$run-paced.txt" &
    paced=$!
    PIDS+=("$paced")
    await "paced flood" grep -q '^register_all_resends' "$OUT/run$run-paced.txt" # its own registrations first
    read -r _ queued0 _ <"/proc/$packets/schedstat"; started=$EPOCHREALTIME
    during=$(pings $((FLOOD * 100)))
    read -r _ queued1 _ <"/proc/$packets/schedstat"
    # ready to run, but no CPU free
    queued_ms_per_s=$(python3 -c "print(round(($queued1 - $queued0) / 1e6 / ($EPOCHREALTIME - $started)))")
    wait "$paced"

    WAIT_S=90 await "fake clients expired" only_real_client
    live_left=$(live_bytes expired)
    t0=$(ticks "$SERVER"); after=$(tcp1 "$SECS"); cpu_after=$(cpu_s_per_gb "$(ticks "$SERVER") - $t0" "$TCP_BYTES")

    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$run" "$CLIENTS" "$alone" "$with" "$after" "$(python3 -c "print(round(2 * $with / ($alone + $after), 3))")" \
        "$cpu_alone" "$cpu_with" "$cpu_after" \
        $(( (live_with - live_alone) / CLIENTS )) $(( (live_scraped - live_alone) / CLIENTS )) \
        $(( (live_left - live_alone) / CLIENTS )) \
        $(( (rss_with - rss_alone) * 1024 / CLIENTS )) \
        "$(value register_all_ms "$OUT/run$run-hold.txt")" \
        "$(value flood_answered_per_s "$OUT/run$run-keepalive.txt")" "$(value flood_offered_per_s "$OUT/run$run-keepalive.txt")" "$keepalive_us" \
        "$(value flood_answered_per_s "$OUT/run$run-moving.txt")" "$(value flood_offered_per_s "$OUT/run$run-moving.txt")" "$moving_us" \
        "$(value flood_offered_per_s "$OUT/run$run-paced.txt")" "$(value flood_answered_per_s "$OUT/run$run-paced.txt")" \
        "$idle" "$during" "$queued_ms_per_s" "$(value echo_replies "$OUT/run$run-hold.txt")" "$(value echo_requests_sent "$OUT/run$run-hold.txt")" \
        "$peers_alone/$peers_seen" "$(wc -l <"$OUT/run$run-server.log")" | tee -a "$TSV" >&2
    # what grew with the clients: the classes whose live bytes grew most
    python3 - "$OUT/run$run-histogram-alone.txt" "$OUT/run$run-histogram-with.txt" "$CLIENTS" >"$OUT/run$run-grown.txt" <<'PY'
import re, sys
def read(path):
    out = {}
    for line in open(path):
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            out[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return out
a, b, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
grown = sorted(((b[c][1] - a.get(c, (0, 0))[1], b[c][0] - a.get(c, (0, 0))[0], c) for c in b), reverse=True)
for size, count, name in grown[:15]:
    print(f"{size / n:8.1f} B/client  {count:+7d} instances  {name}")
PY
    stop_all
done

python3 - "$TSV" "$OUT" <<'PY'
import csv, os, statistics as st, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def med(key):
    return st.median(float(r[key]) for r in rows)
n = rows[0]["clients"]
lines = [f"Medians of {len(rows)} run(s), {n} fake clients.", "",
         "| figure | value | target |", "|---|---:|---|",
         f"| single-stream TCP, server with 1 client | {med('tcp1_alone_gbps'):g} Gbit/s | |",
         f"| single-stream TCP, server with {n} more | {med('tcp1_with_clients_gbps'):g} Gbit/s | |",
         f"| single-stream TCP, with 1 client again (the others expired) | {med('tcp1_alone_after_gbps'):g} Gbit/s | |",
         f"| ratio: with {n} / mean of alone before and after (per run, median) | {med('tcp1_ratio'):.3f} | ≥ 0.90 |",
         f"| server CPU per GB carried: alone / with clients / alone after | {med('cpu_s_per_gb_alone'):g} / {med('cpu_s_per_gb_with'):g} / {med('cpu_s_per_gb_alone_after'):g} s | |",
         f"| live heap per client (after full GC) | {med('live_bytes_per_client'):g} B | ≤ 2048 B |",
         f"| live heap per client after one metrics scrape | {med('live_bytes_per_client_scraped'):g} B | |",
         f"| live heap left per client once all expired | {med('live_bytes_left_per_client'):g} B | 0 |",
         f"| RSS per client (heap growth: noise at this size) | {med('rss_bytes_per_client'):g} B | |",
         f"| {n} first registrations, all answered in | {med('register_all_ms'):g} ms | |",
         *[f"| {kind} registrations answered, flat out | {med(kind + '_reg_per_s'):g}/s of {med(kind + '_offered_per_s'):g}/s offered"
           + (" (the generator's limit)" if med(kind + '_reg_per_s') >= 0.99 * med(kind + '_offered_per_s') else "")
           + f"; {med(kind + '_cpu_us'):g} µs of the packets thread each, so {1e6 / med(kind + '_cpu_us'):,.0f}/s on one core | ≥ 20,000/s |"
           for kind in ("keepalive", "moving")],
         f"| paced moving registrations answered | {med('paced_answered_per_s'):g}/s of {med('paced_offered_per_s'):g}/s | |",
         f"| pings through the real tunnel, lost % / p99 ms, without flood | {med('ping_lost_pct_idle'):g} / {med('ping_p99_ms_idle'):g} | |",
         f"| the same during the paced flood | {med('ping_lost_pct_flood'):g} / {med('ping_p99_ms_flood'):g} | no effect |",
         f"| meanwhile the packets thread waited for a CPU (ready to run) | {med('queued_ms_per_s_flood'):g} ms per s | |",
         f"| fake clients' pings answered through the server | {med('echo_replies'):g} of {med('echo_requests'):g} | |",
         f"| peers the server reported (metrics), before / with the fake clients | {rows[-1]['peers_seen']} | 1/{int(n) + 1} |",
         f"| server log lines at the end | {med('log_lines'):g} | bounded |"]
text = "\n".join(lines) + "\n"
open(os.path.join(sys.argv[2], "clients.md"), "w").write(text)
print(text)
PY
