#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the lab's "RESULT BENCH key=value ..." lines into a CSV of every
sample and a markdown table of medians with ours/stock ratios.

usage: bench-report.py RESULTS_FILE OUT_DIR
Writes OUT_DIR/samples.csv, OUT_DIR/summary.csv and OUT_DIR/bench.md, and
prints the markdown.  Ratios compare medians taken in the same boot:
absolute numbers under TCG vary up to 5x between boots, ratios do not.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict

UNITS = {
    "gtxpp_tcp_rx": "guest TX notifications/guest packet, TCP domU->dom0",
    "gtxpp_udp_rx": "guest TX notifications/guest packet, UDP 64 B domU->dom0",
    "gtxpp_tcp_tx": "guest TX notifications/guest packet, TCP dom0->domU (ACKs)",
    "tcp_tx_mbps": "TCP dom0->domU, Mbit/s",
    "tcp_rx_mbps": "TCP domU->dom0, Mbit/s",
    "udp64_tx_pps": "UDP 64 B dom0->domU, pkt/s",
    "udp64_rx_pps": "UDP 64 B domU->dom0, pkt/s",
    "ping_rtt_ms": "ping RTT (median of 20), ms (lower is better)",
    "ping_rr_per_s": "ping back to back (request/response), replies/s",
    "many_tcp_tx_mbps": "TCP dom0->N guests at once (LAB_BENCH_MANY=N), aggregate Mbit/s",
    "connect_ms": "vif hot-plug to frontend Connected, ms (lower is better)",
    "evpp_dom0_tcp_tx": "dom0 events/packet, TCP tx",
    "evpp_domu_tcp_tx": "domU events/packet, TCP tx",
    "evpp_dom0_tcp_rx": "dom0 events/packet, TCP rx",
    "evpp_domu_tcp_rx": "domU events/packet, TCP rx",
}


def fmt(x):
    return "%.0f" % x if abs(x) >= 100 else "%.3g" % x


def parse(path):
    samples = []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.startswith("RESULT BENCH "):
                continue
            kv = dict(w.split("=", 1) for w in line.split()[2:] if "=" in w)
            try:
                kv["value"] = float(kv["value"])
            except (KeyError, ValueError):
                continue
            samples.append(kv)
    return samples


def main():
    results, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    samples = parse(results)
    keys = ["back", "front", "q", "metric", "run", "value"]
    with open(os.path.join(out, "samples.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(keys)
        for s in samples:
            w.writerow([s.get(k, "") for k in keys])

    groups = defaultdict(list)
    for s in samples:
        groups[(s["metric"], s["q"], s["back"], s["front"])].append(s["value"])
    med = {k: (statistics.median(v), len(v)) for k, v in groups.items()}

    pairs = [("stock", "stock"), ("ours", "stock"), ("ours-map", "stock"),
             ("stock", "ours"), ("ours", "ours"), ("ours-map", "ours"),
             ("ours-classic", "ours")]
    seen = {k[2:] for k in med if k[2] != "dom0"}
    pairs = [p for p in pairs if p in seen] + sorted(seen - set(pairs))
    # Experiments may leave out the stock pair: then the first column is
    # the base of the ratios.
    base_pair = ("stock", "stock")
    if base_pair not in seen:
        base_pair = pairs[0] if pairs else ("-", "-")
    rows = []
    for metric in UNITS:
        for q in sorted({k[1] for k in med if k[0] == metric}):
            vals = {p: med.get((metric, q, *p)) for p in pairs}
            base = vals.get(base_pair)
            row = [UNITS[metric], q]
            for p in pairs:
                v = vals[p]
                cell = "-" if v is None else "%s (n=%d)" % (fmt(v[0]), v[1])
                if v and base and p != base_pair and base[0]:
                    cell += " x%.2f" % (v[0] / base[0])
                row.append(cell)
            rows.append(row)
    loop = med.get(("tcp_tx_mbps", "1", "dom0", "loopback"))

    head = ["metric", "queues"] + ["%s back / %s front" % p for p in pairs]
    md = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    md += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    if loop:
        md.append("")
        md.append("dom0 loopback TCP (ceiling of this boot): %s Mbit/s (median of %d)"
                  % (fmt(loop[0]), loop[1]))
    md.append("")
    md.append("Medians of the runs in one boot; xN = ratio to the median of "
              "the %s back / %s front pair. Events/packet: event-channel interrupts "
              "per interface packet, from /proc/interrupts and the packet counters. "
              "Guest TX notifications: dom0's interrupts on the vif's TX event "
              "channels per packet the guest sent. "
              "ours-map: our backend with tx_zerocopy=1 (guest TX by grant map). "
              "ours-classic: our backend with ring_layout_v2=0, so our pair "
              "uses the classic ring layout; ours/ours uses layout v2." % base_pair)
    with open(os.path.join(out, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["metric", "queues", "back", "front", "median", "n"])
        for (metric, q, b, fr), (m, n) in sorted(med.items()):
            w.writerow([metric, q, b, fr, m, n])
    text = "\n".join(md) + "\n"
    with open(os.path.join(out, "bench.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    # Every pair that was measured must have TCP both ways: a pair whose
    # traffic failed is a hole in the table, and the report says so.
    bad = 0
    for b, fr in pairs:
        for q in sorted({k[1] for k in med if k[2:] == (b, fr)}):
            for metric in ("tcp_tx_mbps", "tcp_rx_mbps"):
                if (metric, q, b, fr) not in med:
                    sys.stderr.write("bench-report: no %s for %s back / %s front, %s queue(s)\n"
                                     % (metric, b, fr, q))
                    bad = 1
    if not samples:
        sys.stderr.write("bench-report: no samples in %s\n" % results)
    return 0 if samples and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
