//! Indonesian for the import's and the feed validator's messages, which
//! are written in English (the tool's output, and the developers'
//! language). Only the workbench calls this, so the storefront's bundle
//! carries none of it.
//!
//! The messages are made with `format!`, so they are matched here against
//! their templates, `{}` standing for whatever was filled in (a cell's
//! value, a row number, a list of ids). The Indonesian template says how
//! each value comes back: `{}` as it is, `{v}` through `PHRASES` (a
//! found value such as `the text "12"`, a month, a QRIS tag's name), `{t}`
//! as a message of its own, translated in turn (a price error after the
//! cell's value, a QRIS error inside the feed's message). Many messages end
//! in an optional hint (`; write kopi`, `; did you mean "kopi"?`); those
//! are `HINTS`, matched after the `; ` where they start, the rest of the
//! message being translated on its own. Of the readings that fit, one
//! whose values keep their quotes paired beats one that cuts a quoted value
//! in two, and then the one that explains most of the message as template
//! text wins, so a hint is not swallowed by the value before it. No regex
//! crate: this runs in the browser, where every kilobyte of wasm counts.

/// The text the QRIS messages end with (`nttmart_domain::qris`, which has
/// their Indonesian too: a test holds these to it).
macro_rules! recopy_en {
    () => {
        "Copy the outlet's static QRIS text again by scanning its QRIS sticker with a QR reader app; don't type or edit it by hand."
    };
}
macro_rules! recopy_id {
    () => {
        "Salin ulang teks QRIS statis outlet dengan memindai stiker QRIS-nya memakai aplikasi pemindai QR, jangan diketik atau diubah manual."
    };
}

/// Whole messages: (English template, Indonesian template).
const MESSAGES: &[(&str, &str)] = &[
    // ----- the spreadsheet import (crates/sheet/src/import.rs) -----
    ("is empty", "masih kosong"),
    ("missing", "tidak ada"),
    ("must be a list", "harus berupa daftar [ … ]"),
    ("the base feed must be a JSON object", "feed dasar harus berupa objek JSON { … }"),
    ("this tool reads schema versions 1 to {}, not {}", "alat ini membaca skema versi 1 sampai {}, bukan {}"),
    (
        "products in the base feed are ignored; they come from the CSV",
        "produk di feed dasar diabaikan; produk diambil dari CSV",
    ),
    ("the assembled feed is not JSON: {}", "feed yang disusun bukan JSON yang sah: {}"),
    ("the assembled feed is not usable", "feed yang disusun tidak bisa dipakai"),
    ("appears twice (`{}` and `{}`)", "muncul dua kali (`{}` dan `{}`)"),
    ("unknown column `{}` is ignored", "kolom `{}` tidak dikenal, jadi diabaikan"),
    ("missing from the header row", "tidak ada di baris judul"),
    ("no product rows below the header", "tidak ada baris produk di bawah baris judul"),
    (
        "has {} cells but the header has {}; a cell containing `{}` must be in double quotes",
        "berisi {} sel, padahal baris judul hanya {}; sel yang memuat `{}` harus diapit tanda kutip ganda (\"…\")",
    ),
    (
        "`{}` is not a kabupaten/kota of NTT; write e.g. `Ngada`, `ngada` or `5309`",
        "`{}` bukan kabupaten/kota di NTT; tulis misalnya `Ngada`, `ngada` atau `5309`",
    ),
    (
        "`{}` is not a slug; use lowercase letters, digits and hyphens, e.g. `{}`",
        "`{}` bukan slug; pakai huruf kecil, angka dan tanda hubung (-), misalnya `{}`",
    ),
    ("`{}` is already used by row {}", "`{}` sudah dipakai di baris {}"),
    (
        "`{}` is already used by row {}; to list a product's variants, fill in the opsi column on each of its rows",
        "`{}` sudah dipakai di baris {}; untuk mencantumkan varian sebuah produk, isi kolom opsi di setiap barisnya",
    ),
    (
        "`{}` is already used by row {}; fill in the slug column to tell them apart",
        "`{}` sudah dipakai di baris {}; isi kolom slug agar keduanya berbeda",
    ),
    (
        "`{}` is not `option: value`; write e.g. `Gilingan: Bubuk; Berat: 500 g`",
        "`{}` tidak berbentuk `opsi: nilai`; tulis misalnya `Gilingan: Bubuk; Berat: 500 g`",
    ),
    (
        "{} English names for {} options; give one per option, separated by `;`",
        "ada {} nama bahasa Inggris untuk {} opsi; tulis satu untuk setiap opsi, dipisahkan dengan `;`",
    ),
    (
        "gives no value for option `{}`; every row of a product names all its options",
        "tidak memberi nilai untuk opsi `{}`; setiap baris sebuah produk harus menyebut semua opsinya",
    ),
    (
        "`{}` differs from the product's first row (row {}); leave it empty on a variant's row",
        "`{}` berbeda dengan baris pertama produk ini (baris {}); kosongkan sel ini di baris varian",
    ),
    (
        "is empty: every variant needs its own code (SKU), e.g. NGD-0001-B250",
        "masih kosong: setiap varian perlu kodenya sendiri (SKU), misalnya NGD-0001-B250",
    ),
    (
        "`{}` is not a weight in grams, such as 250 or 1,5 kg",
        "`{}` bukan berat dalam gram; tulis misalnya 250 atau 1,5 kg",
    ),
    (
        "`{}` is not a whole number of items (0 = out of stock)",
        "`{}` bukan jumlah barang berupa bilangan bulat (0 = stok habis)",
    ),
    ("the price must be more than Rp 0", "harga harus lebih dari Rp 0"),
    // A price cell that `Rupiah::parse` refuses: the cell, then its error.
    ("`{}`: {}", "`{}`: {t}"),
    ("the price is empty", "harga masih kosong"),
    ("not a price; write it as 25000 or Rp 25.000", "bukan harga; tulis seperti 25000 atau Rp 25.000"),
    ("a price cannot be negative", "harga tidak boleh negatif"),
    (
        "Rupiah prices are whole numbers; remove the decimals",
        "harga Rupiah selalu bilangan bulat; hapus angka desimalnya",
    ),
    ("the number is too large", "angkanya terlalu besar"),
    (
        "`{}` is not a number of days such as 14 or 21-30 (1 to 365)",
        "`{}` bukan jumlah hari; tulis misalnya 14 atau 21-30 (1 sampai 365)",
    ),
    (
        "`{}` is not one of: siap, habis, pesanan, pre-order",
        "`{}` tidak dikenal; pakai salah satu: siap, habis, pesanan, pre-order",
    ),
    ("unknown category `{}`; use one of: {}", "kategori `{}` tidak dikenal; pakai salah satu: {}"),
    ("unknown village `{}`; did you mean `{}`?", "desa `{}` tidak dikenal; mungkin maksudnya `{}`?"),
    (
        "unknown village `{}`; use a village id from the base feed, e.g. `{}`",
        "desa `{}` tidak dikenal; pakai id desa dari feed dasar, misalnya `{}`",
    ),
    (
        "unknown village `{}`; the base feed has no villages",
        "desa `{}` tidak dikenal; feed dasar belum memuat desa apa pun",
    ),
    ("several villages are called `{}`; use the id: {}", "ada beberapa desa bernama `{}`; pakai id-nya: {}"),
    ("`{}` is not a NIB; it has 13 digits", "`{}` bukan NIB; NIB terdiri dari 13 angka"),
    (
        "no image path; separate several with `|`",
        "belum ada alamat gambar; pisahkan beberapa gambar dengan `|`",
    ),
    (
        "{} alt texts for {} images; give one, or one per image separated by `|`",
        "ada {} teks alt untuk {} gambar; tulis satu saja, atau satu untuk setiap gambar dipisahkan dengan `|`",
    ),
    (
        "{} English alt texts for {} images; give one, or one per image separated by `|`",
        "ada {} teks alt bahasa Inggris untuk {} gambar; tulis satu saja, atau satu untuk setiap gambar dipisahkan dengan `|`",
    ),
    (
        "{} focal points for {} images; give one, or one per image separated by `|`",
        "ada {} titik fokus untuk {} gambar; tulis satu saja, atau satu untuk setiap gambar dipisahkan dengan `|`",
    ),
    (
        "`{}` is not a focal point; write how far across and down the subject is, in percent: `50,30`",
        "`{}` bukan titik fokus; tulis letak pokok foto dari kiri dan dari atas, dalam persen: `50,30`",
    ),
    ("`{}` is not ya/tidak", "`{}` bukan ya/tidak; tulis ya atau tidak"),
    (
        "`{}` is not a date; write YYYY-MM-DD (2025-08-12) or DD/MM/YYYY (12/08/2025)",
        "`{}` bukan tanggal; tulis tahun-bulan-tanggal (2025-08-12) atau tanggal/bulan/tahun (12/08/2025)",
    ),
    ("`{}` is not a program; use OVOP, OSOP or OCOP", "`{}` bukan program yang dikenal; pakai OVOP, OSOP atau OCOP"),
    (
        "`{}` is not a halal status; write the certificate number (ID…), `tidak halal`, or `tidak berlaku` for non-food",
        "`{}` bukan status halal; tulis nomor sertifikat halal (ID…), `tidak halal`, atau `tidak berlaku` untuk produk bukan pangan",
    ),
    (
        "`{}` is not a BPOM number; write MD or ML followed by 12 digits",
        "`{}` bukan nomor BPOM; tulis MD atau ML diikuti 12 angka",
    ),
    ("`{}` is not a P-IRT number; it has 15 digits", "`{}` bukan nomor P-IRT; nomor P-IRT terdiri dari 15 angka"),
    (
        "a product registered with BPOM MD has no P-IRT number; keep only one",
        "produk yang terdaftar di BPOM MD tidak memakai nomor P-IRT; isi salah satu saja",
    ),
    // A CSV that cannot be read at all (`table::parse`; `import` puts the
    // file's name in front).
    (
        "not UTF-8 text (byte {}); save the spreadsheet as \"CSV UTF-8\"",
        "bukan teks UTF-8 (byte ke-{}); simpan spreadsheet sebagai \"CSV UTF-8\"",
    ),
    (
        "{}: not UTF-8 text (byte {}); save the spreadsheet as \"CSV UTF-8\"",
        "{}: bukan teks UTF-8 (byte ke-{}); simpan spreadsheet sebagai \"CSV UTF-8\"",
    ),
    ("the file is empty; it needs a header row", "berkas ini kosong; berkas perlu baris judul"),
    ("{}: the file is empty; it needs a header row", "{}: berkas ini kosong; berkas perlu baris judul"),
    ("the file has no header row", "berkas ini tidak punya baris judul"),
    ("{}: the file has no header row", "{}: berkas ini tidak punya baris judul"),
    // ----- the feed validator (nttmart_domain::feed) -----
    (
        "the file starts with an invisible byte order mark (BOM); save it as UTF-8 without BOM",
        "berkas ini diawali tanda tak terlihat (BOM); simpan sebagai UTF-8 tanpa BOM",
    ),
    ("must be text in quotes, found {}", "harus berupa teks dalam tanda kutip, tetapi isinya {v}"),
    ("must be a whole number, found {}", "harus berupa bilangan bulat, tetapi isinya {v}"),
    ("must be true or false, found {}", "harus true atau false, tetapi isinya {v}"),
    ("must be a list [ … ], found {}", "harus berupa daftar [ … ], tetapi isinya {v}"),
    ("must be an object { … }, found {}", "harus berupa objek { … }, tetapi isinya {v}"),
    (
        "appears more than once here; keep only one (only the first one is read)",
        "muncul lebih dari sekali di sini; sisakan satu saja (hanya yang pertama yang dibaca)",
    ),
    ("unknown field, ignored", "isian tidak dikenal, jadi diabaikan"),
    ("is required", "wajib diisi"),
    ("must not be empty", "tidak boleh kosong"),
    ("is too long: {} characters, the limit is {}", "terlalu panjang: {} karakter, batasnya {}"),
    (
        "must be the slug of one of the 22 kabupaten/kota of NTT, such as ngada or kota-kupang, found {}",
        "harus slug salah satu dari 22 kabupaten/kota di NTT, seperti ngada atau kota-kupang, tetapi isinya {}",
    ),
    (
        "refers to category {}, which is left out of the catalog because categories[{}] has errors",
        "merujuk ke kategori {}, yang tidak dimasukkan ke katalog karena categories[{}] ada kesalahannya",
    ),
    (
        "refers to village {}, which is left out of the catalog because villages[{}] has errors",
        "merujuk ke desa {}, yang tidak dimasukkan ke katalog karena villages[{}] ada kesalahannya",
    ),
    (
        "refers to category {}, which is not in the categories list",
        "merujuk ke kategori {}, yang tidak ada di daftar categories",
    ),
    ("refers to village {}, which is not in the villages list", "merujuk ke desa {}, yang tidak ada di daftar villages"),
    (
        "the feed must be an object { … } holding version, store, outlets, categories, villages and products, found {}",
        "feed harus berupa objek { … } yang berisi version, store, outlets, categories, villages dan products, tetapi isinya {v}",
    ),
    (
        "is required: write \"version\": {} at the top of the feed",
        "wajib diisi: tulis \"version\": {} di bagian paling atas feed",
    ),
    (
        "this feed is written for schema version {}, but this storefront reads version {}; the feed needs a newer storefront",
        "feed ini ditulis untuk skema versi {}, padahal toko online ini membaca versi {}; feed ini perlu toko online versi yang lebih baru",
    ),
    ("must be 1 or higher, found {}", "harus 1 atau lebih, tetapi isinya {v}"),
    ("must be a whole number such as {}, found {}", "harus bilangan bulat seperti {}, tetapi isinya {}"),
    ("must be \"IDR\" (Indonesian Rupiah), found {}", "harus \"IDR\" (Rupiah), tetapi isinya {}"),
    (
        "has no usable outlet for {} of the {} kabupaten/kota: {}",
        "belum punya outlet yang bisa dipakai untuk {} dari {} kabupaten/kota: {}",
    ),
    (
        "{} already has an outlet at outlets[{}]; each kabupaten/kota has one outlet, so this one is left out",
        "{} sudah punya outlet di outlets[{}]; setiap kabupaten/kota hanya punya satu outlet, jadi yang ini tidak dipakai",
    ),
    ("must be \"launched\" or \"planned\", found {}", "harus \"launched\" atau \"planned\", tetapi isinya {}"),
    ("is required when status is \"launched\"", "wajib diisi bila status \"launched\""),
    (
        "has errors, so this outlet's delivery fees are left out until they are fixed: customers who want delivery are told the outlet will quote the fee",
        "ada kesalahan, jadi ongkos kirim outlet ini tidak dipakai sampai diperbaiki: pembeli yang ingin diantar diberi tahu bahwa outlet akan menyebutkan ongkos kirimnya",
    ),
    (
        "{} is already the name of zones[{}]; give each zone its own name",
        "{} sudah menjadi nama zones[{}]; beri setiap zona nama sendiri",
    ),
    (
        "{} is already in zones[{}]; an area belongs to one zone, so its fee is clear",
        "{} sudah ada di zones[{}]; satu wilayah hanya masuk satu zona, supaya ongkos kirimnya jelas",
    ),
    (
        "must have either \"areas\" (a list of kecamatan or kelurahan) or \"within_km\" (a distance from the outlet), not both and not neither",
        "harus punya \"areas\" (daftar kecamatan atau kelurahan) atau \"within_km\" (jarak dari outlet), salah satu saja: tidak boleh keduanya, juga tidak boleh tidak ada sama sekali",
    ),
    (
        "must list at least one kecamatan or kelurahan",
        "harus memuat paling sedikit satu kecamatan atau kelurahan",
    ),
    (
        "must be \"quote\", \"none\" or {\"tiers\": [ … ]}, found {}",
        "harus \"quote\", \"none\" atau {\"tiers\": [ … ]}, tetapi isinya {}",
    ),
    (
        "must list at least one weight tier, such as {\"up_to_g\": 1000, \"fee\": 25000}",
        "harus memuat paling sedikit satu tingkat berat, seperti {\"up_to_g\": 1000, \"fee\": 25000}",
    ),
    (
        "up_to_g {} is not above the tier before it ({} g); list tiers from light to heavy",
        "up_to_g {} tidak lebih besar dari tingkat sebelumnya ({} g); urutkan tingkat dari yang ringan ke yang berat",
    ),
    (
        "is more than {} for one delivery; check for extra zeros",
        "lebih dari {} untuk sekali antar; periksa apakah ada angka nol yang berlebih",
    ),
    (
        "must be a whole number of grams from 1 to 1000000, without quotes",
        "harus bilangan bulat dalam gram dari 1 sampai 1000000, tanpa tanda kutip",
    ),
    (
        "must be a whole number of grams from {} to {}, found {}",
        "harus bilangan bulat dalam gram dari {} sampai {}, tetapi isinya {v}",
    ),
    (
        "must be a whole number of kilometres from {} to {}, found {}",
        "harus bilangan bulat dalam kilometer dari {} sampai {}, tetapi isinya {v}",
    ),
    (
        "must be a whole number of percent from {} to {}, found {}",
        "harus bilangan bulat dalam persen dari {} sampai {}, tetapi isinya {v}",
    ),
    (
        "must be a whole number of pixels from {} to {}, found {}",
        "harus bilangan bulat dalam piksel dari {} sampai {}, tetapi isinya {v}",
    ),
    (
        "{}; this QRIS is left out of checkout until it is fixed",
        "{t}; QRIS ini tidak ditawarkan saat pembayaran sampai diperbaiki",
    ),
    (
        "leaves customers no way to pay: set \"cash\": true or give a usable transfer account or QRIS; until then cash is offered",
        "membuat pembeli tidak punya cara membayar: tulis \"cash\": true atau isi rekening transfer atau QRIS yang bisa dipakai; sampai saat itu pembayaran tunai yang ditawarkan",
    ),
    (
        "must be a bank account number of 5 to 20 digits, found {}",
        "harus nomor rekening bank 5 sampai 20 angka, tetapi isinya {}",
    ),
    (
        "{} is already the id of {}[{}]; every entry needs its own id, so this one is left out",
        "{} sudah menjadi id {}[{}]; setiap entri perlu id sendiri, jadi yang ini tidak dipakai",
    ),
    (
        "is required: the catalog needs at least one product",
        "wajib diisi: katalog perlu paling sedikit satu produk",
    ),
    (
        "is an empty list: the catalog needs at least one product",
        "daftarnya kosong: katalog perlu paling sedikit satu produk",
    ),
    (
        "the only product cannot be used because it has errors (listed above); the catalog needs at least one valid product",
        "satu-satunya produk tidak bisa dipakai karena ada kesalahannya (lihat di atas); katalog perlu paling sedikit satu produk yang benar",
    ),
    (
        "none of the {} products can be used because each has errors (listed above); the catalog needs at least one valid product",
        "tidak satu pun dari {} produk bisa dipakai karena semuanya ada kesalahannya (lihat di atas); katalog perlu paling sedikit satu produk yang benar",
    ),
    (
        "{} is already the id of {}; every product needs its own id, so this one is left out",
        "{} sudah menjadi id {}; setiap produk perlu id sendiri, jadi yang ini tidak dipakai",
    ),
    (
        "{} is already the slug of {}; every product needs its own web address, so this one is left out",
        "{} sudah menjadi slug {}; setiap produk perlu alamat web sendiri, jadi yang ini tidak dipakai",
    ),
    (
        "{} is already the id of {}; every product and variant needs its own id, so this one is left out",
        "{} sudah menjadi id {}; setiap produk dan varian perlu id sendiri, jadi yang ini tidak dipakai",
    ),
    (
        "says \"not_applicable\", but category {} is food; write \"certified\" with the certificate number, or \"not_halal\"",
        "berisi \"not_applicable\", padahal kategori {} termasuk pangan; tulis \"certified\" beserta nomor sertifikatnya, atau \"not_halal\"",
    ),
    (
        "are given, but no variants: list the variants that can be bought, with their options' values, in \"variants\"",
        "diisi, tetapi tidak ada varian: cantumkan varian yang bisa dibeli, beserta nilai opsinya, di \"variants\"",
    ),
    (
        "is given per variant when a product has variants: move it into each of \"variants\"",
        "diisi per varian bila produk punya varian: pindahkan ke masing-masing varian di \"variants\"",
    ),
    (
        "is the price before a discount, but it is not above the price ({}); it is not shown",
        "adalah harga sebelum diskon, tetapi tidak lebih tinggi dari harga jual ({}); jadi tidak ditampilkan",
    ),
    (
        "must be \"ready\", \"sold_out\", \"made_to_order\" or \"pre_order\", found {}",
        "harus \"ready\", \"sold_out\", \"made_to_order\" atau \"pre_order\", tetapi isinya {}",
    ),
    (
        "is only for \"made_to_order\" or \"pre_order\" availability; it is ignored",
        "hanya untuk ketersediaan \"made_to_order\" atau \"pre_order\"; isian ini diabaikan",
    ),
    (
        "must be a number of days such as 14, or a range such as [21, 30], from 1 to 365; the shorter time comes first: [{}, {}]",
        "harus jumlah hari seperti 14, atau rentang seperti [21, 30], dari 1 sampai 365; waktu yang lebih pendek ditulis dulu: [{}, {}]",
    ),
    (
        "must be a number of days such as 14, or a range such as [21, 30], from 1 to 365, found {}",
        "harus jumlah hari seperti 14, atau rentang seperti [21, 30], dari 1 sampai 365, tetapi isinya {v}",
    ),
    (
        "must list 1 to {} options, such as [{\"name\": {\"id\": \"Berat\", \"en\": \"Weight\"}, \"values\": [\"250 g\", \"500 g\"]}], found {}",
        "harus memuat 1 sampai {} opsi, seperti [{\"name\": {\"id\": \"Berat\", \"en\": \"Weight\"}, \"values\": [\"250 g\", \"500 g\"]}], tetapi jumlahnya {}",
    ),
    (
        "has the same name as options[{}]; every option needs its own name",
        "namanya sama dengan options[{}]; setiap opsi perlu nama sendiri",
    ),
    ("must list 1 to {} values, found {}", "harus memuat 1 sampai {} nilai, tetapi jumlahnya {}"),
    ("{} is listed twice; each value once", "{} tercantum dua kali; tulis setiap nilai sekali saja"),
    ("must list 1 to {} variants, found {}", "harus memuat 1 sampai {} varian, tetapi jumlahnya {}"),
    (
        "{} is the same choice as variants[{}]; each combination of options once",
        "{} sama dengan pilihan di variants[{}]; setiap kombinasi opsi cukup sekali",
    ),
    (
        "has no variant for {}; customers see that choice as not available",
        "tidak punya varian untuk {}; pembeli melihat pilihan itu tidak tersedia",
    ),
    (
        "has no variant for {} and {} more; customers see that choice as not available",
        "tidak punya varian untuk {} dan {} lainnya; pembeli melihat pilihan itu tidak tersedia",
    ),
    (
        "must give one value for each option ({}), in that order, found {}",
        "harus memberi satu nilai untuk setiap opsi ({}), sesuai urutan itu, tetapi jumlahnya {}",
    ),
    ("{} is not a value of option {} ({})", "{} bukan nilai opsi {} ({})"),
    (
        "{} is not one of the product's images; list it in the product's \"images\" first",
        "{} bukan salah satu gambar produk ini; cantumkan dulu di \"images\" produk",
    ),
    (
        "must be a whole number of Rupiah greater than 0, found {}",
        "harus bilangan bulat Rupiah lebih dari 0, tetapi isinya {v}",
    ),
    (
        "is more than the highest allowed price, {}; check for extra zeros, found {}",
        "melebihi harga tertinggi yang diizinkan, {}; periksa apakah ada angka nol yang berlebih, isinya {}",
    ),
    ("must be a number without quotes, found {}", "harus berupa angka tanpa tanda kutip, tetapi isinya {v}"),
    (
        "must be a whole number of items, 0 or more, found {}",
        "harus jumlah barang berupa bilangan bulat, 0 atau lebih, tetapi isinya {v}",
    ),
    (
        "is more than {} items; check for extra zeros, found {}",
        "lebih dari {} barang; periksa apakah ada angka nol yang berlebih, isinya {}",
    ),
    (
        "must list at least one image, such as [{\"src\": \"img/kopi.svg\", \"alt\": \"…\"}]",
        "harus memuat paling sedikit satu gambar, seperti [{\"src\": \"img/kopi.svg\", \"alt\": \"…\"}]",
    ),
    ("lists {} images; a product has at most {}", "memuat {} gambar; satu produk paling banyak {} gambar"),
    ("has {} tags; the limit is {}", "memuat {} tag; batasnya {}"),
    ("must be OVOP, OSOP or OCOP, found {}", "harus OVOP, OSOP atau OCOP, tetapi isinya {}"),
    (
        "must be an object such as {\"status\": \"certified\", \"certificate\": \"ID…\"} or {\"status\": \"not_halal\"}, found {}",
        "harus berupa objek seperti {\"status\": \"certified\", \"certificate\": \"ID…\"} atau {\"status\": \"not_halal\"}, tetapi isinya {v}",
    ),
    (
        "must be \"certified\", \"not_halal\" or \"not_applicable\", found {}",
        "harus \"certified\", \"not_halal\" atau \"not_applicable\", tetapi isinya {}",
    ),
    (
        "must not be given when status is \"{}\"; remove it, or set status to \"certified\"",
        "tidak boleh diisi bila status \"{}\"; hapus isian ini, atau ubah status menjadi \"certified\"",
    ),
    (
        "is not valid; `nttmart check` on the feed says exactly why",
        "tidak sah; jalankan `nttmart check` pada feed untuk melihat alasannya",
    ),
    // The feed's format rules (feed/rules.rs).
    (
        "must contain only lowercase letters a-z, digits and hyphens (-), such as kopi-arabika-bajawa, found {}",
        "hanya boleh berisi huruf kecil a-z, angka dan tanda hubung (-), seperti kopi-arabika-bajawa, tetapi isinya {}",
    ),
    (
        "must contain only letters A-Z, digits and hyphens (-), such as NGD-0001, found {}",
        "hanya boleh berisi huruf A-Z, angka dan tanda hubung (-), seperti NGD-0001, tetapi isinya {}",
    ),
    (
        "must be the P-IRT number: exactly 15 digits, such as 206530901012326, found {}",
        "harus nomor P-IRT: tepat 15 angka, seperti 206530901012326, tetapi isinya {}",
    ),
    (
        "must be the NIB business number: exactly 13 digits, such as 9120301234567, found {}",
        "harus nomor induk berusaha (NIB): tepat 13 angka, seperti 9120301234567, tetapi isinya {}",
    ),
    (
        "must be the BPOM number: MD or ML followed by exactly 12 digits, without spaces, such as MD224213001234, found {}",
        "harus nomor BPOM: MD atau ML diikuti tepat 12 angka, tanpa spasi, seperti MD224213001234, tetapi isinya {}",
    ),
    (
        "must be the halal certificate number: ID followed by 10 to 20 digits, such as ID00410000123450224, found {}",
        "harus nomor sertifikat halal: ID diikuti 10 sampai 20 angka, seperti ID00410000123450224, tetapi isinya {}",
    ),
    (
        "must be a WhatsApp number in international form: 62 followed by 8 to 13 digits, without +, spaces or a leading 0, such as 6281234567890, found {}",
        "harus nomor WhatsApp dalam format internasional: 62 diikuti 8 sampai 13 angka, tanpa +, spasi atau angka 0 di depan, seperti 6281234567890, tetapi isinya {}",
    ),
    (
        "must start with https:// (a secure address), not http://, found {}",
        "harus diawali https:// (alamat yang aman), bukan http://, tetapi isinya {}",
    ),
    (
        "must be the full address of the storefront starting with https://, such as https://nttmart.id, found {}",
        "harus alamat lengkap toko online yang diawali https://, seperti https://nttmart.id, tetapi isinya {}",
    ),
    (
        "must name a website after https://, such as https://nttmart.id, found {}",
        "harus ada nama situs sesudah https://, seperti https://nttmart.id, tetapi isinya {}",
    ),
    ("must not contain spaces, found {}", "tidak boleh berisi spasi, tetapi isinya {}"),
    (
        "must be a plain address without ? or #, such as https://nttmart.id, found {}",
        "harus alamat biasa tanpa ? atau #, seperti https://nttmart.id, tetapi isinya {}",
    ),
    ("must not end with a slash (/), found {}", "tidak boleh diakhiri garis miring (/), tetapi isinya {}"),
    ("must be six hex digits such as 8a6b3c, found {}", "harus enam digit heksadesimal seperti 8a6b3c, tetapi isinya {}"),
    ("must be a data:image/webp, jpeg or png base64 URL", "harus URL base64 data:image/webp, jpeg atau png"),
    (
        "must not contain control characters, found {}",
        "tidak boleh berisi karakter kontrol (seperti baris baru atau tab), tetapi isinya {}",
    ),
    ("must name a website after https://, found {}", "harus ada nama situs sesudah https://, tetapi isinya {}"),
    ("must start with https:// written in lowercase, found {}", "harus diawali https:// dengan huruf kecil, tetapi isinya {}"),
    (
        "must use https://, not http:// (a secure site cannot show insecure images), found {}",
        "harus memakai https://, bukan http:// (situs yang aman tidak bisa menampilkan gambar yang tidak aman), tetapi isinya {}",
    ),
    (
        "looks like a file on a computer, found {}; put the image on the website and use a path such as img/kopi.svg or an https:// address",
        "tampaknya ini alamat berkas di komputer, isinya {}; unggah gambarnya ke situs web lalu pakai alamat seperti img/kopi.svg atau alamat https://",
    ),
    (
        "must not be a {}: address (not allowed for images), found {}",
        "tidak boleh berupa alamat {}: (tidak diizinkan untuk gambar), tetapi isinya {}",
    ),
    ("must not start with //, found {}", "tidak boleh diawali //, tetapi isinya {}"),
    ("must use / between folders, not \\, found {}", "harus memakai / di antara folder, bukan \\, tetapi isinya {}"),
    (
        "must not contain .. (a folder outside the website), found {}",
        "tidak boleh berisi .. (folder di luar situs web), tetapi isinya {}",
    ),
    (
        "must be a date written YYYY-MM-DD, such as 2024-03-15, found {}",
        "harus tanggal yang ditulis YYYY-MM-DD (tahun-bulan-tanggal), seperti 2024-03-15, tetapi isinya {}",
    ),
    ("must have a year between 1900 and 2100, found {}", "tahunnya harus antara 1900 dan 2100, tetapi isinya {}"),
    (
        "is not a real date: there is no month {}, found {}",
        "bukan tanggal yang ada: tidak ada bulan {}, isinya {}",
    ),
    (
        "is not a real date: there is no month {}, found {} (are the month and day swapped? {})",
        "bukan tanggal yang ada: tidak ada bulan {}, isinya {} (apakah bulan dan tanggalnya tertukar? {})",
    ),
    (
        "is not a real date: {} {} has {} days, found {}",
        "bukan tanggal yang ada: {v} {} hanya punya {} hari, isinya {}",
    ),
    // QRIS (nttmart_domain::qris, inside the message above that says the
    // QRIS is left out of checkout), with that module's own Indonesian.
    (
        "The QRIS text is empty. Paste the outlet's static QRIS text (it starts with 000201).",
        "Teks QRIS kosong. Tempel teks QRIS statis outlet (diawali 000201).",
    ),
    (
        concat!(
            "The character “{}” at position {} cannot be part of a QRIS: QRIS text is plain letters, digits and punctuation (ASCII). Curly quotes or accented letters usually come from a word processor. ",
            recopy_en!()
        ),
        concat!(
            "Karakter “{}” di posisi {} tidak boleh ada di QRIS: teks QRIS hanya berisi huruf, angka dan tanda baca biasa (ASCII). Tanda kutip miring atau huruf beraksen biasanya berasal dari pengolah kata. ",
            recopy_id!()
        ),
    ),
    (
        concat!(
            "There is a line break or tab at position {} of the QRIS text; QRIS text is a single unbroken line. ",
            recopy_en!()
        ),
        concat!("Ada baris baru atau tab di posisi {} teks QRIS; teks QRIS adalah satu baris tanpa jeda. ", recopy_id!()),
    ),
    (
        concat!("The QRIS text is cut off at position {} (in the middle of a tag or length). ", recopy_en!()),
        concat!("Teks QRIS terpotong di posisi {} (di tengah tag atau panjang data). ", recopy_id!()),
    ),
    (
        concat!(
            "The QRIS text is cut off: {} at position {} should hold {} characters but only {} remain. ",
            recopy_en!()
        ),
        concat!(
            "Teks QRIS terpotong: {v} di posisi {} seharusnya berisi {} karakter, tetapi hanya tersisa {}. ",
            recopy_id!()
        ),
    ),
    (
        "This is not QRIS text: QRIS text starts with 000201, not “{}”. Paste the text read from the outlet's QRIS sticker, not a merchant name or number.",
        "Ini bukan teks QRIS: teks QRIS diawali 000201, bukan “{}”. Tempel teks yang terbaca dari stiker QRIS outlet, bukan nama atau nomor merchant.",
    ),
    (
        concat!(
            "The QRIS text is damaged at position {}: a two-digit tag number should be there, but it reads “{}”. ",
            recopy_en!()
        ),
        concat!(
            "Teks QRIS rusak di posisi {}: seharusnya ada nomor tag dua angka, tetapi tertulis “{}”. ",
            recopy_id!()
        ),
    ),
    (
        concat!(
            "The QRIS text is damaged at position {}: the length of {} must be two digits, but it reads “{}”. ",
            recopy_en!()
        ),
        concat!("Teks QRIS rusak di posisi {}: panjang {v} harus dua angka, tetapi tertulis “{}”. ", recopy_id!()),
    ),
    (
        concat!("The QRIS text is damaged at position {}: {} is empty. ", recopy_en!()),
        concat!("Teks QRIS rusak di posisi {}: {v} kosong. ", recopy_id!()),
    ),
    (
        concat!("{} appears twice (again at position {}); each tag may appear only once. ", recopy_en!()),
        concat!("{v} muncul dua kali (lagi di posisi {}); setiap tag hanya boleh ada sekali. ", recopy_id!()),
    ),
    (
        concat!(
            "The QRIS text does not end with its checksum (tag 63, “6304” and four characters), so it was probably cut off when copied. ",
            recopy_en!()
        ),
        concat!(
            "Teks QRIS tidak diakhiri checksum (tag 63, “6304” dan empat karakter), jadi kemungkinan terpotong saat disalin. ",
            recopy_id!()
        ),
    ),
    (
        concat!(
            "The QRIS checksum (tag 63, at position {}) must come last, but more text follows it; perhaps two QRIS texts were pasted together. ",
            recopy_en!()
        ),
        concat!(
            "Checksum QRIS (tag 63, di posisi {}) harus berada di paling akhir, tetapi masih ada teks sesudahnya; mungkin dua teks QRIS tertempel jadi satu. ",
            recopy_id!()
        ),
    ),
    (
        concat!(
            "The QRIS checksum at position {} must be four hexadecimal characters (0–9, A–F), but it reads “{}”. ",
            recopy_en!()
        ),
        concat!(
            "Checksum QRIS di posisi {} harus empat karakter heksadesimal (0–9, A–F), tetapi tertulis “{}”. ",
            recopy_id!()
        ),
    ),
    (
        concat!(
            "The QRIS checksum does not match: the text ends in 6304{} but its content gives {}, so the text was changed or mistyped after it was made. ",
            recopy_en!()
        ),
        concat!(
            "Checksum QRIS tidak cocok: teks diakhiri 6304{}, padahal isinya menghasilkan {}. Artinya teks berubah atau salah ketik setelah dibuat. ",
            recopy_id!()
        ),
    ),
    (
        concat!(
            "This is not complete QRIS text: QRIS text starts with 000201, but this starts with tag {}. Perhaps its beginning was not copied. ",
            recopy_en!()
        ),
        concat!(
            "Ini bukan teks QRIS yang lengkap: teks QRIS diawali 000201, tetapi yang ini diawali tag {}. Mungkin bagian awalnya tidak ikut tersalin. ",
            recopy_id!()
        ),
    ),
    (
        concat!(
            "The payload format indicator (tag 00) must be “01” but reads “{}”; this is not a QRIS we know. ",
            recopy_en!()
        ),
        concat!("Indikator format (tag 00) harus “01”, tetapi tertulis “{}”; ini bukan QRIS yang dikenal. ", recopy_id!()),
    ),
    (
        concat!("Tag 01 must be “11” (static QRIS) or “12” (dynamic QRIS) but reads “{}”. ", recopy_en!()),
        concat!("Tag 01 harus “11” (QRIS statis) atau “12” (QRIS dinamis), tetapi tertulis “{}”. ", recopy_id!()),
    ),
    (
        concat!("This QRIS lacks {}, which is required. ", recopy_en!()),
        concat!("QRIS ini tidak memuat {v}, yang wajib ada. ", recopy_id!()),
    ),
    (
        concat!(
            "This QRIS has no merchant account information (tags 26–51), so there is no account to pay into. ",
            recopy_en!()
        ),
        concat!(
            "QRIS ini tidak memuat informasi akun merchant (tag 26–51), jadi tidak ada rekening tujuan pembayaran. ",
            recopy_id!()
        ),
    ),
    (
        concat!(
            "The merchant account information (tag {}) is damaged at position {}: it must hold nested data starting with the acquirer's unique id (such as ID.CO.QRIS.WWW). ",
            recopy_en!()
        ),
        concat!(
            "Informasi akun merchant (tag {}) rusak di posisi {}: isinya harus berupa data bertingkat yang diawali ID unik penerbit (misalnya ID.CO.QRIS.WWW). ",
            recopy_id!()
        ),
    ),
    (
        concat!("The merchant category code (tag 52) must be four digits but reads “{}”. ", recopy_en!()),
        concat!("Kode kategori merchant (tag 52) harus empat angka, tetapi tertulis “{}”. ", recopy_id!()),
    ),
    (
        "The QRIS currency (tag 53) must be 360 (Rupiah) but reads “{}”; the shop takes payment in Rupiah only. Use the outlet's QRIS issued by an Indonesian bank or e-wallet.",
        "Mata uang QRIS (tag 53) harus 360 (Rupiah), tetapi tertulis “{}”; toko ini hanya menerima pembayaran dalam Rupiah. Pakai QRIS outlet yang diterbitkan bank atau dompet digital Indonesia.",
    ),
    (
        "The QRIS country code (tag 58) must be ID (Indonesia) but reads “{}”; this is another country's payment QR code. Use the outlet's QRIS issued by an Indonesian bank or e-wallet.",
        "Kode negara QRIS (tag 58) harus ID (Indonesia), tetapi tertulis “{}”; ini kode QR pembayaran negara lain. Pakai QRIS outlet yang diterbitkan bank atau dompet digital Indonesia.",
    ),
    (
        concat!(
            "{} at position {} is only spaces; buyers need to see the outlet's name and city before they pay. ",
            recopy_en!()
        ),
        concat!(
            "{v} di posisi {} hanya berisi spasi; pembeli perlu melihat nama dan kota outlet sebelum membayar. ",
            recopy_id!()
        ),
    ),
    (
        concat!("The transaction amount (tag 54) must be a number but reads “{}”. ", recopy_en!()),
        concat!("Nominal transaksi (tag 54) harus berupa angka, tetapi tertulis “{}”. ", recopy_id!()),
    ),
    (
        concat!("The transaction amount (tag 54) “{}” has cents; Rupiah amounts are whole numbers. ", recopy_en!()),
        concat!("Nominal transaksi (tag 54) “{}” memakai sen; nominal Rupiah harus bilangan bulat. ", recopy_id!()),
    ),
    (
        "This is a dynamic QRIS (tag 01 = 12), valid for a single transaction only. Paste the outlet's static QRIS text, the one printed on the QRIS sticker at the till; the shop makes a dynamic QRIS for each order itself.",
        "Ini QRIS dinamis (tag 01 = 12), yang hanya berlaku untuk satu transaksi. Tempel teks QRIS statis outlet, yaitu yang tercetak pada stiker QRIS di kasir; toko membuat QRIS dinamis sendiri untuk setiap pesanan.",
    ),
    (
        "This QRIS already carries a fixed amount ({}), but every order has its own total. Paste the outlet's static QRIS text without an amount, the one printed on the QRIS sticker at the till.",
        "QRIS ini sudah memuat nominal tetap ({}), padahal nominal setiap pesanan berbeda. Tempel teks QRIS statis outlet tanpa nominal, yaitu yang tercetak pada stiker QRIS di kasir.",
    ),
];

/// Optional endings of messages, each starting with `; `.
const HINTS: &[(&str, &str)] = &[
    ("; did you mean \"{}\"?", "; mungkin maksudnya \"{}\"?"),
    ("; write {}", "; tulis {}"),
    ("; write {} without quotes", "; tulis {} tanpa tanda kutip"),
    ("; write {} without the decimal point", "; tulis {} tanpa tanda desimal"),
    ("; write the number without quotes: {}", "; tulis angkanya tanpa tanda kutip: {}"),
    ("; put it in quotes: \"{}\"", "; beri tanda kutip: \"{}\""),
    (
        "; use a path such as img/kopi.svg or an https:// address",
        "; pakai alamat seperti img/kopi.svg atau alamat https://",
    ),
];

/// Values that are words (`{v}`): how the feed validator describes a value
/// it found, and the QRIS tags' names. Anything else stays as it is (a
/// number, `null`, `true`); months come from `nttmart_domain::date`.
const PHRASES: &[(&str, &str)] = &[
    ("the text {}", "teks {}"),
    ("an empty list", "daftar kosong"),
    ("a list", "daftar"),
    ("an object { … }", "objek { … }"),
    ("tag {} (payload format indicator)", "tag {} (indikator format)"),
    ("tag {} (point of initiation (static/dynamic))", "tag {} (metode inisiasi (statis/dinamis))"),
    ("tag {} (card merchant account)", "tag {} (akun merchant kartu)"),
    ("tag {} (merchant account information)", "tag {} (informasi akun merchant)"),
    ("tag {} (merchant category code)", "tag {} (kode kategori merchant)"),
    ("tag {} (currency)", "tag {} (mata uang)"),
    ("tag {} (transaction amount)", "tag {} (nominal transaksi)"),
    ("tag {} (tip indicator)", "tag {} (indikator tip)"),
    ("tag {} (convenience fee)", "tag {} (biaya layanan)"),
    ("tag {} (country code)", "tag {} (kode negara)"),
    ("tag {} (merchant name)", "tag {} (nama merchant)"),
    ("tag {} (merchant city)", "tag {} (kota merchant)"),
    ("tag {} (postal code)", "tag {} (kode pos)"),
    ("tag {} (additional data)", "tag {} (data tambahan)"),
    ("tag {} (CRC checksum)", "tag {} (checksum CRC)"),
    ("tag {} (alternate language data)", "tag {} (data bahasa lain)"),
];

/// How deep messages nest (a hint on a message inside a message).
const MAX_DEPTH: usize = 4;

/// The Indonesian for an English message, when it is known.
pub fn indonesian(message: &str) -> Option<String> {
    let parse = parse(message, 0)?;
    let mut out = String::with_capacity(message.len() + message.len() / 4);
    parse.render(&mut out);
    Some(out)
}

/// What an Indonesian template does with a value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// `{}`: as it is.
    Verbatim,
    /// `{v}`: through [`PHRASES`], else as it is.
    Phrase,
    /// `{t}`: a message, translated (or the whole reading fails).
    Message,
}

/// The text before the first placeholder of `template`, its kind and the
/// text after it. A `{` that starts no placeholder (`{ … }`, `{"tiers"`)
/// is text.
fn next_placeholder(template: &str) -> Option<(&str, Kind, &str)> {
    let mut from = 0;
    while let Some(i) = template[from..].find('{') {
        let at = from + i;
        for (token, kind) in [("{}", Kind::Verbatim), ("{v}", Kind::Phrase), ("{t}", Kind::Message)] {
            if let Some(after) = template[at..].strip_prefix(token) {
                return Some((&template[..at], kind, after));
            }
        }
        from = at + 1;
    }
    None
}

fn kinds(template: &str) -> Vec<Kind> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some((_, kind, after)) = next_placeholder(rest) {
        out.push(kind);
        rest = after;
    }
    out
}

/// The values in `message` where English `template` has `{}`, if the
/// message is that template filled in. The earliest place each literal
/// piece fits is tried first, backtracking when the rest does not fit.
fn captures<'m>(template: &str, message: &'m str) -> Option<Vec<&'m str>> {
    let mut pieces = template.split("{}");
    let rest = message.strip_prefix(pieces.next()?)?;
    let pieces: Vec<&str> = pieces.collect();
    let mut out = Vec::with_capacity(pieces.len());
    fill(&pieces, rest, &mut out).then_some(out)
}

fn fill<'m>(pieces: &[&str], rest: &'m str, out: &mut Vec<&'m str>) -> bool {
    let Some((literal, more)) = pieces.split_first() else {
        return rest.is_empty();
    };
    if more.is_empty() {
        return match rest.strip_suffix(literal) {
            Some(value) => {
                out.push(value);
                true
            }
            None => false,
        };
    }
    for (at, _) in rest.match_indices(literal) {
        out.push(&rest[..at]);
        if fill(more, &rest[at + literal.len()..], out) {
            return true;
        }
        out.pop();
    }
    false
}

/// Whether a value's quotes pair up (`"` not escaped with `\`, and
/// backticks): a reading that cuts a quoted value in two is a wrong one.
fn balanced(value: &str) -> bool {
    let (mut quotes, mut backticks, mut escaped) = (0usize, 0usize, false);
    for c in value.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quotes += 1,
            '`' => backticks += 1,
            _ => {}
        }
    }
    quotes % 2 == 0 && backticks % 2 == 0
}

/// One reading of a message: the template it fills, its values and, for
/// a hint, the message the hint ends.
#[derive(Clone)]
struct Parse<'m> {
    template: &'static (&'static str, &'static str),
    values: Vec<Value<'m>>,
    head: Option<Box<Parse<'m>>>,
    /// How much of the message is template text: the reading that explains
    /// most wins.
    score: usize,
    balanced: bool,
}

#[derive(Clone)]
enum Value<'m> {
    Text(&'m str),
    Message(Parse<'m>),
}

impl Parse<'_> {
    fn better_than(&self, other: &Parse<'_>) -> bool {
        (self.balanced, self.score) > (other.balanced, other.score)
    }

    fn render(&self, out: &mut String) {
        if let Some(head) = &self.head {
            head.render(out);
        }
        let mut values = self.values.iter();
        let mut rest = self.template.1;
        while let Some((before, kind, after)) = next_placeholder(rest) {
            out.push_str(before);
            match (kind, values.next()) {
                (Kind::Verbatim, Some(Value::Text(text))) => out.push_str(text),
                (Kind::Phrase, Some(Value::Text(text))) => out.push_str(&phrase(text)),
                (Kind::Message, Some(Value::Message(parse))) => parse.render(out),
                // `fill_template` made the values from these same kinds.
                _ => {}
            }
            rest = after;
        }
        out.push_str(rest);
    }
}

/// The best reading of `message`, if any.
fn parse(message: &str, depth: usize) -> Option<Parse<'_>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut best: Option<Parse> = None;
    for template in MESSAGES {
        if let Some(parse) = fill_template(template, message, depth) {
            keep_better(&mut best, parse);
        }
    }
    for (at, _) in message.match_indices("; ") {
        let (head, tail) = message.split_at(at);
        let hints: Vec<Parse> = HINTS.iter().filter_map(|t| fill_template(t, tail, depth)).collect();
        if hints.is_empty() {
            continue;
        }
        let Some(main) = parse(head, depth + 1) else { continue };
        for mut hint in hints {
            hint.score += main.score;
            hint.balanced &= main.balanced;
            hint.head = Some(Box::new(main.clone()));
            keep_better(&mut best, hint);
        }
    }
    best
}

fn keep_better<'m>(best: &mut Option<Parse<'m>>, parse: Parse<'m>) {
    if best.as_ref().is_none_or(|b| parse.better_than(b)) {
        *best = Some(parse);
    }
}

/// `message` read as `template` filled in, its `{t}` values translated.
fn fill_template<'m>(
    template: &'static (&'static str, &'static str),
    message: &'m str,
    depth: usize,
) -> Option<Parse<'m>> {
    let texts = captures(template.0, message)?;
    let mut parse = Parse {
        template,
        values: Vec::with_capacity(texts.len()),
        head: None,
        score: template.0.len() - 2 * texts.len(),
        balanced: true,
    };
    for (text, kind) in texts.into_iter().zip(kinds(template.1)) {
        if kind == Kind::Message {
            let inner = self::parse(text, depth + 1)?;
            parse.score += inner.score;
            parse.balanced &= inner.balanced;
            parse.values.push(Value::Message(inner));
        } else {
            parse.balanced &= balanced(text);
            parse.values.push(Value::Text(text));
        }
    }
    Some(parse)
}

/// A value that is words, in Indonesian (see [`PHRASES`]).
fn phrase(text: &str) -> String {
    use nttmart_domain::date::month_name;
    use nttmart_domain::lang::Lang;
    for (en, id) in PHRASES {
        if let Some(values) = captures(en, text) {
            let mut out = String::new();
            let mut rest = *id;
            for value in values {
                let Some((before, _, after)) = next_placeholder(rest) else { break };
                out.push_str(before);
                out.push_str(value);
                rest = after;
            }
            out.push_str(rest);
            return out;
        }
    }
    for month in 1..=12 {
        if month_name(month, Lang::En) == Some(text) {
            return month_name(month, Lang::Id).unwrap_or(text).to_string();
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{self, header_key};
    use crate::{import, Sources};
    use nttmart_domain::feed;
    use nttmart_domain::lang::Lang;
    use nttmart_domain::money::{MoneyError, Rupiah};
    use nttmart_domain::qris::QrisError;
    use serde_json::{json, Value as Json};
    use std::collections::BTreeSet;

    const PRODUCTS: &[u8] = include_bytes!("../../../data/sample/produk.csv");
    const BASE: &[u8] = include_bytes!("../../../data/sample/base.json");
    const QRIS_LEFT_OUT: &str = "; this QRIS is left out of checkout until it is fixed";

    fn sources<'a>(products: &'a [u8], base: &'a [u8], villages: Option<&'a [u8]>) -> Sources<'a> {
        Sources {
            products: ("produk.csv", products),
            base: ("base.json", base),
            villages: villages.map(|v| ("desa.csv", v)),
            output: "catalog.json",
            base_is_published_feed: false,
        }
    }

    fn import_messages(products: &[u8], base: &[u8], villages: Option<&[u8]>) -> Vec<String> {
        match import(&sources(products, base, villages)) {
            Ok(imported) => imported.found.into_iter().map(|f| f.message).collect(),
            Err(message) => vec![message],
        }
    }

    /// The sample product sheet, to break one cell at a time.
    #[derive(Clone)]
    struct Sheet {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    }

    impl Sheet {
        fn sample() -> Sheet {
            let t = table::parse(PRODUCTS).expect("the sample reads");
            Sheet { headers: t.headers, rows: t.rows.into_iter().map(|r| r.cells).collect() }
        }

        fn column(&self, name: &str) -> usize {
            let key = header_key(name);
            self.headers.iter().position(|h| header_key(h) == key).unwrap_or_else(|| panic!("no column {name}"))
        }

        /// The first data row of product `id`.
        fn row_of(&self, id: &str) -> usize {
            let c = self.column("id");
            self.rows.iter().position(|r| r[c] == id).unwrap_or_else(|| panic!("no product {id}"))
        }

        /// Data row `row` is spreadsheet row `row + 2`.
        fn set(mut self, row: usize, column: &str, value: &str) -> Sheet {
            let c = self.column(column);
            let cells = &mut self.rows[row];
            if cells.len() <= c {
                cells.resize(c + 1, String::new());
            }
            cells[c] = value.to_string();
            self
        }

        fn add_column(mut self, header: &str, row: usize, value: &str) -> Sheet {
            let width = self.headers.len();
            self.headers.push(header.to_string());
            for (i, cells) in self.rows.iter_mut().enumerate() {
                cells.resize(width, String::new());
                cells.push(if i == row { value.to_string() } else { String::new() });
            }
            self
        }

        fn drop_column(mut self, name: &str) -> Sheet {
            let c = self.column(name);
            self.headers.remove(c);
            for cells in &mut self.rows {
                if c < cells.len() {
                    cells.remove(c);
                }
            }
            self
        }

        fn extra_cell(mut self, row: usize) -> Sheet {
            self.rows[row].resize(self.headers.len(), String::new());
            self.rows[row].push("lebih".to_string());
            self
        }

        fn csv(&self) -> Vec<u8> {
            let line = |cells: &[String]| -> String {
                cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(";")
            };
            let mut out = line(&self.headers);
            for cells in &self.rows {
                out.push('\n');
                out.push_str(&line(cells));
            }
            out.push('\n');
            out.into_bytes()
        }
    }

    /// Every message the import writes about broken sheets and base feeds.
    fn import_problems() -> Vec<String> {
        let s = Sheet::sample;
        let v = s().row_of("TTU-0006");
        let mut sheets = Vec::new();
        for column in [
            "id",
            "nama",
            "deskripsi",
            "kategori",
            "desa",
            "produsen",
            "harga",
            "satuan",
            "stok",
            "gambar",
            "tanggal",
            "halal",
        ] {
            sheets.push(s().set(0, column, ""));
        }
        for price in ["abc", "-5", "12,5", "Rp 0", "123456789012345678901234567890", "300.000.000"] {
            sheets.push(s().set(0, "harga", price));
        }
        sheets.extend([
            s().set(0, "slug", "Madu Hutan"),
            s().set(0, "kategori", "mad"),
            s().set(0, "desa", "lelogam"),
            s().set(0, "desa", "atlantis"),
            s().set(0, "nib", "123"),
            s().set(0, "harga coret", "abc"),
            s().set(0, "harga coret", "1.000"),
            s().set(0, "Berat (g)", "berat"),
            s().set(0, "stok", "12x"),
            s().set(0, "ketersediaan", "nanti"),
            s().set(0, "ketersediaan", "pesanan"),
            s().set(0, "ketersediaan", "pre-order").set(0, "lama hari", "30-21"),
            s().set(0, "gambar", "|"),
            s().set(0, "alt gambar", "a|b|c"),
            s().add_column("Alt Gambar EN", 0, "a|b|c"),
            s().add_column("Fokus Gambar", 0, "a|b|c"),
            s().add_column("Fokus Gambar", 0, "tengah"),
            s().set(0, "unggulan", "mungkin"),
            s().set(0, "tanggal", "13/13/2025"),
            s().set(0, "program", "OPOP"),
            s().set(0, "halal", "halal"),
            s().set(0, "bpom", "123"),
            s().set(0, "pirt", "123"),
            s().set(0, "bpom", "MD224213001234"),
            s().set(1, "id", "KPG-0001"),
            s().set(1, "satuan", "250 ml"),
            s().set(0, "slug", "madu").set(1, "slug", "madu"),
            s().add_column("Harga", 0, "1"),
            s().drop_column("stok"),
            s().add_column("Warna", 0, "merah"),
            s().extra_cell(0),
            s().set(v + 1, "opsi", "Ukuran 650 ml"),
            s().set(v, "opsi en", "Size; Colour"),
            s().set(v + 1, "opsi", "Warna: Merah"),
            s().set(v + 1, "nama", "Madu Lain"),
            s().set(v + 1, "varian", ""),
            Sheet { rows: Vec::new(), ..s() },
        ]);
        let mut found: Vec<String> =
            sheets.iter().flat_map(|sheet| import_messages(&sheet.csv(), BASE, None)).collect();

        // Base feeds: broken, or with villages the sheet cannot name.
        let base: Json = serde_json::from_slice(BASE).expect("the sample base is JSON");
        let mut bases = vec![json!([])];
        for (pointer, value) in [
            ("/version", Some(json!(9))),
            ("/products", Some(json!([{"id": "x"}]))),
            ("/store", None),
            ("/outlets", Some(json!({}))),
            ("/villages", Some(json!([]))),
            ("/villages/1/name", Some(base["villages"][0]["name"].clone())),
        ] {
            let mut b = base.clone();
            put(&mut b, pointer, value);
            bases.push(b);
        }
        let same_name = base["villages"][0]["name"].as_str().expect("a village name").to_string();
        // Two rows are enough (and a base without villages fails every row).
        let products = Sheet { rows: s().rows[..2].to_vec(), ..s() }.set(0, "desa", &same_name).csv();
        for b in &bases {
            found.extend(import_messages(&products, &serde_json::to_vec(b).expect("serialises"), None));
        }

        // Villages sheets.
        let villages: [&[u8]; 2] = [
            b"id;nama;kabupaten;koperasi;unggulan;cerita\n\
              ;Desa Baru;Bali;;Kopi;Cerita\n\
              Desa Dua;Desa Dua;Ngada;;Kopi;Cerita\n\
              desa-tiga;Desa Tiga;ngada;;Kopi;Cerita\n\
              desa-tiga;Desa Empat;ngada;;Kopi;Cerita\n\
              ;;;;;Cerita\n\
              desa-lima;Desa Lima;ngada;;Kopi;Cerita;lebih\n",
            b"id;nama;Nama;kabupaten;cerita;warna\nx;a;b;ngada;c;d\n",
        ];
        for village_sheet in villages {
            found.extend(import_messages(PRODUCTS, BASE, Some(village_sheet)));
        }

        // Files that are no CSV at all.
        for bytes in [&b"\xff\xfeid"[..], b"", b"  \n"] {
            found.extend(import_messages(bytes, BASE, None));
            found.extend(table::parse(bytes).err());
        }
        found
    }

    /// Sets (`Some`) or removes (`None`) the value at a JSON pointer; an
    /// index one past a list's end adds to it.
    fn put(doc: &mut Json, pointer: &str, value: Option<Json>) {
        let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
        match doc.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}")) {
            Json::Object(map) => {
                match value {
                    Some(v) => map.insert(key.to_string(), v),
                    None => map.remove(key),
                };
            }
            Json::Array(items) => {
                let i: usize = key.parse().expect("an index");
                match value {
                    Some(v) if i == items.len() => items.push(v),
                    Some(v) => items[i] = v,
                    None => {
                        items.remove(i);
                    }
                }
            }
            other => panic!("{parent} is {other}"),
        }
    }

    /// The sample feed with three products: one without options, one
    /// with, and another without.
    fn sample_feed() -> Json {
        let imported = import(&sources(PRODUCTS, BASE, None)).expect("the sample reads");
        let catalog = imported.checked().expect("the sample imports cleanly");
        let mut feed: Json = serde_json::from_str(&crate::feed_json(catalog)).expect("JSON");
        let products = feed["products"].as_array().expect("products").clone();
        let plain: Vec<&Json> = products.iter().filter(|p| p.get("variants").is_none()).take(2).collect();
        let options = products.iter().find(|p| p.get("variants").is_some()).expect("a product with options");
        feed["products"] = json!([plain[0], options, plain[1]]);
        feed
    }

    /// Every message the feed validator writes about broken feeds.
    fn feed_problems() -> Vec<String> {
        let feed = sample_feed();
        let set = |p: &str, v: Json| (p.to_string(), Some(v));
        let del = |p: &str| (p.to_string(), None);
        let p0 = feed["products"][0].clone();
        let option0 = feed["products"][1]["options"][0].clone();
        let cases: Vec<Vec<(String, Option<Json>)>> = vec![
            vec![set("/version", json!(99))],
            vec![del("/version")],
            vec![set("/version", json!(0))],
            vec![set("/version", json!(1.5))],
            vec![set("/version", json!("2"))],
            vec![del("/store")],
            vec![set("/store", json!([]))],
            vec![set("/store/currency", json!("USD"))],
            vec![set("/store/name", json!(""))],
            vec![set("/store/name", json!(12))],
            vec![set("/store/tagline", json!("x".repeat(300)))],
            vec![set("/store/base_url", json!("http://nttmart.id/"))],
            vec![set("/store/base_url", json!("nttmart.id"))],
            vec![set("/store/base_url", json!("https:///x"))],
            vec![set("/store/base_url", json!("https://ntt mart.id"))],
            vec![set("/store/base_url", json!("https://nttmart.id?a=1"))],
            vec![set("/store/base_url", json!("https://nttmart.id/"))],
            vec![set("/store/nmae", json!("x")), set("/store/zzzzzz", json!(1))],
            vec![set("/outlets", json!({}))],
            vec![set("/outlets/0/kabupaten", json!("Kab. Kupang"))],
            vec![set("/outlets/0/kabupaten", json!("atlantis"))],
            vec![set("/outlets/1/kabupaten", json!("kupang"))],
            vec![set("/outlets/0/status", json!("Launched"))],
            vec![set("/outlets/0/status", json!("open"))],
            vec![del("/outlets/0/launch_date")],
            vec![set("/outlets/0/whatsapp", json!("0811 0005 301"))],
            vec![set("/outlets/0/whatsapp", json!("12345"))],
            vec![set("/outlets/0/delivery/zones/1/name", json!("Kota Oelamasi"))],
            vec![set("/outlets/0/delivery/zones/1", json!({"name": "B", "areas": ["taebenu"], "fee": 0}))],
            vec![set("/outlets/0/delivery/zones/1", json!({"name": "B", "areas": [], "fee": 0}))],
            vec![del("/outlets/0/delivery/zones/1/within_km")],
            vec![set("/outlets/0/delivery/zones/1/within_km", json!(0))],
            vec![set("/outlets/0/delivery/zones/1/fee", json!(6_000_000))],
            vec![set("/outlets/0/delivery/outside", json!("quoted"))],
            vec![set("/outlets/0/delivery/outside/tiers", json!([]))],
            vec![set("/outlets/0/delivery/outside/tiers/1/up_to_g", json!(500))],
            vec![set("/outlets/0/delivery/outside/tiers/1/up_to_g", json!(0))],
            vec![set("/outlets/0/delivery/outside/tiers/1/up_to_g", json!("3000"))],
            vec![set("/outlets/0/payment/qris", json!("hello"))],
            vec![set("/outlets/0/payment", json!({"cash": false}))],
            vec![set("/outlets/0/payment/transfer/account", json!("12"))],
            vec![set("/outlets/0/payment/cash", json!("true"))],
            vec![set("/categories/1/id", json!("kopi"))],
            vec![set("/categories/0/id", json!("Kopi Arabika"))],
            vec![set("/categories/0/name/en", json!("")), set("/products/0/category", json!("kopi"))],
            vec![set("/villages/0/kabupaten", json!("Kab. Ngada"))],
            vec![set("/villages/0/story", json!("x".repeat(3001)))],
            vec![set("/products/0/category", json!("mad"))],
            vec![set("/products/0/village", json!("atlantis"))],
            vec![del("/products")],
            vec![set("/products", json!([]))],
            vec![set("/products", json!([{}]))],
            vec![set("/products", json!([{"id": "A"}, {"id": "B"}]))],
            vec![set("/products/0/id", json!("KPG 0001"))],
            vec![set("/products/2/id", p0["id"].clone())],
            vec![set("/products/2/slug", p0["slug"].clone())],
            vec![set("/products/1/variants/0/id", p0["id"].clone())],
            vec![set("/products/0/name", json!(""))],
            vec![set("/products/0/producer/nib", json!("12345"))],
            vec![set("/products/0/producer/nib", json!("9120 0155 9807 4"))],
            vec![set("/products/0/compare_at", json!(50))],
            vec![set("/products/0/weight_g", json!(0))],
            vec![set("/products/0/availability", json!("later"))],
            vec![set("/products/0/availability", json!("made_to_order"))],
            vec![set("/products/0/availability", json!("pre_order")), set("/products/0/lead_days", json!([30, 21]))],
            vec![set("/products/0/availability", json!("pre_order")), set("/products/0/lead_days", json!(0))],
            vec![set("/products/0/lead_days", json!(14))],
            vec![set("/products/0/images", json!([]))],
            vec![set("/products/0/images", json!(vec![p0["images"][0].clone(); 9]))],
            vec![set("/products/0/images/0", json!("x"))],
            vec![del("/products/0/images/0/alt")],
            vec![set("/products/0/images/0/focus", json!({"x": 101, "y": 0}))],
            vec![set(
                "/products/0/images/0/photo",
                json!({"width": 0, "height": 1, "color": "zz", "placeholder": "x"}),
            )],
            vec![set("/products/0/tags", json!("kopi"))],
            vec![set("/products/0/tags", json!(vec!["x"; 21]))],
            vec![set("/products/0/tags/0", json!("x".repeat(41)))],
            vec![set("/products/0/featured", json!("true"))],
            vec![set("/products/0/flagship", json!(1))],
            vec![set("/products/0/stream", json!("ovop"))],
            vec![set("/products/0/stream", json!("XYZ"))],
            vec![set("/products/0/certifications/halal", json!("certified"))],
            vec![set("/products/0/certifications/halal/status", json!("Certified"))],
            vec![set("/products/0/certifications/halal/certificate", json!("ID 0041 0000 1234 50224"))],
            vec![set("/products/0/certifications/halal/status", json!("not_halal"))],
            vec![set("/products/0/certifications/halal", json!({"status": "not_applicable"}))],
            vec![set("/products/0/certifications/bpom", json!("BPOM RI MD 224213001234"))],
            vec![set("/products/0/certifications/pirt", json!("2065-3090-1012-326"))],
            vec![set("/products/0/options", json!([option0.clone()]))],
            vec![set("/products/1/price", json!(1000))],
            vec![set("/products/1/options", json!([]))],
            vec![set("/products/1/options/1", option0.clone())],
            vec![set("/products/1/options/0/values", json!([]))],
            vec![set("/products/1/options/0/values", json!(["250 ml", "250 ML", "650 ml"]))],
            vec![set("/products/1/options/0/values", json!(["250 ml", "650 ml", "a", "b", "c", "d"]))],
            vec![set("/products/1/variants", json!([]))],
            vec![set("/products/1/variants/1/values", json!(["250 ml"]))],
            vec![del("/products/1/variants/1")],
            vec![set("/products/1/variants/0/values", json!([]))],
            vec![set("/products/1/variants/0/values", json!(["1 liter"]))],
            vec![set("/products/1/variants/0/images", json!(["img/none.jpg"]))],
        ];
        let mut cases = cases;
        for price in [
            json!(0),
            json!(-5),
            json!(12.5),
            json!(12.0),
            json!(300_000_000),
            json!(3e8),
            json!("25000"),
            json!("abc"),
            json!(true),
            json!(null),
            json!([]),
            json!([1]),
            json!({}),
        ] {
            cases.push(vec![set("/products/0/price", price)]);
        }
        for stock in [json!(-1), json!(2.0), json!(2.5), json!("12"), json!(2_000_000)] {
            cases.push(vec![set("/products/0/stock", stock)]);
        }
        cases.push(vec![del("/products/0/stock")]);
        for src in [
            "http://x.id/a.jpg",
            "C:\\foto.jpg",
            "javascript:alert(1)",
            "//x.id/a.jpg",
            "img\\a.jpg",
            "../a.jpg",
            "HTTPS://x.id/a.jpg",
            "https:// x",
            "a\u{1}b",
        ] {
            cases.push(vec![set("/products/0/images/0/src", json!(src))]);
        }
        for added in ["15/03/2024", "0224-01-05", "2024-13-05", "2024-13-31", "2023-02-29"] {
            cases.push(vec![set("/products/0/added", json!(added))]);
        }

        let mut texts: Vec<Vec<u8>> = Vec::new();
        for case in cases {
            let mut doc = feed.clone();
            for (pointer, value) in case {
                put(&mut doc, &pointer, value);
            }
            texts.push(serde_json::to_vec(&doc).expect("serialises"));
        }
        let text = serde_json::to_string(&feed).expect("serialises");
        texts.push(text.replacen("\"currency\":\"IDR\"", "\"currency\":\"IDR\",\"currency\":\"IDR\"", 1).into_bytes());
        texts.push([&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat());
        texts.push(b"[]".to_vec());

        let mut found: Vec<String> = Vec::new();
        for bytes in &texts {
            let parsed = feed::parse(bytes).expect("JSON");
            found.extend(parsed.problems.into_iter().map(|p| p.message));
        }
        // The storefront's brief reading has a message of its own.
        let mut doc = feed.clone();
        put(&mut doc, "/products/0/availability", Some(json!("later")));
        let parsed = feed::parse_index(&serde_json::to_vec(&doc).expect("serialises")).expect("JSON");
        found.extend(parsed.problems.into_iter().map(|p| p.message));
        found
    }

    /// One of each QRIS error, with the Indonesian `nttmart_domain::qris`
    /// writes for it.
    fn qris_errors() -> Vec<QrisError> {
        let mut errors = vec![
            QrisError::Empty,
            QrisError::NonAscii { position: 4, character: '’' },
            QrisError::ControlCharacter { position: 9 },
            QrisError::TruncatedHeader { position: 120 },
            QrisError::TruncatedValue { position: 30, tag: 59, declared: 17, available: 5 },
            QrisError::BadTag { position: 0, found: "he".into() },
            QrisError::BadTag { position: 12, found: "x1".into() },
            QrisError::BadLength { position: 12, tag: 26, found: "6x".into() },
            QrisError::EmptyValue { position: 12, tag: 62 },
            QrisError::DuplicateTag { position: 80, tag: 53 },
            QrisError::MissingCrc,
            QrisError::CrcNotLast { position: 150 },
            QrisError::BadCrcField { position: 150, found: "EAZZ".into() },
            QrisError::CrcMismatch { expected: 0xEA0A, found: 0x1234 },
            QrisError::FormatIndicatorNotFirst { found_tag: 1 },
            QrisError::BadFormatIndicator { found: "02".into() },
            QrisError::BadInitiationMethod { found: "13".into() },
            QrisError::NoMerchantAccount,
            QrisError::BadMerchantAccount { tag: 26, position: 20 },
            QrisError::BadCategoryCode { found: "53X9".into() },
            QrisError::WrongCurrency { found: "840".into() },
            QrisError::WrongCountry { found: "SG".into() },
            QrisError::BlankField { position: 140, tag: 59 },
            QrisError::BadAmount { found: "1x".into() },
            QrisError::FractionalAmount { found: "1000.50".into() },
            QrisError::AlreadyDynamic,
            QrisError::HasAmount { amount: Rupiah(25_000) },
        ];
        // A tag of each name, and one without.
        let tags = [0, 1, 2, 26, 52, 53, 54, 55, 56, 58, 59, 60, 61, 62, 63, 64, 70];
        errors.extend(tags.map(|tag| QrisError::MissingTag { tag }));
        errors
    }

    /// Does not compile when `QrisError` gains a variant: add it above.
    fn from_a_feed(e: &QrisError) -> bool {
        match e {
            QrisError::Empty
            | QrisError::NonAscii { .. }
            | QrisError::ControlCharacter { .. }
            | QrisError::TruncatedHeader { .. }
            | QrisError::TruncatedValue { .. }
            | QrisError::BadTag { .. }
            | QrisError::BadLength { .. }
            | QrisError::EmptyValue { .. }
            | QrisError::DuplicateTag { .. }
            | QrisError::MissingCrc
            | QrisError::CrcNotLast { .. }
            | QrisError::BadCrcField { .. }
            | QrisError::CrcMismatch { .. }
            | QrisError::FormatIndicatorNotFirst { .. }
            | QrisError::BadFormatIndicator { .. }
            | QrisError::BadInitiationMethod { .. }
            | QrisError::MissingTag { .. }
            | QrisError::NoMerchantAccount
            | QrisError::BadMerchantAccount { .. }
            | QrisError::BadCategoryCode { .. }
            | QrisError::WrongCurrency { .. }
            | QrisError::WrongCountry { .. }
            | QrisError::BlankField { .. }
            | QrisError::BadAmount { .. }
            | QrisError::FractionalAmount { .. }
            | QrisError::AlreadyDynamic
            | QrisError::HasAmount { .. } => true,
            // An amount asked for at checkout, never a feed's QRIS; the
            // buyer sees `QrisError::message` in their language.
            QrisError::ZeroAmount | QrisError::AmountTooLarge { .. } => false,
        }
    }

    /// Every real message: the import's, the feed validator's, and the
    /// domain's error texts they embed.
    fn real_messages() -> BTreeSet<String> {
        let mut all: BTreeSet<String> = import_problems().into_iter().collect();
        all.extend(feed_problems());
        for e in [
            MoneyError::Empty,
            MoneyError::NotANumber,
            MoneyError::Negative,
            MoneyError::Fractional,
            MoneyError::TooLarge,
        ] {
            all.insert(format!("`x`: {e}"));
        }
        all.extend(qris_errors().iter().filter(|e| from_a_feed(e)).map(|e| format!("{e}{QRIS_LEFT_OUT}")));
        all
    }

    /// Templates no test input reaches, and why.
    const UNREACHED: &[&str] = &[
        // `feed_json` always writes JSON that the validator can read.
        "the assembled feed is not JSON: {}",
        "the assembled feed is not usable",
        // A CSV with a non-blank line has a header row.
        "the file has no header row",
        "{}: the file has no header row",
    ];

    fn templates_used(parse: &Parse<'_>, out: &mut BTreeSet<&'static str>) {
        out.insert(parse.template.0);
        if let Some(head) = &parse.head {
            templates_used(head, out);
        }
        for value in &parse.values {
            if let Value::Message(inner) = value {
                templates_used(inner, out);
            }
        }
    }

    #[test]
    fn every_real_message_is_translated() {
        let messages = real_messages();
        let untranslated: Vec<&String> = messages.iter().filter(|m| indonesian(m).is_none()).collect();
        assert!(
            untranslated.is_empty(),
            "{} of {} messages have no Indonesian:\n{}",
            untranslated.len(),
            messages.len(),
            untranslated.iter().map(|m| format!("  {m}\n")).collect::<String>()
        );
        let mut used = BTreeSet::new();
        for m in &messages {
            templates_used(&parse(m, 0).expect("translated"), &mut used);
        }
        let unused: Vec<&str> = MESSAGES
            .iter()
            .chain(HINTS)
            .map(|(en, _)| *en)
            .filter(|en| !used.contains(en) && !UNREACHED.contains(en))
            .collect();
        assert!(unused.is_empty(), "no test message fills these templates:\n{}", unused.join("\n"));
        println!(
            "{} distinct real messages, {} of {} templates",
            messages.len(),
            used.len(),
            MESSAGES.len() + HINTS.len()
        );
    }

    /// The quoted parts of a message: values, codes, examples.
    fn quoted(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for (open, close) in [('`', '`'), ('"', '"'), ('“', '”')] {
            let mut rest = text;
            while let Some(start) = rest.find(open) {
                let inner = &rest[start + open.len_utf8()..];
                let mut end = None;
                let mut escaped = false;
                for (i, c) in inner.char_indices() {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' if close == '"' => escaped = true,
                        c if c == close => {
                            end = Some(i);
                            break;
                        }
                        _ => {}
                    }
                }
                let Some(end) = end else { break };
                out.push(&inner[..end]);
                rest = &inner[end + close.len_utf8()..];
            }
        }
        out
    }

    #[test]
    fn every_quoted_value_is_kept() {
        for m in real_messages() {
            let id = indonesian(&m).unwrap_or_default();
            for value in quoted(&m) {
                // The one quoted phrase that is words, not a value.
                if value == "option: value" {
                    continue;
                }
                assert!(id.contains(value), "{value:?} is lost from\n{m}\nin\n{id}");
            }
        }
    }

    #[test]
    fn qris_messages_are_the_domains_own_indonesian() {
        for e in qris_errors() {
            assert_eq!(
                indonesian(&format!("{e}{QRIS_LEFT_OUT}")),
                Some(format!("{}; QRIS ini tidak ditawarkan saat pembayaran sampai diperbaiki", e.message(Lang::Id))),
                "{e}"
            );
        }
    }

    #[test]
    fn values_are_carried_through() {
        for (en, id) in [
            (
                "`12x` is not a whole number of items (0 = out of stock)",
                "`12x` bukan jumlah barang berupa bilangan bulat (0 = stok habis)",
            ),
            (
                "unknown category `x`; use one of: kopi, tenun",
                "kategori `x` tidak dikenal; pakai salah satu: kopi, tenun",
            ),
            ("appears twice (`Harga` and `harga`)", "muncul dua kali (`Harga` dan `harga`)"),
            ("`abc`: not a price; write it as 25000 or Rp 25.000", "`abc`: bukan harga; tulis seperti 25000 atau Rp 25.000"),
            (
                "has 31 cells but the header has 29; a cell containing `;` must be in double quotes",
                "berisi 31 sel, padahal baris judul hanya 29; sel yang memuat `;` harus diapit tanda kutip ganda (\"…\")",
            ),
            (
                "must be a number without quotes, found the text \"25000\"; write 25000",
                "harus berupa angka tanpa tanda kutip, tetapi isinya teks \"25000\"; tulis 25000",
            ),
            (
                "refers to category \"kopii\", which is not in the categories list; did you mean \"kopi\"?",
                "merujuk ke kategori \"kopii\", yang tidak ada di daftar categories; mungkin maksudnya \"kopi\"?",
            ),
            ("must be OVOP, OSOP or OCOP, found \"ovop\"; write OVOP", "harus OVOP, OSOP atau OCOP, tetapi isinya \"ovop\"; tulis OVOP"),
            // A hint's words inside a quoted value stay part of the value.
            ("must be OVOP, OSOP or OCOP, found \"a; write b\"", "harus OVOP, OSOP atau OCOP, tetapi isinya \"a; write b\""),
            (
                "must be a whole number of Rupiah greater than 0, found 12.0; write 12 without the decimal point",
                "harus bilangan bulat Rupiah lebih dari 0, tetapi isinya 12.0; tulis 12 tanpa tanda desimal",
            ),
            (
                "is not a real date: February 2023 has 28 days, found \"2023-02-29\"",
                "bukan tanggal yang ada: Februari 2023 hanya punya 28 hari, isinya \"2023-02-29\"",
            ),
            (
                "has no variant for a; b; c and 2 more; customers see that choice as not available",
                "tidak punya varian untuk a; b; c dan 2 lainnya; pembeli melihat pilihan itu tidak tersedia",
            ),
        ] {
            assert_eq!(indonesian(en).as_deref(), Some(id), "{en}");
        }
    }

    #[test]
    fn unknown_messages_stay_english() {
        for en in ["", "something else entirely", "invalid type: string \"x\", expected u32", "is empty, and more"] {
            assert_eq!(indonesian(en), None, "{en}");
        }
    }

    #[test]
    fn templates_are_well_formed() {
        let mut seen = BTreeSet::new();
        for (en, id) in MESSAGES.iter().chain(HINTS).chain(PHRASES) {
            assert!(seen.insert(*en), "twice: {en}");
            assert!(!en.contains("{}{}"), "two values with nothing between them cannot be told apart: {en}");
            assert_eq!(en.matches("{}").count(), kinds(id).len(), "{en} / {id}");
        }
        assert!(HINTS.iter().all(|(en, id)| en.starts_with("; ") && id.starts_with("; ")));
        assert!(PHRASES.iter().all(|(_, id)| kinds(id).iter().all(|k| *k == Kind::Verbatim)));
    }

    /// Text outside quotes and backticks (values, codes, JSON examples).
    fn prose(text: &str) -> String {
        let mut out = String::new();
        let mut close: Option<char> = None;
        for c in text.chars() {
            match close {
                Some(end) if c == end => close = None,
                Some(_) => {}
                None => match c {
                    '"' => close = Some('"'),
                    '`' => close = Some('`'),
                    '“' => close = Some('”'),
                    c => out.push(c),
                },
            }
        }
        out
    }

    const ENGLISH: &[&str] = &[
        "the", "is", "not", "must", "found", "write", "with", "which", "and", "or", "of", "use", "should", "cannot",
        "only", "an", "to", "be", "are", "has", "for", "it", "this", "that", "one", "each", "every", "list", "empty",
        "missing", "unknown", "whole", "number", "remove", "give", "put", "without", "text", "value", "values", "row",
        "column", "digits",
    ];

    fn english_words(text: &str) -> Vec<String> {
        prose(text)
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn no_english_is_left_in_the_translations() {
        for (en, id) in MESSAGES.iter().chain(HINTS).chain(PHRASES) {
            let words = english_words(&id.replace("{t}", "").replace("{v}", ""));
            assert!(words.is_empty(), "English {words:?} in the Indonesian for {en}: {id}");
        }
        for m in real_messages() {
            let id = indonesian(&m).unwrap_or_default();
            let words = english_words(&id);
            assert!(words.is_empty(), "English {words:?} in {id}\n(for {m})");
        }
    }
}
