#!/usr/bin/env python3
"""Writes the inputs of the hostile-file benchmark (issue 11): AOI files of a given size in every
format the importers read, made of many small valid polygons, plus the hostile zips.

    python3 benches/hostile/generate.py OUT_DIR 10 50 200     # sizes in MB

Writes OUT_DIR/<size>mb.{geojson,kml,kmz,wkt,zip,gpkg} and OUT_DIR/prj_bomb.zip, OUT_DIR/padded.zip,
OUT_DIR/gpkg_view_bomb.gpkg, OUT_DIR/gpkg_blob_bomb.gpkg.
Only the standard library: the Shapefile is written by hand (ESRI white paper, July 1998), the
GeoPackage through Python's sqlite3 (GeoPackage 1.4, in Lambert-93 so that every position is
reprojected).
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


LAMBERT93_WKT = (
    'PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",'
    'SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6171"]],'
    'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,'
    'AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4171"]],PROJECTION["Lambert_Conformal_Conic_2SP"],'
    'PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],'
    'PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],'
    'PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],'
    'UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],'
    'AUTHORITY["EPSG","2154"]]')


def gpkg_tables(path, geometry_type="POLYGON", name_column="name TEXT"):
    """An empty GeoPackage with one feature table `parcels` in Lambert-93."""
    import sqlite3
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(f"""
        PRAGMA application_id = 1196444487; PRAGMA user_version = 10400;
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
          organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
          definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
          identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME,
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
          geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
          m TINYINT NOT NULL);
        CREATE TABLE parcels (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {geometry_type},
          {name_column});
        INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
          VALUES ('parcels', 'features', 'parcels', 2154);
        INSERT INTO gpkg_geometry_columns VALUES ('parcels', 'geom', '{geometry_type}', 2154, 0, 0);
    """)
    con.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('RGF93 v1 / Lambert-93', 2154, 'EPSG', "
                "2154, ?, '')", (LAMBERT93_WKT,))
    return con


def gpkg_polygon(ring):
    wkb = struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(ring))
    wkb += b"".join(struct.pack("<2d", x, y) for x, y in ring)
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return b"GP\x00\x03" + struct.pack("<i4d", 2154, min(xs), max(xs), min(ys), max(ys)) + wkb


def lambert93_square(index):
    """A 900 m square in France, in Lambert-93 metres, different for each index."""
    x = 100_000.0 + (index % 1000) * 1000.0
    y = 6_100_000.0 + (index // 1000 % 1000) * 1000.0
    d = 900.0
    return [(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]


def gpkg(path, size):
    """A GeoPackage of about `size` bytes of small polygons in Lambert-93, named in `name`."""
    con = gpkg_tables(path)
    row_bytes = 40 + 13 + 5 * 16 + 12  # header, WKB head, 5 positions, name and row overhead
    count = max(1, size // row_bytes)
    con.executemany("INSERT INTO parcels (geom, name) VALUES (?, ?)",
                    ((gpkg_polygon(lambert93_square(i)), f"p{i}") for i in range(count)))
    con.commit()
    con.close()
    return count


def gpkg_hostile(out_dir):
    """GeoPackages that read forever or grow without bound unless refused: a layer that is a
    view counting without end, and a name column computed as a 1 GB blob for each row."""
    path = os.path.join(out_dir, "gpkg_view_bomb.gpkg")
    con = gpkg_tables(path)
    con.executescript("""
        CREATE VIEW forever AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
          SELECT i AS fid, NULL AS geom FROM n;
        INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
          VALUES ('forever', 'features', 'forever', 2154);
        INSERT INTO gpkg_geometry_columns VALUES ('forever', 'geom', 'POLYGON', 2154, 0, 0);
    """)
    con.execute("INSERT INTO parcels (geom) VALUES (?)", (gpkg_polygon(lambert93_square(0)),))
    con.commit()
    con.close()
    path = os.path.join(out_dir, "gpkg_blob_bomb.gpkg")
    con = gpkg_tables(path, name_column="name TEXT GENERATED ALWAYS AS (printf('%.*c', 1000000000, 'x')) VIRTUAL")
    con.executemany("INSERT INTO parcels (geom) VALUES (?)",
                    ((gpkg_polygon(lambert93_square(i)),) for i in range(3)))
    con.commit()
    con.close()


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
                           ("zip", shapefile_zip), ("gpkg", gpkg)]:
            path = os.path.join(out_dir, f"{size_mb}mb.{ext}")
            count = write(path, size)
            print(f"{path}: {os.path.getsize(path)} bytes, {count} polygons", flush=True)
    if not os.path.exists(os.path.join(out_dir, "padded.zip")):
        hostile(out_dir)
        print(f"{out_dir}/prj_bomb.zip, {out_dir}/padded.zip", flush=True)
    gpkg_hostile(out_dir)
    print(f"{out_dir}/gpkg_view_bomb.gpkg, {out_dir}/gpkg_blob_bomb.gpkg", flush=True)


if __name__ == "__main__":
    main()
