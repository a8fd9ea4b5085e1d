#!/usr/bin/env bash
# The tools gost4j's build, tests and demo use, and the Debian package that brings each: one table, read by
# demo.sh, by .ci/run and by the build's own check (the root pom runs `tools.sh check build test` first).
#   tools.sh packages GROUP...  the Debian packages missing for those groups, space-separated (empty: none)
#   tools.sh check GROUP...     exit 2 with one line naming what to install, if anything is missing
# Groups: build (Java 17 JDK, Maven, gcc and the C headers for the JNI libraries), demo (what demo.sh runs),
# test (what the end-to-end tests run; only checked as root on Linux, since without root they are skipped).
set -uo pipefail

# group  what (a command, or a file when it starts with /)  package
TOOLS="
build javac openjdk-17-jdk-headless
build mvn maven
build gcc gcc
build /usr/include/errno.h libc6-dev
demo ip iproute2
demo ping iputils-ping
test ip iproute2
test ss iproute2
test ping iputils-ping
test ps procps
test iperf3 iperf3
test socat socat
test curl curl
test openssl openssl
test redis-server redis-server
test /usr/lib/python3/dist-packages/prometheus_client/parser.py python3-prometheus-client
test chromium chromium
test chromedriver chromium-driver
test unshare util-linux
test setpriv util-linux
test adduser adduser
test systemd-analyze systemd
"

present() {
    if [[ $1 == /* ]]; then [[ -e $1 ]]; else command -v "$1" >/dev/null 2>&1; fi
}

applies() { # group
    case $1 in
        test) [[ $(id -u) == 0 && $(uname -s) == Linux ]] ;;
        *) true ;;
    esac
}

# prints "what package" for every missing tool of the groups, each package once
missing() {
    local seen=" " group what package
    while read -r group what package; do
        [[ -n $group ]] || continue
        [[ " $* " == *" $group "* ]] || continue
        applies "$group" || continue
        [[ $seen == *" $package "* ]] && continue
        # the C headers and gcc matter only where the JNI libraries are built (Linux)
        if [[ $what == gcc || $what == /usr/include/* ]] && [[ $(uname -s) != Linux ]]; then continue; fi
        present "$what" && continue
        seen+="$package "
        echo "$what $package"
    done <<< "$TOOLS"
}

command=${1:-}
shift || true
case $command in
    packages)
        missing "$@" | awk '{print $2}' | paste -sd' ' -
        ;;
    check)
        list=$(missing "$@")
        [[ -z $list ]] && exit 0
        whats=$(awk '{print $1}' <<< "$list" | paste -sd' ' -)
        packages=$(awk '{print $2}' <<< "$list" | paste -sd' ' -)
        echo "gost4j: missing ${whats// /, } (needed for: $*); install them: apt-get install -y $packages" >&2
        exit 2
        ;;
    *)
        echo "usage: tools.sh packages|check GROUP... (groups: build demo test)" >&2
        exit 2
        ;;
esac
