#!/usr/bin/env python3
"""Writes the inputs of the hostile-file benchmark (issue 11): AOI files of a given size in every
format the importers read, made of many small valid polygons, plus the hostile zips.

    python3 benches/hostile/generate.py OUT_DIR 10 50 200     # sizes in MB

Writes OUT_DIR/<size>mb.{geojson,kml,kmz,wkt,zip} and OUT_DIR/prj_bomb.zip, OUT_DIR/padded.zip.
Only the standard library: the Shapefile is written by hand (ESRI white paper, July 1998).
"""

import os
import struct
import sys
import zipfile

MB = 1_000_000


def square(index):
    """A small square (about 1 km) somewhere in Europe, different for each index."""
    x = -5.0 + (index % 1000) * 0.02
    y = 40.0 + (index // 1000 % 1000) * 0.02
    d = 0.009
    return [(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]


def write_until(path, head, item, tail, size):
    """Writes head, then item(i) for i = 0, 1, ... until the file reaches `size` bytes, then tail."""
    written = 0
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(head)
        written += len(head)
        while written < size:
            text = item(count)
            out.write(text)
            written += len(text)
            count += 1
        out.write(tail)
    return count


def geojson(path, size):
    def feature(i):
        ring = ",".join(f"[{x:.6f},{y:.6f}]" for x, y in square(i))
        comma = "," if i else ""
        return f'{comma}\n{{"type":"Feature","properties":{{"name":"f{i}"}},"geometry":{{"type":"Polygon","coordinates":[[{ring}]]}}}}'
    return write_until(path, '{"type":"FeatureCollection","features":[', feature, "\n]}\n", size)


def kml_item(i):
    ring = " ".join(f"{x:.6f},{y:.6f},0" for x, y in square(i))
    return (f"<Placemark><name>p{i}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>"
            f"{ring}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n")


KML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n'
KML_TAIL = "</Document></kml>\n"


def kml(path, size):
    return write_until(path, KML_HEAD, kml_item, KML_TAIL, size)


def kmz(path, size):
    """A KMZ whose doc.kml is `size` bytes once uncompressed."""
    kml_path = path + ".doc.kml"
    count = kml(kml_path, size)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(kml_path, "doc.kml")
    os.remove(kml_path)
    return count


def wkt(path, size):
    def line(i):
        ring = ", ".join(f"{x:.6f} {y:.6f}" for x, y in square(i))
        return f"POLYGON (({ring}))\n"
    return write_until(path, "", line, "", size)


def shp_header(shape_type, length_bytes, bbox):
    return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length_bytes // 2)
            + struct.pack("<2i", 1000, shape_type)
            + struct.pack("<8d", *bbox, 0, 0, 0, 0))


def polygon_record(number, ring):
    # Shapefile outer rings are clockwise.
    ring = list(reversed(ring))
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    content = struct.pack("<i4d2i", 5, min(xs), min(ys), max(xs), max(ys), 1, len(ring))
    content += struct.pack("<i", 0)
    content += b"".join(struct.pack("<2d", x, y) for x, y in ring)
    return struct.pack(">2i", number, len(content) // 2) + content


def dbf(records):
    name_len = 16
    header_len = 32 + 32 + 1
    record_len = 1 + name_len
    head = struct.pack("<4BIHH20x", 3, 126, 1, 1, len(records), header_len, record_len)
    field = struct.pack("<11sc4xBB14x", b"NAME", b"C", name_len, 0)
    body = b"".join(b" " + name.encode().ljust(name_len)[:name_len] for name in records)
    return head + field + b"\r" + body + b"\x1a"


WGS84_PRJ = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
             'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')


def shapefile_members(size):
    """The .shp, .shx, .dbf of a layer whose .shp is about `size` bytes."""
    records, offsets, names = [], [], []
    length = 100
    i = 0
    while length < size:
        record = polygon_record(i + 1, square(i))
        offsets.append((length // 2, (len(record) - 8) // 2))
        records.append(record)
        names.append(f"s{i}")
        length += len(record)
        i += 1
    bbox = (-5.0, 40.0, 15.0, 60.0)
    shp = shp_header(5, length, bbox) + b"".join(records)
    shx = shp_header(5, 100 + 8 * len(offsets), bbox) + b"".join(struct.pack(">2i", o, l) for o, l in offsets)
    return shp, shx, dbf(names), i


def shapefile_zip(path, size):
    shp, shx, table, count = shapefile_members(size)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("layer.shp", shp)
        z.writestr("layer.shx", shx)
        z.writestr("layer.dbf", table)
        z.writestr("layer.prj", WGS84_PRJ)
    return count


def hostile(out_dir):
    """The zips of the issue: a 1 GiB .prj, and every member padded to 1 GiB (both deflate to a
    few MB), both to be refused by name without being read."""
    shp, shx, table, _ = shapefile_members(10_000)
    gib = 1 << 30
    with zipfile.ZipFile(os.path.join(out_dir, "prj_bomb.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("layer.shp", shp)
        z.writestr("layer.shx", shx)
        z.writestr("layer.dbf", table)
        with z.open("layer.prj", "w", force_zip64=True) as prj:
            prj.write(WGS84_PRJ.encode())
            chunk = b" " * MB
            for _ in range(gib // MB):
                prj.write(chunk)
    with zipfile.ZipFile(os.path.join(out_dir, "padded.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("layer.shp", shp), ("layer.shx", shx), ("layer.dbf", table),
                           ("layer.prj", WGS84_PRJ.encode())]:
            with z.open(name, "w", force_zip64=True) as member:
                member.write(data)
                zeros = bytes(MB)
                for _ in range(gib // MB):
                    member.write(zeros)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for size_mb in sys.argv[2:]:
        size = int(float(size_mb) * MB)
        for ext, write in [("geojson", geojson), ("kml", kml), ("kmz", kmz), ("wkt", wkt),
                           ("zip", shapefile_zip)]:
            path = os.path.join(out_dir, f"{size_mb}mb.{ext}")
            count = write(path, size)
            print(f"{path}: {os.path.getsize(path)} bytes, {count} polygons", flush=True)
    if not os.path.exists(os.path.join(out_dir, "padded.zip")):
        hostile(out_dir)
        print(f"{out_dir}/prj_bomb.zip, {out_dir}/padded.zip", flush=True)


if __name__ == "__main__":
    main()
