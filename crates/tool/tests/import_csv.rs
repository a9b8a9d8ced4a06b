//! `nttmart import-csv`, run as the real binary on spreadsheet exports.

mod common;

use common::*;
use serde_json::{json, Value};

const HEADER_COMMA: &str = "id,slug,nama,deskripsi,kategori,desa,produsen,nib,harga,satuan,stok,gambar,tag,unggulan,ovop_unggulan,tanggal,program,halal,bpom,pirt";

fn setup(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.write("base.json", to_json(&small_base()));
    dir
}

fn import(dir: &TempDir, csv: &str, extra: &[&str]) -> Run {
    let (products, base, out) = (dir.s(csv), dir.s("base.json"), dir.s("catalog.json"));
    let mut args = vec!["import-csv", products.as_str(), "--base", base.as_str(), "-o", out.as_str()];
    args.extend_from_slice(extra);
    nttmart(&args)
}

fn output(dir: &TempDir) -> Value {
    let text = std::fs::read_to_string(dir.path("catalog.json")).expect("the feed was written");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn imports_a_comma_separated_file() {
    let dir = setup("import-comma");
    let csv = format!(
        "{HEADER_COMMA}\n\
         NGD-0001,,Kopi Arabika Flores Bajawa,\"Kopi petik merah, sangrai medium.\",kopi,beiwali-ngada,Koperasi Produsen Kopi Beiwali,9120015598074,\"Rp 85.000\",250 g,10,img/category/kopi.svg|img/category/kopi-2.svg,\"kopi, arabika; Bajawa\",ya,ya,2025-10-10,OVOP,ID53090012345670925,,209530901012330\n\
         NGD-0002,tenun-ngada,Tenun Ikat Ngada,Kain tenun motif kuda.,Tenun Ikat,Tiworiwu,Kelompok Tenun Bena,,\"Rp25.000,-\",1 lembar 180 × 60 cm,2,img/category/tenun.svg,tenun,tidak,1,12/10/2025,osop,tidak berlaku,,\n"
    );
    dir.write("produk.csv", csv);
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("wrote 2 products, 3 villages, 22 outlets, 15 categories"), "{}", run.stdout);
    let feed = output(&dir);
    let p = &feed["products"];
    assert_eq!(p[0]["slug"], "kopi-arabika-flores-bajawa-250-g", "slug derived from nama + satuan");
    assert_eq!(p[0]["price"], 85000);
    assert_eq!(p[0]["description"], "Kopi petik merah, sangrai medium.");
    assert_eq!(p[0]["tags"], json!(["kopi", "arabika", "bajawa"]));
    assert_eq!(p[0]["images"][1], json!({"src": "img/category/kopi-2.svg", "alt": "Kopi Arabika Flores Bajawa"}));
    assert_eq!(p[0]["featured"], true);
    assert_eq!(p[0]["producer"]["nib"], "9120015598074");
    assert_eq!(
        p[0]["certifications"],
        json!({"halal": {"status": "certified", "certificate": "ID53090012345670925"}, "pirt": "209530901012330"})
    );
    assert_eq!(p[1]["slug"], "tenun-ngada");
    assert_eq!(p[1]["price"], 25000);
    assert_eq!(p[1]["category"], "tenun", "category found by its Indonesian name");
    assert_eq!(p[1]["village"], "tiworiwu-ngada", "village found by its name");
    assert_eq!(p[1]["added"], "2025-10-12", "DD/MM/YYYY accepted");
    assert_eq!(p[1]["stream"], "OSOP");
    assert_eq!(p[1]["flagship"], true);
    assert_eq!(p[1]["certifications"], json!({"halal": {"status": "not_applicable"}}));
    assert!(p[1]["producer"].get("nib").is_none());
    // The written feed passes check.
    let check = nttmart(&["check", &dir.s("catalog.json")]);
    assert_eq!(check.code, 0, "{}", check.all());
}

#[test]
fn imports_a_semicolon_file_with_bom_crlf_and_a_quoted_newline() {
    let dir = setup("import-semicolon");
    let csv = "\u{feff}ID ; slug ; Nama Produk ; Deskripsi ; KATEGORI ; Desa ; Produsen ; Harga ; Satuan ; Stok ; Foto ; Alt Gambar ; Tanggal ; Program ; Halal ; BPOM ; P-IRT\r\n\
        KPK-0001;;Se'i Babi (non-halal);\"Mengandung babi.\r\nProduk ini tidak halal; simpan dingin.\";olahan;kuanino-kota-kupang;UD Se'i Kuanino;Rp 100.000;250 g;4;img/category/olahan.svg;Kemasan se'i babi;2025-09-01;OVOP;Tidak Halal;MD 2247 1093 6105;\r\n\
        ;;;;;;;;;;;;;;;\r\n\
        NGD-0001;kopi-bajawa;Kopi Bajawa;Kopi.;kopi;beiwali-ngada;Koperasi Beiwali;Rp 1.250.000;5 kg;1.200;img/category/kopi.svg;Karung kopi;1/9/2025;;ID 5309 0012 3456 70925;;P-IRT No. 2065309010123-30\r\n";
    dir.write("produk.csv", csv);
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    let feed = output(&dir);
    let p = &feed["products"];
    assert_eq!(p.as_array().unwrap().len(), 2, "the empty row is skipped");
    assert_eq!(p[0]["slug"], "sei-babi-non-halal-250-g");
    assert_eq!(p[0]["description"], "Mengandung babi.\nProduk ini tidak halal; simpan dingin.");
    assert_eq!(p[0]["price"], 100000);
    assert_eq!(p[0]["images"][0]["alt"], "Kemasan se'i babi");
    assert_eq!(p[0]["certifications"], json!({"halal": {"status": "not_halal"}, "bpom": "MD224710936105"}));
    assert_eq!(p[1]["price"], 1250000);
    assert_eq!(p[1]["stock"], 1200);
    assert_eq!(p[1]["added"], "2025-09-01");
    assert_eq!(p[1]["stream"], "OVOP", "an empty program is OVOP");
    assert_eq!(p[1]["certifications"]["pirt"], "206530901012330");
    assert_eq!(p[1]["certifications"]["halal"]["certificate"], "ID53090012345670925");
}

#[test]
fn a_bad_row_is_reported_with_its_spreadsheet_row_and_nothing_is_written() {
    let dir = setup("import-bad-row");
    // Row 2 has a description over two lines; row 3 is the bad one.
    let csv = "id;nama;deskripsi;kategori;desa;produsen;harga;satuan;stok;gambar;tanggal;halal\n\
        NGD-0001;Kopi Bajawa;\"Baris satu\nbaris dua\";kopi;beiwali-ngada;Koperasi Beiwali;85000;250 g;10;img/category/kopi.svg;2025-10-10;ID53090012345670925\n\
        NGD-0002;Kopi Robusta;Kopi.;kopi;beiwali-ngada;Koperasi Beiwali;dua puluh ribu;250 g;sepuluh;img/category/kopi.svg;2025-13-01;halal\n\
        NGD-0003;Madu;Madu.;madu;desa-entah;Kelompok Madu;Rp 75.000;250 ml;5;img/category/madu.svg;2025-10-10;ID53090012345670925\n";
    dir.write("produk.csv", csv);
    dir.write("catalog.json", "OLD");
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 1, "{}", run.all());
    let csv_path = dir.s("produk.csv");
    for want in [
        format!("{csv_path} row 3 (Kopi Robusta): column harga: `dua puluh ribu`: not a price"),
        format!("{csv_path} row 3 (Kopi Robusta): column stok: "),
        format!("{csv_path} row 3 (Kopi Robusta): column tanggal: "),
        format!("{csv_path} row 3 (Kopi Robusta): column halal: "),
        format!("{csv_path} row 4 (Madu): column desa: unknown village `desa-entah`"),
    ] {
        assert!(run.stderr.lines().any(|l| l.starts_with(&want)), "missing {want:?} in\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("row 2 "), "row 2 is fine: {}", run.stderr);
    assert!(run.stderr.contains("not written"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(dir.path("catalog.json")).unwrap(), "OLD", "the old feed is untouched");
    assert_eq!(dir.files(), vec!["base.json", "catalog.json", "produk.csv"], "no temporary file left behind");
}

#[test]
fn a_missing_output_is_not_created_on_error() {
    let dir = setup("import-no-output");
    dir.write("produk.csv", format!("{HEADER_COMMA}\nX-1,,Kopi,Kopi.,kopi,beiwali-ngada,Koperasi,,-5000,250 g,1,img/category/kopi.svg,,,,2025-10-10,,ID53090012345670925,,\n"));
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stderr.contains("row 2 (Kopi): column harga:"), "{}", run.stderr);
    assert!(!dir.path("catalog.json").exists());
}

#[test]
fn feed_validator_problems_point_at_the_csv_row() {
    let dir = setup("import-validator");
    // The tool accepts "ID" + digits; the feed validator wants 10 to 20 digits.
    dir.write(
        "produk.csv",
        format!(
            "{HEADER_COMMA}\n\
             NGD-0001,,Kopi Satu,Kopi.,kopi,beiwali-ngada,Koperasi,,85000,250 g,1,img/category/kopi.svg,,,,2025-10-10,,ID53090012345670925,,\n\
             NGD-0002,,Kopi Dua,Kopi.,kopi,beiwali-ngada,Koperasi,,85000,250 g,1,img/category/kopi.svg,,,,2025-10-10,,ID123,,\n"
        ),
    );
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 1, "{}", run.all());
    let want = format!("{} row 3 (Kopi Dua): products[1].certifications.halal.certificate: ", dir.s("produk.csv"));
    assert!(run.stderr.lines().any(|l| l.starts_with(&want)), "{}", run.stderr);
    assert!(!dir.path("catalog.json").exists());
}

#[test]
fn duplicate_ids_and_slugs_name_both_rows() {
    let dir = setup("import-duplicates");
    dir.write(
        "produk.csv",
        format!(
            "{HEADER_COMMA}\n\
             NGD-0001,,Kopi,Kopi.,kopi,beiwali-ngada,Koperasi,,85000,250 g,1,img/category/kopi.svg,,,,2025-10-10,,ID53090012345670925,,\n\
             NGD-0001,,Kopi,Kopi lain.,kopi,beiwali-ngada,Koperasi,,90000,250 g,1,img/category/kopi.svg,,,,2025-10-10,,ID53090012345670925,,\n"
        ),
    );
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("row 3 (Kopi): column id: `NGD-0001` is already used by row 2"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("row 3 (Kopi): column slug: `kopi-250-g` is already used by row 2; fill in the slug column"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_columns_and_unknown_columns() {
    let dir = setup("import-columns");
    dir.write("produk.csv", "id;nama;warna\nX;Y;merah\n");
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("row 1: column harga: missing from the header row"), "{}", run.stderr);
    assert!(run.stderr.contains("row 1: warning: unknown column `warna` is ignored"), "{}", run.stderr);
}

#[test]
fn a_villages_csv_extends_the_base() {
    let dir = setup("import-villages");
    dir.write(
        "desa.csv",
        "Nama;Kabupaten;Unggulan;Cerita\n\
         Nunang;Manggarai Barat;Kopi arabika Nunang;Desa kopi di perbukitan Mbeliling. Kopi dijemur di para-para.\n",
    );
    dir.write(
        "produk.csv",
        format!("{HEADER_COMMA}\nMBR-0001,,Kopi Nunang,Kopi.,kopi,Nunang,Kelompok Tani Nunang,,75000,250 g,5,img/category/kopi-3.svg,,,ya,2026-01-10,,ID53150012345670925,,\n"),
    );
    let villages = dir.s("desa.csv");
    let run = import(&dir, "produk.csv", &["--villages", &villages]);
    assert_eq!(run.code, 0, "{}", run.all());
    let feed = output(&dir);
    let v = feed["villages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        v,
        json!({
            "id": "nunang-manggarai-barat", "name": "Nunang", "kabupaten": "manggarai-barat",
            "cooperative": "Koperasi Desa Merah Putih Nunang", "flagship": "Kopi arabika Nunang",
            "story": "Desa kopi di perbukitan Mbeliling. Kopi dijemur di para-para."
        })
    );
    assert_eq!(feed["villages"].as_array().unwrap().len(), 4);
    assert_eq!(feed["products"][0]["village"], "nunang-manggarai-barat");
}

#[test]
fn unreadable_inputs_exit_2() {
    let dir = setup("import-unreadable");
    dir.write("produk.csv", format!("{HEADER_COMMA}\n"));
    let run = import(&dir, "nothing.csv", &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nothing.csv: cannot read"), "{}", run.stderr);

    dir.write("latin1.csv", b"id;nama\nX;caf\xe9\n");
    let run = import(&dir, "latin1.csv", &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);

    dir.write("base.json", "{\"version\": 1,,}");
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&format!("{}: line 1, column", dir.s("base.json"))), "{}", run.stderr);
    assert!(!dir.path("catalog.json").exists());
}

const HEADER_VARIANTS: &str = "id;nama;deskripsi;kategori;desa;produsen;harga;satuan;berat_g;stok;gambar;tanggal;halal;varian;opsi;opsi_en;ketersediaan;lama_hari;gambar_varian";

#[test]
fn one_row_per_variant_makes_a_product_with_options() {
    let dir = setup("import-variants");
    let csv = format!(
        "{HEADER_VARIANTS}\n\
         NGD-0004;Kopi Arabika Bajawa;Kopi petik merah.;kopi;beiwali-ngada;Koperasi Beiwali;Rp 90.000;1 bungkus;270;40;img/category/kopi.svg|img/category/kopi-2.svg;2025-10-10;ID53090012345670925;NGD-0004-BJ250;\"Gilingan: Biji; Berat: 250 g\";\"Grind; Weight\";;;\n\
         NGD-0004;;;;;;Rp 171.000;;540;0;;;;NGD-0004-BJ500;\"Gilingan: Biji; Berat: 500 g\";;;;\n\
         NGD-0004;;;;;;90000;;270;40;;;;NGD-0004-BB250;\"Gilingan: Bubuk; Berat: 250 g\";;;;img/category/kopi-2.svg\n\
         NGD-0004;;;;;;171000;;540;;;;;NGD-0004-BB500;\"Gilingan: Bubuk; Berat: 500 g\";;pre-order;7-14;\n\
         NGD-0002;Tenun Ikat Ngada;Kain tenun.;tenun;tiworiwu-ngada;Kelompok Tenun Bena;650000;1 lembar;600;;img/category/tenun.svg;2025-10-12;tidak berlaku;;;;pesanan;21-30;\n"
    );
    dir.write("produk.csv", csv);
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("wrote 2 products"), "{}", run.stdout);
    let feed = output(&dir);
    let kopi = &feed["products"][0];
    assert_eq!(kopi.get("price"), None, "the price is each variant's");
    assert_eq!(
        kopi["options"],
        json!([
            {"name": {"id": "Gilingan", "en": "Grind"}, "values": ["Biji", "Bubuk"]},
            {"name": {"id": "Berat", "en": "Weight"}, "values": ["250 g", "500 g"]}
        ])
    );
    let v = kopi["variants"].as_array().unwrap();
    assert_eq!(v.len(), 4);
    assert_eq!(
        v[1],
        json!({"id": "NGD-0004-BJ500", "values": ["Biji", "500 g"], "price": 171000, "weight_g": 540, "stock": 0})
    );
    assert_eq!(v[2]["images"], json!(["img/category/kopi-2.svg"]));
    assert_eq!(v[3]["availability"], "pre_order");
    assert_eq!(v[3]["lead_days"], json!([7, 14]));
    assert_eq!(v[3]["stock"], 0, "a pre-order needs no stock");
    let tenun = &feed["products"][1];
    assert_eq!(tenun["availability"], "made_to_order");
    assert_eq!(tenun["lead_days"], json!([21, 30]));
    let check = nttmart(&["check", &dir.s("catalog.json")]);
    assert!(check.stdout.contains("2 products (4 variants of products with options)"), "{}", check.stdout);
}

#[test]
fn variant_mistakes_are_reported_at_their_own_rows() {
    let dir = setup("import-variant-mistakes");
    let csv = format!(
        "{HEADER_VARIANTS}\n\
         NGD-0004;Kopi Arabika Bajawa;Kopi petik merah.;kopi;beiwali-ngada;Koperasi Beiwali;90000;1 bungkus;270;40;img/category/kopi.svg;2025-10-10;ID53090012345670925;NGD-0004-BJ250;Gilingan: Biji;;;;\n\
         NGD-0004;Kopi Lain;;;;;171000;;540;5;;;;NGD-0004-BJ500;Gilingan: Bubuk;;;;\n\
         NGD-0004;;;;;;90000;;270;5;;;;NGD-0004-BB250;Gilingan Bubuk;;;;\n\
         NGD-0004;;;;;;90000;;270;5;;;;;Gilingan: Sangrai;;;;\n\
         NGD-0004;;;;;;90000;;270;;;;;NGD-0004-X;Gilingan: Halus;;pesanan;lama;\n\
         NGD-0004;;;;;;90000;;270;5;;;;NGD-0004-BB250;Gilingan: Biji;;;;\n\
         NGD-0005;Kopi Robusta;Kopi.;kopi;beiwali-ngada;Koperasi Beiwali;50000;250 g;270;10;img/category/kopi.svg;2025-10-10;ID53090012345670925;;;;;;\n\
         NGD-0005;Kopi Robusta;Kopi.;kopi;beiwali-ngada;Koperasi Beiwali;50000;250 g;270;10;img/category/kopi.svg;2025-10-10;ID53090012345670925;;;;;;\n"
    );
    dir.write("produk.csv", csv);
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 1, "{}", run.all());
    let err = &run.stderr;
    for needle in [
        "row 3 (Kopi Arabika Bajawa): column nama: `Kopi Lain` differs from the product's first row (row 2)",
        "row 4 (Kopi Arabika Bajawa): column opsi: `Gilingan Bubuk` is not `option: value`",
        "row 5 (Kopi Arabika Bajawa): column varian: is empty",
        "row 6 (Kopi Arabika Bajawa): column lama_hari: `lama` is not a number of days",
        "row 9 (Kopi Robusta): column id: `NGD-0005` is already used by row 8; to list a product's variants, fill in the opsi column",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    assert!(!dir.path("catalog.json").exists(), "nothing is written");
}

#[test]
fn a_duplicate_combination_is_reported_at_the_variants_row() {
    let dir = setup("import-variant-duplicate");
    let csv = format!(
        "{HEADER_VARIANTS}\n\
         NGD-0004;Kopi Arabika Bajawa;Kopi petik merah.;kopi;beiwali-ngada;Koperasi Beiwali;90000;1 bungkus;270;40;img/category/kopi.svg;2025-10-10;ID53090012345670925;NGD-0004-BJ250;Gilingan: Biji;;;;\n\
         NGD-0004;;;;;;95000;;270;5;;;;NGD-0004-BJ251;Gilingan: Biji;;;;\n"
    );
    dir.write("produk.csv", csv);
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stderr.contains("produk.csv row 3 (Kopi Arabika Bajawa): products[0].variants[1].values: Biji is the same choice as variants[0]"),
        "{}",
        run.stderr
    );
}

#[test]
fn english_alt_texts_and_focal_points_per_image() {
    let dir = setup("import-alt-focus");
    let csv = "id;nama;deskripsi;kategori;desa;produsen;harga;satuan;stok;gambar;alt gambar;alt gambar en;fokus gambar;tanggal;halal\n\
        NGD-0001;Kopi Bajawa;Kopi.;kopi;beiwali-ngada;Koperasi Beiwali;85000;250 g;10;img/category/kopi.svg|img/category/kopi-2.svg;Sebungkus kopi|Biji kopi;A bag of coffee|;50,30|20% 80%;2025-10-10;ID53090012345670925\n\
        NGD-0002;Kopi Robusta;Kopi.;kopi;beiwali-ngada;Koperasi Beiwali;85000;250 g;10;img/category/kopi.svg;;Coffee;;2025-10-10;ID53090012345670925\n";
    dir.write("produk.csv", csv);
    let run = import(&dir, "produk.csv", &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    let p = &output(&dir)["products"];
    assert_eq!(
        p[0]["images"],
        json!([
            {"src": "img/category/kopi.svg", "alt": "Sebungkus kopi", "alt_en": "A bag of coffee", "focus": {"x": 50, "y": 30}},
            {"src": "img/category/kopi-2.svg", "alt": "Biji kopi", "focus": {"x": 20, "y": 80}}
        ])
    );
    assert_eq!(p[1]["images"], json!([{"src": "img/category/kopi.svg", "alt": "Kopi Robusta", "alt_en": "Coffee"}]));

    // A focal point outside the picture, and three English texts for two
    // images, each at its own row and column.
    let csv = "id;nama;deskripsi;kategori;desa;produsen;harga;satuan;stok;gambar;alt_gambar_en;fokus;tanggal;halal\n\
        NGD-0001;Kopi Bajawa;Kopi.;kopi;beiwali-ngada;Koperasi Beiwali;85000;250 g;10;img/category/kopi.svg;;120,30;2025-10-10;ID53090012345670925\n\
        NGD-0002;Kopi Robusta;Kopi.;kopi;beiwali-ngada;Koperasi Beiwali;85000;250 g;10;img/category/kopi.svg|img/category/kopi-2.svg;a|b|c;;2025-10-10;ID53090012345670925\n";
    dir.write("bad.csv", csv);
    let run = import(&dir, "bad.csv", &[]);
    assert_eq!(run.code, 1, "{}", run.all());
    let path = dir.s("bad.csv");
    assert!(
        run.stderr.contains(&format!("{path} row 2 (Kopi Bajawa): column fokus_gambar: `120,30` is not a focal point")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("{path} row 3 (Kopi Robusta): column alt_gambar_en: 3 English alt texts for 2 images")),
        "{}",
        run.stderr
    );
}
