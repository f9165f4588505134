#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the lab's "RESULT BENCH key=value ..." lines into a CSV of every
sample and a markdown table of medians with ours/stock ratios.

usage: bench-report.py [--icount] RESULTS_FILE OUT_DIR
Writes OUT_DIR/samples.csv, OUT_DIR/summary.csv and OUT_DIR/bench.md, and
prints the markdown.  Ratios compare medians taken in the same boot:
absolute numbers under TCG vary up to 5x between boots, ratios do not.

Every cell carries its spread, (max - min) / median of its samples; a
cell whose spread is over NOISY_PCT is marked noisy and gets no ratio,
nor do the cells compared with a noisy base: a noisy cell is not a
result.  --icount (the boot ran QEMU with -icount shift=0: 1 guest ns =
1 instruction of the whole machine, Xen, dom0 and guest together) adds
the cost rows: host instructions per byte and per packet.
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
    "udp1472_rx_pps": "UDP 1472 B domU->dom0, pkt/s",
    "ping_rtt_ms": "ping RTT (median of 20), ms (lower is better)",
    "ping_rr_per_s": "ping back to back (request/response), replies/s",
    "many_tcp_tx_mbps": "TCP dom0->N guests at once (LAB_BENCH_MANY=N), aggregate Mbit/s",
    "connect_ms": "vif hot-plug to frontend Connected, ms (lower is better)",
    "evpp_dom0_tcp_tx": "dom0 events/packet, TCP tx",
    "evpp_domu_tcp_tx": "domU events/packet, TCP tx",
    "evpp_dom0_tcp_rx": "dom0 events/packet, TCP rx",
    "evpp_domu_tcp_rx": "domU events/packet, TCP rx",
    "gcallpp_tcp_tx": "dom0 grant hypercalls/packet, TCP dom0->domU",
    "gcallpp_tcp_rx": "dom0 grant hypercalls/packet, TCP domU->dom0",
    "gopspp_tcp_tx": "dom0 grant operations/packet, TCP dom0->domU",
    "gopspp_tcp_rx": "dom0 grant operations/packet, TCP domU->dom0",
    "gcallpp_udp64_rx": "dom0 grant hypercalls/packet, UDP 64 B domU->dom0",
    "gopspp_udp64_rx": "dom0 grant operations/packet, UDP 64 B domU->dom0",
    "gcallpp_udp1472_rx": "dom0 grant hypercalls/packet, UDP 1472 B domU->dom0",
    "gopspp_udp1472_rx": "dom0 grant operations/packet, UDP 1472 B domU->dom0",
}

NOISY_PCT = 5.0

# --icount: rate metric -> (cost row, instructions per unit of the rate).
# Mbit/s: 8e9 ns of guest time move 1e9 bytes at 8 Mbit/s, so host
# instructions per byte = 8000 / Mbit/s; per packet = 1e9 / packets/s.
COSTS = {
    "tcp_tx_mbps": ("host instructions/byte, TCP dom0->domU", 8000.0),
    "tcp_rx_mbps": ("host instructions/byte, TCP domU->dom0", 8000.0),
    "udp64_tx_pps": ("host instructions/packet, UDP 64 B dom0->domU", 1e9),
    "udp64_rx_pps": ("host instructions/packet, UDP 64 B domU->dom0", 1e9),
    "udp1472_rx_pps": ("host instructions/packet, UDP 1472 B domU->dom0", 1e9),
    "ping_rr_per_s": ("host instructions/request-response (ping -A)", 1e9),
}


def fmt(x):
    return "%.0f" % x if abs(x) >= 100 else "%.3g" % x


def summary(vals):
    """(median, n, spread in percent or None with one sample)."""
    m = statistics.median(vals)
    sp = (max(vals) - min(vals)) / abs(m) * 100 if len(vals) > 1 and m else None
    return m, len(vals), sp


def noisy(cell):
    return cell is not None and cell[2] is not None and cell[2] > NOISY_PCT


def show(cell, base, is_base):
    """One table cell: median, n, spread; ratio to base when both count."""
    if cell is None:
        return "-"
    m, n, sp = cell
    text = "%s (n=%d" % (fmt(m), n)
    if sp is not None:
        text += ", spread %.1f%%" % sp
    text += ")"
    if noisy(cell):
        return "noisy: " + text
    if base and not is_base and base[0] and not noisy(base):
        text += " x%.2f" % (m / base[0])
    return text


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
    args = sys.argv[1:]
    icount = "--icount" in args
    args = [a for a in args if a != "--icount"]
    results, out = args[0], args[1]
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
    med = {k: summary(v) for k, v in groups.items()}

    pairs = [("stock", "stock"), ("ours", "stock"), ("ours-map", "stock"),
             ("stock", "ours"), ("ours", "ours"), ("ours-map", "ours"),
             ("ours-v2", "ours"), ("ours-staged", "stock"), ("ours-staged", "ours"),
             ("stock-staged", "ours"),
             ("ours-classic", "ours")]
    seen = {k[2:] for k in med if k[2] != "dom0"}
    pairs = [p for p in pairs if p in seen] + sorted(seen - set(pairs))
    # Experiments may leave out the stock pair: then the first column is
    # the base of the ratios.
    base_pair = ("stock", "stock")
    if base_pair not in seen:
        base_pair = pairs[0] if pairs else ("-", "-")
    if icount:
        # A cost is the inverse of its rate: the same samples, the same
        # spread, the median of the inverses.
        for (metric, q, b, fr), vals in list(groups.items()):
            if metric in COSTS:
                k = COSTS[metric][1]
                groups[("cost_" + metric, q, b, fr)] = [k / v for v in vals if v > 0]
        med = {k: summary(v) for k, v in groups.items() if v}
    units = dict(UNITS)
    if icount:
        units.update({"cost_" + m: c[0] + " (lower is better)" for m, c in COSTS.items()})
    rows = []
    for metric in units:
        for q in sorted({k[1] for k in med if k[0] == metric}):
            vals = {p: med.get((metric, q, *p)) for p in pairs}
            base = vals.get(base_pair)
            rows.append([units[metric], q] +
                        [show(vals[p], base, p == base_pair) for p in pairs])
    loop = med.get(("tcp_tx_mbps", "1", "dom0", "loopback"))

    head = ["metric", "queues"] + ["%s back / %s front" % p for p in pairs]
    md = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    md += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    if loop:
        md.append("")
        md.append("dom0 loopback TCP (ceiling of this boot): %s Mbit/s (median of %d)"
                  % (fmt(loop[0]), loop[1]))
        md.append("")
        md.append("TCP through the vif as a share of dom0's loopback TCP: " +
                  ", ".join("%s/%s %.0f%%" % (p[0], p[1], 100 * med[("tcp_tx_mbps", "1", *p)][0] / loop[0])
                            for p in pairs if ("tcp_tx_mbps", "1", *p) in med))
    md.append("")
    md.append(("Deterministic clock (QEMU -icount shift=0): rates are per "
               "instruction of the whole machine. " if icount else "") +
              "Medians of the runs in one boot, with their spread "
              "((max - min) / median; over %.0f%%: noisy, no ratio); "
              "xN = ratio to the median of " % NOISY_PCT +
              "the %s back / %s front pair. Events/packet: event-channel interrupts "
              "per interface packet, from /proc/interrupts and the packet counters. "
              "Guest TX notifications: dom0's interrupts on the vif's TX event "
              "channels per packet the guest sent. "
              "Grant hypercalls and operations/packet: dom0's calls of "
              "gnttab_batch_copy, gnttab_map_refs and gnttab_unmap_refs and "
              "the operations they carried (kprobe events), per vif packet. "
              "ours-map: our backend with tx_zerocopy=1 (guest TX by grant map). "
              "ours-v2: our backend with the guest's netfront loaded "
              "ring_layout_v2=1, so our pair uses ring layout v2; ours/ours "
              "uses the classic layout, their default. ours-classic: our "
              "backend with ring_layout_v2=0. ours-staged: our backend with "
              "staged_enable=1 and our netfront with staged_grants=1 (guest RX "
              "into pages the backend mapped once); a stock netfront never "
              "stages, so its ours-staged column is the classic path. stock-staged: "
              "the stock backend with our netfront loaded staged_grants=1, which "
              "falls back to classic grants." % base_pair)
    with open(os.path.join(out, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["metric", "queues", "back", "front", "median", "n", "spread_pct", "noisy"])
        for (metric, q, b, fr), (m, n, sp) in sorted(med.items()):
            w.writerow([metric, q, b, fr, m, n, "" if sp is None else "%.2f" % sp,
                        int(noisy((m, n, sp)))])
    text = "\n".join(md) + "\n"
    with open(os.path.join(out, "bench.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    # Every pair that was measured must have TCP both ways: a pair whose
    # traffic failed is a hole in the table, and the report says so.
    bad = 0
    for b, fr in pairs:
        # The many-guests line (LAB_BENCH_ONLY_MANY=1 measures only it)
        # has no single-guest TCP to require.
        for q in sorted({k[1] for k in med if k[2:] == (b, fr)
                         and k[0] not in ("many_tcp_tx_mbps", "connect_ms")
                         and not k[0].startswith("cost_")}):
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
