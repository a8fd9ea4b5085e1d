#!/usr/bin/env bash
# Builds gost4j, then runs a TUN server and a TUN client in two network namespaces joined by a veth pair
# and pings through the tunnel both ways. Needs root (namespaces, /dev/net/tun), Java 17, Maven and gcc.
#   ./demo.sh            build and run
#   ./demo.sh --no-build run the already built distribution
set -euo pipefail
cd "$(dirname "$0")"

if [[ $(id -u) != 0 ]]; then
    echo "demo.sh needs root: it creates network namespaces and TUN devices" >&2
    exit 1
fi
if [[ ${1:-} != --no-build ]]; then
    command -v gcc >/dev/null || { echo "the build needs gcc for two small JNI libraries: apt-get install -y gcc libc6-dev" >&2; exit 1; }
    echo "== building (mvn package, tests skipped)"
    mvn -B -q -DskipTests package
fi
GOST4J=$PWD/distribution/target/gost4j/bin/gost4j
[[ -x $GOST4J ]] || { echo "no appliance at $GOST4J: build first" >&2; exit 1; }

SRV=g4j-demo-srv-$$
CLI=g4j-demo-cli-$$
WORK=$(mktemp -d /tmp/gost4j-demo.XXXXXX)
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns del "$SRV" 2>/dev/null || true
    ip netns del "$CLI" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

wait_for_device() { # namespace
    for _ in $(seq 150); do
        ip -n "$1" link show tun0 2>/dev/null | grep -q ',UP' && return 0
        sleep 0.1
    done
    echo "tun0 did not come up in $1; log:" >&2
    cat "$WORK"/*.log >&2
    return 1
}

echo "== namespaces $SRV (10.200.0.1) and $CLI (10.200.0.2)"
ip netns add "$SRV"
ip netns add "$CLI"
ip link add "g4jd$$a" netns "$SRV" type veth peer name "g4jd$$b" netns "$CLI"
ip -n "$SRV" addr add 10.200.0.1/24 dev "g4jd$$a"
ip -n "$CLI" addr add 10.200.0.2/24 dev "g4jd$$b"
for ns in "$SRV" "$CLI"; do ip -n "$ns" link set lo up; done
ip -n "$SRV" link set "g4jd$$a" up
ip -n "$CLI" link set "g4jd$$b" up

start=$(date +%s%N)
echo "== server: gost4j -L \"tun://:8421?net=192.168.123.1/24&name=tun0\""
ip netns exec "$SRV" "$GOST4J" -L "tun://:8421?net=192.168.123.1/24&name=tun0" >"$WORK/server.log" 2>&1 &
PIDS+=($!)
echo "== client: gost4j -L \"tun://:0/10.200.0.1:8421?net=192.168.123.2/24&name=tun0\""
ip netns exec "$CLI" "$GOST4J" -L "tun://:0/10.200.0.1:8421?net=192.168.123.2/24&name=tun0" >"$WORK/client.log" 2>&1 &
PIDS+=($!)
wait_for_device "$SRV"
wait_for_device "$CLI"
until ip netns exec "$CLI" ping -c 1 -W 1 192.168.123.1 >/dev/null 2>&1; do
    (( $(date +%s%N) - start < 15000000000 )) || { echo "no ping within 15 s" >&2; cat "$WORK"/*.log >&2; exit 1; }
done
echo "== first ping through the tunnel $(( ($(date +%s%N) - start) / 1000000 )) ms after start"

echo "== client -> server"
ip netns exec "$CLI" ping -c 3 -i 0.2 192.168.123.1
echo "== server -> client"
ip netns exec "$SRV" ping -c 3 -i 0.2 192.168.123.2
echo "== server log"
cat "$WORK/server.log"
echo "== client log"
cat "$WORK/client.log"
echo "== demo OK"
