package org.gost4j.launcher;

import static org.gost4j.config.cli.RelayServiceUrl.DEFAULT_IDLE_MINUTES;
import static org.gost4j.config.cli.RelayServiceUrl.DEFAULT_SESSIONS;
import static org.gost4j.config.cli.RelayServiceUrl.DEFAULT_SESSIONS_PER_SOURCE;
import static org.gost4j.support.options.TunnelOptions.DEFAULT_BUFFER_SIZE;
import static org.gost4j.support.options.TunnelOptions.DEFAULT_MTU;
import static org.gost4j.support.options.TunnelOptions.DEFAULT_TTL_MILLIS;
import static org.gost4j.support.options.TunnelOptions.DEVICE_NAME_MAX;
import static org.gost4j.support.options.TunnelOptions.PASSPHRASE_MAX_BYTES;

/** The text {@code gost4j -h} prints. Defaults come from the options model so they cannot drift apart. */
final class Usage {

    static final String TEXT = """
            Usage: gost4j -L url [-L url ...] [-F node ...] [-metrics addr] [-D]
                   gost4j -C file.yaml|file.json [-L url ...] [-F node ...] [-metrics addr] [-D]
                   gost4j -V | -h

            Runs GOST-compatible TUN/TAP tunnels (GOST v3 tun/tap over UDP) on Apache Felix.

            Options:
              -L url       run a service; repeat for several services (also -L=url)
              -F node      send tunnel clients' datagrams through a chain of relay nodes; repeat for
                           several hops, in order (relay+tls, relay+ws, relay+wss)
              -C file      read services, chains, routers, authers, metrics and log from a GOST YAML
                           or JSON file; edits to the file are applied while running (log: at the next start)
              -metrics [user:pass@]host:port[?path=/metrics]
                           serve Prometheus metrics; ':9000' without user:pass binds loopback only
              -D           log at debug level (-DD: trace), over the file's log level
              -V           print the version and exit
              -h, --help   print this help and exit

            Service URLs:
              tun://[host]:port?options                   server: listens on UDP host:port
              tun://[host]:port/serverhost:port?options   client: local UDP host:port, talks to the server
              tap://...                                   the same with a TAP (Ethernet) device
              relay+tls://[user:pass@][host]:port?options relay server (GOST relay over TLS;
                                                          relay+ws, relay+wss: over WebSocket)
              With -F, a client's server address may lack a host (tun://:0/:8421): port 8421 of
              the last node's host.
              An empty host means every IPv4 and IPv6 address; an IPv4 host (0.0.0.0 too) means IPv4
              only; put IPv6 addresses in brackets (tun://:0/[fd00::1]:8421).
              Percent-encode special characters in values (/ as %%2F, & as %%26, # as %%23).

            URL options:
              net=CIDR[,CIDR...]     interface addresses, IPv4 and IPv6; required for tun
              name=NAME              interface name, at most %d characters (default: chosen by the kernel)
              mtu=N                  interface MTU, 68..65535 (default %d)
              buffersize=N           largest datagram accepted, 68..65535 bytes (default %d)
              keepalive=true|false   client repeats its registration every ttl (default false)
              ttl=DURATION           keepalive interval: 10s, 500ms, 1m30s, or plain seconds (default %ds)
              route=CIDR[,CIDR...]   networks routed through the device
              gw=IP                  server: tunnel IP of the client taking the route networks
              routes=CIDR%%20IP[,...]  server: networks and the tunnel IP of the client taking each
              router=NAME            server: use config/gost4j.router-NAME.cfg instead of route/routes
              auther=NAME            server: check passphrases with config/gost4j.auther-NAME.cfg
              p2p=true|false         server: point-to-point, the latest client takes all (default false)
              passphrase=TEXT        client key, cut to %d bytes (also: token=TEXT)
              peer=IP                macOS utun: the far end of the interface (default: first net address)
              offload=true|false     Linux TUN: kernel offloads (default true)
              dns=IP[,IP...]         DNS servers (read, not applied yet)
              maxpeers=N             tun server: client tunnel IPs kept at most (default 4096)
              tun://IP:PASS@:port    server: only client IP with passphrase PASS may register (an IPv6
                                     IP percent-encoded: fd00%%3A%%3A2)

            Relay server options: bind=true (accept BIND; refused otherwise), path=/ws (ws, wss:
              WebSocket path), certFile=FILE keyFile=FILE (tls, wss: PEM; default a self-signed
              certificate), targets=T[,T...] (what clients may reach; default tunnels: UDP to this
              host's tunnel servers; also host:port, [v6]:port, CIDR:port, :port for this host,
              * for any host or port, * alone for anything), idleTimeout=DURATION (close a session
              without data; default %dm), sessions=N and sessionsPerSource=N (connections at once,
              in all and per client address; default %d and %d).
            Chain node (-F): relay+tls|ws|wss://[user:pass@]host:port?options
              path=/ws (ws, wss), secure=true|false (check the server certificate; default true),
              serverName=NAME (name to check and send in TLS), caFile=FILE (PEM CA to trust).
              Each node's relay connects to the next node; the last one to the tunnel server.

            Examples:
              gost4j -L "tun://:8421?net=192.168.123.1/24"
              gost4j -L "tun://:0/10.0.0.1:8421?net=192.168.123.2/24&keepalive=true&ttl=30s"
              gost4j -L "tun://:8421?net=192.168.123.1/24,fd00:123::1/64&route=10.9.0.0/16&gw=192.168.123.2"
              gost4j -L "tun://:8421?net=192.168.123.1/24&routes=172.10.0.0/16%%20192.168.123.2&auther=auther0"
              gost4j -L "tun://:8421?net=192.168.123.1/24" -L "relay+wss://user:pass@:8443?bind=true"
              gost4j -L "tun://:0/:8421?net=192.168.123.2/24" -F "relay+wss://user:pass@SERVER:8443?secure=false"
              gost4j -L "relay+tls://bob:pw@:443?targets=SERVER:8443"
              gost4j -L "tun://:0/:8421?net=192.168.123.2/24" -F "relay+tls://bob:pw@HOP:443?secure=false" \\
                     -F "relay+wss://user:pass@SERVER:8443?secure=false"

            Environment:
              GOST4J_DATA   data directory; default: a temporary directory removed at exit
              GOST4J_OPTS   extra JVM options (override the defaults: serial GC, -Xms16m -Xmx256m)
              GOST4J_CDS    directory for the class-data sharing archive; default: <home>/cds; off: none

            Directories:
              config/   *.cfg files are applied while running, e.g. gost4j.tunnel-demo.cfg;
                        gost4j.jolokia.cfg: Jolokia and the web console on 127.0.0.1:8778, users in
                        management.passwords (created at first start); remote JMX: gost4j.jmxremote.cfg.example
              deploy/   bundle jars dropped here are installed while running
            """.formatted(DEVICE_NAME_MAX, DEFAULT_MTU, DEFAULT_BUFFER_SIZE, DEFAULT_TTL_MILLIS / 1000,
            PASSPHRASE_MAX_BYTES, DEFAULT_IDLE_MINUTES, DEFAULT_SESSIONS, DEFAULT_SESSIONS_PER_SOURCE);

    private Usage() {
    }
}
