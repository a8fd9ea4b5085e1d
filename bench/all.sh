#!/usr/bin/env bash
# Every row of the performance table in one run (issue 22): bench/run.sh (bare veth, gost4j TUN and TAP, socat:
# TCP, 64-byte UDP, ping average and p99 after the TCP test, resident memory, start-up), then bench/clients.sh (a
# server with 1,000 clients, registrations per second and their effect on a running tunnel), then bench/alloc.sh
# (what the packets thread allocates, JFR). Results go into one directory: run/, clients/ and alloc.txt.
#   bench/all.sh [--runs 3] [--old DIR] [--out DIR]
# --old DIR adds another build's TUN path to run.sh (old-gost4j-tun), as run.sh --old does.
# Needs what the three scripts need (root, iperf3, socat, ping, python3, a JDK 17, a built distribution).
set -euo pipefail
RUNS=3
OLD=
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/../target/bench-all-$(date +%Y%m%d-%H%M%S)
while (($#)); do
    case $1 in
        --runs) RUNS=$2; shift 2 ;;
        --old) OLD=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) sed -n '2,7p' "$0" >&2; exit 2 ;;
    esac
done
mkdir -p "$OUT"
paths=direct,gost4j-tun,gost4j-tap,socat-tun
old=()
if [[ -n $OLD ]]; then
    paths=direct,gost4j-tun,old-gost4j-tun,gost4j-tap,socat-tun
    old=(--old "$OLD")
fi
"$HERE/run.sh" --runs "$RUNS" --paths "$paths" "${old[@]}" --out "$OUT/run"
"$HERE/clients.sh" --runs "$RUNS" --out "$OUT/clients"
"$HERE/alloc.sh" | tee "$OUT/alloc.txt"
