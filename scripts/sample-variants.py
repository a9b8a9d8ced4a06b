#!/usr/bin/env python3
"""One-off edit of data/sample/produk.csv (kept for the record): gives 27
sample products real options, one spreadsheet row per variant, the way staff
write them (docs/feed.md, "Variants in the spreadsheet"). Run it on the
version-1 sheet only; public/catalog.json is then regenerated with
`nttmart import-csv`."""
import csv, io, re, sys

PATH = sys.argv[1] if len(sys.argv) > 1 else "data/sample/produk.csv"
NEW = ["Varian", "Opsi", "Opsi EN", "Harga Coret", "Ketersediaan", "Lama Hari", "Gambar Varian"]

def rupiah(text):
    return int(re.sub(r"[^0-9]", "", text))

def nice(n, step=1000):
    return int(round(n / step) * step)

def slug(s):
    s = s.lower().replace("×", " ").replace("'", "")
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", s)).strip("-")

COFFEE = ["END-0006", "MGR-0004", "NGD-0004", "SBR-0001", "SBR-0002", "MBR-0002", "NGK-0003", "STG-0001", "SBD-0001", "MTM-0002"]
HONEY = ["TTU-0006", "STM-0009", "MTM-0004"]
TENUN = ["RTN-0005", "RTN-0006", "STG-0005", "SBD-0003", "MTM-0006"]
SELENDANG = ["SBD-0004", "SBR-0006", "MBR-0006", "STM-0004"]
BY_WEIGHT = {"STM-0008": ["250 g", "500 g", "1 kg"], "SBD-0005": ["250 g", "500 g", "1 kg"],
             "NGK-0005": ["100 g", "250 g"], "SRJ-0003": ["500 g", "1 kg"], "SRJ-0001": ["600 ml", "1500 ml"]}
GRAMS = {"100 g": 110, "250 g": 270, "500 g": 540, "1 kg": 1080, "600 ml": 850, "1500 ml": 1750, "250 ml": 400, "650 ml": 900}
FACTOR = {"250 g": 1, "500 g": 1.9, "1 kg": 3.6, "100 g": 1, "600 ml": 1, "1500 ml": 2.2, "250 ml": 1, "650 ml": 2.2}

def variants_of(pid, price, stock, unit, grams_each=None):
    """(sku, opsi, price, stock, weight, availability, lead days, compare-at), opsi EN, new unit."""
    if pid in COFFEE:
        out = []
        for grind, code in (("Biji", "BJ"), ("Bubuk", "BB")):
            for w, f in (("250 g", 1), ("500 g", 1.9), ("1 kg", 3.6)):
                s = stock if w == "250 g" else max(stock // 3, 0)
                if pid == "SBR-0001" and grind == "Biji" and w == "1 kg":
                    s = 0  # sold out: the picker shows it disabled
                out.append((f"{pid}-{code}{slug(w).replace('-', '').upper()}", f"Gilingan: {grind}; Berat: {w}",
                            nice(price * f), s, GRAMS[w], "", "", ""))
        return out, "Grind; Weight", "1 bungkus"
    if pid in HONEY:
        return [(f"{pid}-250", "Ukuran: 250 ml", price, stock, 400, "", "", ""),
                (f"{pid}-650", "Ukuran: 650 ml", nice(price * 2.2, 5000), max(stock // 2, 1), 900, "", "", "")], "Size", "1 botol"
    if pid in TENUN:
        out = []
        for motif in ("Motif Klasik", "Motif Bunga"):
            code = "K" if motif == "Motif Klasik" else "B"
            # The piece in the shop is one of a kind; a larger one is woven to order.
            out.append((f"{pid}-{code}S", f"Motif: {motif}; Ukuran: {unit.replace('1 lembar ', '')}", price, 1, grams_each, "", "", ""))
            out.append((f"{pid}-{code}L", f"Motif: {motif}; Ukuran: Besar (pesan tenun)", nice(price * 1.6, 50000), "",
                        grams_each and int(grams_each * 1.6),
                        "pesanan", "21-30", ""))
        return out, "Motif; Size", "1 lembar"
    if pid in SELENDANG:
        colours = ["Merah", "Biru", "Hitam"]
        return [(f"{pid}-{c[:3].upper()}", f"Warna: {c}", price, max(stock // 3, 1), grams_each, "", "", "")
                for c in colours], "Colour", unit
    if pid in BY_WEIGHT:
        sizes = BY_WEIGHT[pid]
        out = []
        for i, w in enumerate(sizes):
            f = FACTOR[w] / FACTOR[sizes[0]]
            compare = nice(price * f * 1.1) if i == len(sizes) - 1 else ""
            out.append((f"{pid}-{slug(w).replace('-', '').upper()}", f"Ukuran: {w}", nice(price * f * (0.95 if i else 1)),
                        stock if i == 0 else max(stock // (2 * i), 1), GRAMS[w], "", "", compare))
        # Pre-order: the next harvest of the largest size.
        if pid == "SBD-0005":
            sku, opsi, pr, _, g, _, _, c = out[-1]
            out[-1] = (sku, opsi, pr, "", g, "pre-order", "14", c)
        return out, "Size", "1 kemasan"
    return None, None, None

raw = open(PATH, encoding="utf-8").read()
rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
header = rows[0]
if "Varian" in header:
    sys.exit("already has variants")
col = {name: i for i, name in enumerate(header)}
out = [header + NEW]
done = 0
for row in rows[1:]:
    row = row + [""] * len(NEW)
    pid = row[col["ID"]]
    grams = int(row[col["Berat (g)"]]) if row[col["Berat (g)"]] else None
    vs, en, unit = variants_of(pid, rupiah(row[col["Harga"]]), int(row[col["Stok"]] or 0), row[col["Satuan"]], grams)
    if not vs:
        out.append(row)
        continue
    done += 1
    if not row[col["Slug"]]:
        row[col["Slug"]] = slug(f"{row[col['Nama']]} {row[col['Satuan']]}")
    row[col["Satuan"]] = unit
    for n, (sku, opsi, price, stock, grams, avail, days, compare) in enumerate(vs):
        r = row[:] if n == 0 else [""] * len(row)
        r[col["ID"]] = pid
        r[col["Harga"]] = str(price)
        r[col["Stok"]] = "" if stock == "" else str(stock)
        r[col["Berat (g)"]] = "" if grams is None else str(grams)
        r[len(header) + 0] = sku
        r[len(header) + 1] = opsi
        r[len(header) + 2] = en if n == 0 else ""
        r[len(header) + 3] = str(compare)
        r[len(header) + 4] = avail
        r[len(header) + 5] = days
        out.append(r)
buf = io.StringIO()
csv.writer(buf, delimiter=";", lineterminator="\n").writerows(out)
open(PATH, "w", encoding="utf-8").write(buf.getvalue())
print(f"{done} products with options")
