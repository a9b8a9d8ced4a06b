//! NTT Mart's spreadsheet import, with no file system and no browser: the
//! product (and villages) CSV as staff export it from Excel, LibreOffice or
//! Google Sheets, plus a base feed, into a checked catalog feed, with every
//! problem at its row and column. `nttmart import-csv` (crates/tool) reads
//! the files and prints the problems in English; the staff workbench
//! (`/staf`, src/staf) is given the files in the browser and shows them in
//! Indonesian (`bahasa`). Both write the feed with [`feed_json`], so their
//! output is the same bytes.

pub mod bahasa;
pub mod edit;
pub mod import;
pub mod table;
pub mod text;

pub use import::{feed_json, import, Found, Imported, Importer, Sources, Step};
