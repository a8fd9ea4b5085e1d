#!/usr/bin/env bash
# Ping RTT side by side: every path's tunnel is up at once in one two-namespace topology (own subnet, port and
# device each), and all are pinged concurrently at the same interval with their phases staggered, so each round
# sees the same machine. Per round: the mean RTT of every path and its ratio to socat's mean in that round;
# then the median over rounds. This VM's idle wake-up costs drift by ±50 % within minutes, which a sequential
# ping (bench/run.sh) cannot tell from a difference between paths.
#   bench/ping.sh [--rounds 5] [--count 500] [--interval 0.03] [--warm 3000]
#                 [--paths gost4j-tun,gost4j-tun-nooffload,gost4j-tap,socat-tun] [--out DIR] [--old DIR]
# --warm pings each gost4j path that many times at 2 ms first (the JIT), then waits 5 s. gost4j-tun-jna is
# gost4j TUN with its system calls through JNA instead of the bundles' JNI libraries (-Dgost4j.jni=false; without the
# tunnel's JNI poll each tunnel then runs two threads, one per direction).
# With --old DIR (another build's distribution/target/gost4j), old-gost4j-tun and the like run that build, so two
# builds are compared round by round.
# Needs root, socat, python3, a built distribution.
set -euo pipefail
ROUNDS=5
COUNT=500
INTERVAL=0.03
WARM=3000
PATHS=gost4j-tun,gost4j-tun-nooffload,gost4j-tap,socat-tun
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/../target/ping-$(date +%Y%m%d-%H%M%S)
while (($#)); do
    case $1 in
        --rounds) ROUNDS=$2; shift 2 ;;
        --count) COUNT=$2; shift 2 ;;
        --interval) INTERVAL=$2; shift 2 ;;
        --warm) WARM=$2; shift 2 ;;
        --paths) PATHS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --old) OLD=$2/bin/gost4j; shift 2 ;;
        *) sed -n '2,14p' "$0" >&2; exit 2 ;;
    esac
done
GOST4J=$HERE/../distribution/target/gost4j/bin/gost4j
[[ -x $GOST4J ]] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
for tool in socat ip ping python3; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# shellcheck source=bench/topology.sh
. "$HERE/topology.sh"
topology g4jp 10.201.0

# Path number i uses subnet 192.168.(130+i).0/24, UDP port 8430+i and device g4jp<i>.
declare -A TARGETS
i=0
for path in ${PATHS//,/ }; do
    net=192.168.$((130 + i)) port=$((8430 + i)) dev=g4jp$i
    case $path in
        gost4j-tun|gost4j-tap|gost4j-tun-nooffload|gost4j-tun-jna|old-gost4j-*)
            bin=$GOST4J
            if [[ $path == old-* ]]; then
                [[ -x ${OLD:-} ]] || { echo "$path needs --old DIR with a built distribution" >&2; exit 2; }
                bin=$OLD
            fi
            kind=${path#old-}
            scheme=${kind#gost4j-} extra="" opts=${GOST4J_OPTS:-}
            [[ $kind == gost4j-tun-nooffload ]] && { scheme=tun; extra="&offload=false"; }
            [[ $kind == gost4j-tun-jna ]] && { scheme=tun; opts="$opts -Dgost4j.jni=false"; }
            bg "$SRV" "$OUT/$path-server.log" env GOST4J_OPTS="$opts" "$bin" \
                -L "$scheme://:$port?net=$net.1/24&name=$dev$extra"
            bg "$CLI" "$OUT/$path-client.log" env GOST4J_OPTS="$opts" "$bin" \
                -L "$scheme://:0/10.201.0.1:$port?net=$net.2/24&name=$dev$extra" ;;
        socat-tun)
            bg "$SRV" "$OUT/$path-server.log" socat "TUN:$net.1/24,up,tun-name=$dev,iff-no-pi" "UDP-LISTEN:$port"
            sleep 0.3
            bg "$CLI" "$OUT/$path-client.log" socat "UDP:10.201.0.1:$port" "TUN:$net.2/24,up,tun-name=$dev,iff-no-pi" ;;
        *) echo "unknown path $path" >&2; exit 2 ;;
    esac
    TARGETS[$path]=$net.1
    i=$((i + 1))
done
for path in ${PATHS//,/ }; do
    start=$SECONDS
    until ip netns exec "$CLI" ping -c 1 -W 1 "${TARGETS[$path]}" >/dev/null 2>&1; do
        (( SECONDS - start < 30 )) || { echo "$path: no ping within 30 s" >&2; tail -20 "$OUT/$path"-*.log >&2; exit 1; }
        sleep 0.1
    done
    [[ $path == *gost4j-* ]] && ip netns exec "$CLI" ping -q -c "$WARM" -i 0.002 "${TARGETS[$path]}" >/dev/null
done
sleep 5

paths=(${PATHS//,/ })
stagger=$(python3 -c "print($INTERVAL / ${#paths[@]})")
for round in $(seq "$ROUNDS"); do
    echo "[ping] round $round" >&2
    pings=()
    for path in "${paths[@]}"; do
        ip netns exec "$CLI" ping -c "$COUNT" -i "$INTERVAL" "${TARGETS[$path]}" >"$OUT/$path-round$round.txt" &
        pings+=($!)
        PIDS+=($!)
        sleep "$stagger"
    done
    wait "${pings[@]}"
done

python3 - "$OUT" "$ROUNDS" "${paths[@]}" <<'PY' | tee "$OUT/ping.md"
import re, statistics as st, sys
out, rounds, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def rtts(path, r):
    return [float(x) for x in re.findall(r'time=([\d.]+)', open(f"{out}/{path}-round{r}.txt").read())]
means = {p: [st.mean(rtts(p, r)) for r in range(1, rounds + 1)] for p in paths}
base = means.get('socat-tun')
print(f"Ping side by side: {rounds} rounds; mean RTT per round in ms, ratio to socat-tun in the same round.\n")
print("| path | " + " | ".join(f"round {r}" for r in range(1, rounds + 1)) + " | median | median ratio |")
print("|---|" + "---:|" * (rounds + 2))
for p in paths:
    cells = [f"{m:.3f}" + (f" ({m / b:.2f}×)" if base and p != 'socat-tun' else "") for m, b in zip(means[p], base or means[p])]
    ratio = st.median(m / b for m, b in zip(means[p], base)) if base else float('nan')
    print(f"| {p} | " + " | ".join(cells) + f" | {st.median(means[p]):.3f} | {ratio:.2f}× |")
PY
