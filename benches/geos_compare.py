#!/usr/bin/env python3
"""Times GEOS is_valid (through shapely) against sattask on the four benchmark rings.

    pip install shapely
    cargo build --release
    python3 benches/geos_compare.py [--runs 30] [--binary target/release/sattask]

The rings are built with the formulas of benches/common/rings.rs (999 distinct vertices,
~20 km across, centred at 5E 45N), written as WKT with shortest round-trip decimals, then:

* GEOS: shapely.is_valid on the Polygon, in this process, timed with timeit: the median over
  REPEATS batches of the per-call time (each batch runs enough calls to last ~0.1 s);
  shapely.from_wkt on the same text the same way.
* GEOS, cold: the first shapely.is_valid call in a fresh Python process, --runs times, the
  median: like for like with the CLI's single call.
* sattask CLI: `sattask aoi validate --json --stats FILE` run --runs times; the median of the
  validate_ms (and parse_ms) it prints on stderr. Each run is a fresh process, so this is a cold
  single call (first allocations, cold caches), not the warm loop criterion measures; see
  `cargo bench --bench aoi` for that.

It also prints shapely.is_valid_reason and checks the CLI's valid/invalid verdict agrees.
"""

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

import shapely

N = 999
LON0, LAT0 = 5.0, 45.0
R_KM = 10.0
KM_PER_DEG_LAT = 111.32
REPEATS = 15


def at(r_km, k):
    # Same operation order as rings.rs: t = 2*pi*k/N, x = LON0 + r*cos(t)/km_per_deg_lon.
    t = 2.0 * math.pi * k / N
    km_per_deg_lon = KM_PER_DEG_LAT * math.cos(math.radians(LAT0))
    return (LON0 + r_km * math.cos(t) / km_per_deg_lon, LAT0 + r_km * math.sin(t) / KM_PER_DEG_LAT)


def closed(ring):
    return ring + [ring[0]]


def star_open():
    return [at(R_KM if i % 2 == 0 else 0.6 * R_KM, i) for i in range(N)]


def star_swapped():
    ring = star_open()
    for j in (200, 500, 800):
        ring[j], ring[j + 2] = ring[j + 2], ring[j]
    return closed(ring)


RINGS = {
    "circle_999": closed([at(R_KM, i) for i in range(N)]),
    "star_valid_999": closed(star_open()),
    "star_few_crossings_999": star_swapped(),
    "tangled_999": closed([at(R_KM, (2 * i) % N) for i in range(N)]),
}


def wkt(ring):
    return "POLYGON((" + ", ".join(f"{x!r} {y!r}" for x, y in ring) + "))\n"


def per_call_seconds(fn):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()  # enough calls for >= 0.2 s
    number = max(1, number // 2)
    return statistics.median(t / number for t in timer.repeat(repeat=REPEATS, number=number))


def cli_stats(binary, path, runs):
    validate_ms, parse_ms, verdict = [], [], None
    for _ in range(runs):
        done = subprocess.run(
            [binary, "aoi", "validate", "--json", "--stats", str(path)],
            capture_output=True,
            text=True,
        )
        stats = json.loads(done.stderr.strip().splitlines()[-1])
        validate_ms.append(stats["validate_ms"])
        parse_ms.append(stats["parse_ms"])
        line = json.loads(done.stdout.strip().splitlines()[0])
        verdict = line["aois"][0]
    return statistics.median(validate_ms), statistics.median(parse_ms), verdict


COLD_GEOS = (
    "import sys, time, shapely\n"
    "g = shapely.from_wkt(open(sys.argv[1]).read())\n"
    "t = time.perf_counter(); shapely.is_valid(g); t = time.perf_counter() - t\n"
    "print(t * 1e3)\n"
)


def geos_cold_ms(path, runs):
    """The first is_valid call in a fresh Python process: like for like with the CLI's one call."""
    times = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", COLD_GEOS, str(path)], capture_output=True, text=True, check=True)
        times.append(float(done.stdout.strip()))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--binary", default=str(Path(__file__).resolve().parent.parent / "target/release/sattask"))
    args = parser.parse_args()
    print(f"shapely {shapely.__version__}, GEOS {shapely.geos_version_string}; CLI {args.binary}, {args.runs} runs each")
    rows, disagreements = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, ring in RINGS.items():
            text = wkt(ring)
            path = Path(tmp) / f"{name}.wkt"
            path.write_text(text)
            polygon = shapely.from_wkt(text)
            assert len(polygon.exterior.coords) == N + 1
            geos_valid = bool(shapely.is_valid(polygon))
            reason = shapely.is_valid_reason(polygon)
            geos_valid_ms = per_call_seconds(lambda: shapely.is_valid(polygon)) * 1e3
            geos_parse_ms = per_call_seconds(lambda: shapely.from_wkt(text)) * 1e3
            ours_validate_ms, ours_parse_ms, verdict = cli_stats(args.binary, path, args.runs)
            geos_cold = geos_cold_ms(path, args.runs)
            crossings = sum(1 for issue in verdict["issues"] if issue["rule"] == "self_intersection")
            ours_valid_shape = crossings == 0
            agree = ours_valid_shape == geos_valid
            disagreements += not agree
            rows.append(
                (name, geos_valid_ms, geos_cold, ours_validate_ms, geos_parse_ms, ours_parse_ms, reason, verdict["valid"], crossings, agree)
            )
    print()
    print("| ring | GEOS is_valid, warm (ms) | GEOS is_valid, first call in a fresh process (ms) | sattask validate_ms, CLI (one call per process) (ms) | CLI / GEOS first call | GEOS from_wkt (ms) | sattask parse_ms (ms) | GEOS reason | sattask valid | sattask self-intersections | shape verdicts agree |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---|---:|---|")
    for name, gv, gc, ov, gp, op, reason, valid, crossings, agree in rows:
        print(f"| {name} | {gv:.4f} | {gc:.4f} | {ov:.4f} | {ov / gc:.2f} | {gp:.4f} | {op:.4f} | {reason} | {valid} | {crossings} | {'yes' if agree else 'NO'} |")
    if disagreements:
        print(f"\n{disagreements} ring(s) where sattask and GEOS disagree on self-intersection", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
