"""Medians per path from bench/run.sh's results.tsv, ratios to socat-tun, a Markdown table and a PNG chart."""
import csv
import os
import shutil
import statistics
import subprocess
import sys

tsv, out = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(tsv), delimiter="\t"))
metrics = ["tcp1_gbps", "tcp4_gbps", "udp64_kpps_under_1pct", "ping_avg_ms", "ping_p99_ms", "tunnel_cpu_pct"]
paths = list(dict.fromkeys(r["path"] for r in rows))
median = {p: {m: statistics.median(float(r[m]) for r in rows if r["path"] == p) for m in metrics} for p in paths}
rss = {p: [r["rss_mb"] for r in rows if r["path"] == p][-1] for p in paths}
base = median.get("socat-tun")
first_ping = {p: [float(r["first_ping_s"]) for r in rows if r["path"] == p and r["first_ping_s"] != "-"] for p in paths}
server_up = {p: [float(r["server_up_s"]) for r in rows if r["path"] == p and r.get("server_up_s", "-") != "-"]
             for p in paths}

lines = ["| path | TCP 1x Gbit/s | TCP 4x Gbit/s | UDP64 kpps <1% loss | ping avg ms | ping p99 ms | tunnel CPU % | RSS MB | start to ping s | server start s |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for p in paths:
    cells = []
    for m in metrics:
        value = median[p][m]
        ratio = f" ({value / base[m]:.2f}×)" if base and base[m] and p != "socat-tun" and m != "tunnel_cpu_pct" else ""
        cells.append(f"{value:g}{ratio}")
    start = f"{statistics.median(first_ping[p]):g}" if first_ping[p] else "-"
    up = f"{statistics.median(server_up[p]):g}" if server_up[p] else "-"
    lines.append(f"| {p} | " + " | ".join(cells) + f" | {rss[p] or '-'} | {start} | {up} |")
runs = len({r['run'] for r in rows})
text = f"Medians of {runs} run(s); ratios to socat-tun in brackets.\n\n" + "\n".join(lines) + "\n"
open(os.path.join(out, "results.md"), "w").write(text)

if shutil.which("gnuplot"):
    data = os.path.join(out, "chart.dat")
    with open(data, "w") as f:
        for p in (p for p in paths if p != "direct"):  # the bare veth would flatten every tunnel's bars
            m = median[p]
            f.write(f"{p} {m['tcp1_gbps']} {m['tcp4_gbps']} {m['udp64_kpps_under_1pct'] / 100}"
                    f" {m['ping_avg_ms']} {m['ping_p99_ms']}\n")
    script = f"""
set terminal png size 1400,520
set output '{os.path.join(out, "chart.png")}'
set multiplot layout 1,2 title 'tunnels, medians of {runs} runs (direct veth: see results.md)'
set style data histograms
set style histogram cluster gap 1
set style fill solid border -1
set yrange [0:*]
set key top right
set xtics rotate by -15
set title 'throughput (higher is better)'
set ylabel 'Gbit/s  (UDP: 100 kpps units)'
plot '{data}' using 2:xtic(1) title 'TCP 1x Gbit/s', '' using 3 title 'TCP 4x Gbit/s', '' using 4 title 'UDP64 x100 kpps <1% loss'
set title 'ping round trip (lower is better)'
set ylabel 'ms'
plot '{data}' using 5:xtic(1) title 'average', '' using 6 title 'p99'
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
