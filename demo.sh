#!/usr/bin/env bash
# Builds gost4j, then runs a TUN server and a TUN client in two network namespaces joined by a veth pair
# and pings through the tunnel both ways. Needs root (namespaces, /dev/net/tun); on Debian it installs what
# it lacks (Java 17, Maven, gcc and the C headers, iproute2, iputils-ping) with apt-get, after saying so.
#   ./demo.sh              build and run
#   ./demo.sh --no-build   run the already built distribution
#   ./demo.sh --no-install name the missing Debian packages and exit 2 instead of installing them
set -euo pipefail
cd "$(dirname "$0")"

build=true
install=true
for arg in "$@"; do
    case $arg in
        --no-build) build=false ;;
        --no-install) install=false ;;
        *) echo "demo.sh: unknown option $arg (options: --no-build, --no-install)" >&2; exit 2 ;;
    esac
done

if [[ $(id -u) != 0 ]]; then
    echo "demo.sh needs root: it creates network namespaces and TUN devices" >&2
    exit 1
fi

groups=(demo)
$build && groups+=(build)
missing=$(bash .ci/tools.sh packages "${groups[@]}")
if [[ -n $missing ]]; then
    if ! $install || ! command -v apt-get >/dev/null; then
        bash .ci/tools.sh check "${groups[@]}" || true
        exit 2
    fi
    echo "== installing what the demo needs and this machine lacks: apt-get install -y $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null || { echo "demo.sh: apt-get update failed: no package lists to install $missing from" >&2; exit 1; }
    # shellcheck disable=SC2086 # one word per package
    apt-get install -y -q --no-install-recommends $missing || { echo "demo.sh: apt-get install $missing failed" >&2; exit 1; }
    bash .ci/tools.sh check "${groups[@]}" || { echo "demo.sh: still missing after installing $missing (is it on PATH?)" >&2; exit 1; }
fi
[[ -c /dev/net/tun ]] || { echo "demo.sh: no /dev/net/tun on this machine: load the tun module (modprobe tun)" >&2; exit 1; }
if $build; then
    java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    (( ${java_major:-0} >= 17 )) || { echo "demo.sh: the build needs Java 17 or later, java on PATH is ${java_major:-unknown} (apt-get install -y openjdk-17-jdk-headless)" >&2; exit 1; }
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
