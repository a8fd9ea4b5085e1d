# Sourced by the bench scripts: two namespaces joined by a veth pair, background processes stopped by PID.
#   topology PREFIX SUBNET   makes namespaces $SRV and $CLI (PREFIX-srv-$$, PREFIX-cli-$$) with SUBNET.1 and
#                            SUBNET.2/24 on the veth; its EXIT trap (replacing any earlier one) stops PIDS and
#                            deletes both namespaces
#   side PREFIX SUBNET N     makes a third namespace $SIDE (PREFIX-side-$$) joined to $SRV by a veth of its own:
#                            SUBNET.1/24 on the server's end, SUBNET.2 .. SUBNET.(N+1)/24 on its end (a load
#                            generator's source hosts); call after topology, whose trap deletes it too
#   bg NS LOG COMMAND...     runs COMMAND in namespace NS, output to LOG, its PID appended to PIDS
#   stop_all                 stops every process in PIDS (TERM, then KILL after 5 s)
PIDS=()
SIDE=

bg() { local ns=$1 log=$2; shift 2; ip netns exec "$ns" "$@" >"$log" 2>&1 & PIDS+=($!); }

stop_all() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    PIDS=()
}

topology() {
    SRV=$1-srv-$$
    CLI=$1-cli-$$
    trap 'stop_all; for ns in "$SRV" "$CLI" $SIDE; do ip netns del "$ns" 2>/dev/null || true; done' EXIT
    ip netns add "$SRV"; ip netns add "$CLI"
    ip link add "${1}$$a" netns "$SRV" type veth peer name "${1}$$b" netns "$CLI"
    ip -n "$SRV" addr add "$2.1/24" dev "${1}$$a"; ip -n "$CLI" addr add "$2.2/24" dev "${1}$$b"
    local ns
    for ns in "$SRV" "$CLI"; do ip -n "$ns" link set lo up; done
    ip -n "$SRV" link set "${1}$$a" up; ip -n "$CLI" link set "${1}$$b" up
}

side() {
    SIDE=$1-side-$$
    ip netns add "$SIDE"
    ip link add "${1}$$c" netns "$SRV" type veth peer name "${1}$$d" netns "$SIDE"
    ip -n "$SRV" addr add "$2.1/24" dev "${1}$$c"
    local i
    for i in $(seq 2 $(($3 + 1))); do ip -n "$SIDE" addr add "$2.$i/24" dev "${1}$$d"; done
    ip -n "$SIDE" link set lo up; ip -n "$SRV" link set "${1}$$c" up; ip -n "$SIDE" link set "${1}$$d" up
}
