//! Reading a spreadsheet export: UTF-8 with or without BOM, comma, semicolon or
//! tab separated (sniffed from the header line), quoted cells with embedded
//! newlines, and spreadsheet row numbers (header = row 1) for every record.

/// A CSV file as rows of trimmed cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub delimiter: u8,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Spreadsheet row number: the header is row 1, the first data row is 2.
    /// Blank lines count as rows; a quoted cell with newlines does not add rows.
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Reads a CSV file's bytes; `Err` is a message for staff (not UTF-8,
/// empty, no header row, a broken quote).
pub fn parse(bytes: &[u8]) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 text (byte {}); save the spreadsheet as \"CSV UTF-8\"", e.valid_up_to() + 1))?;
    if text.trim().is_empty() {
        return Err("the file is empty; it needs a header row".to_string());
    }
    let delimiter = sniff_delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    // Spreadsheet row bookkeeping: the csv reader skips blank lines (and does
    // not count them in its line numbers), so find each record's physical
    // line from its byte offset; lines beyond the previous record's own
    // lines (its quoted newlines included) are blank rows.
    let mut next_row = 1usize;
    let mut expected_line = 1usize;
    let (mut scanned_to, mut line_at_scan) = (0usize, 1usize);
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        // The position is where reading began, before any skipped blank lines.
        let mut byte = record.position().map(|p| p.byte() as usize).unwrap_or(scanned_to).min(text.len());
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        line_at_scan += text.as_bytes()[scanned_to.min(byte)..byte].iter().filter(|&&b| b == b'\n').count();
        scanned_to = byte.max(scanned_to);
        let line = line_at_scan;
        let number = next_row + line.saturating_sub(expected_line);
        let embedded: usize = record.iter().map(|c| c.matches('\n').count()).sum();
        expected_line = line + 1 + embedded;
        next_row = number + 1;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if headers.is_none() {
            headers = Some(cells);
        } else {
            rows.push(Row { number, cells });
        }
    }
    let headers = headers.ok_or("the file has no header row")?;
    Ok(Table { delimiter, headers, rows })
}

/// Picks `;`, `,` or tab, whichever occurs most often outside quotes in the
/// header line; `,` when none does.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut in_quotes = false;
    for c in text.bytes() {
        match c {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if !in_quotes => {
                for (d, n) in counts.iter_mut() {
                    if *d == c {
                        *n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    let best = counts.iter().max_by_key(|(_, n)| *n).copied().unwrap_or((b',', 0));
    if best.1 == 0 {
        b','
    } else {
        // On a tie `max_by_key` returns the last maximum; prefer `;` then `,`.
        counts.iter().find(|(_, n)| *n == best.1).map(|(d, _)| *d).unwrap_or(b',')
    }
}

/// Header matching key: lowercase letters and digits only, so `Alt Gambar`,
/// `alt_gambar` and `ALT-GAMBAR` are the same column.
pub fn header_key(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A big sheet for benchmarks and tests: `csv`'s data rows repeated until
/// there are `rows`, each copy with its own product ids, variant codes and
/// names (so slugs stay unique), every copy still valid.
pub fn enlarge(csv: &str, rows: usize) -> String {
    let delimiter = sniff_delimiter(csv);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    let Some((header, data)) = records.split_first() else {
        return csv.to_string();
    };
    let column = |keys: &[&str]| header.iter().position(|h| keys.contains(&header_key(h).as_str()));
    let (id, variant, name, slug) = (column(&["id"]), column(&["varian"]), column(&["nama"]), column(&["slug"]));
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    writer.write_record(header).expect("writing to memory");
    let mut written = 0;
    'copies: for copy in 0.. {
        for record in data {
            if written == rows {
                break 'copies;
            }
            let cells: Vec<String> = record
                .iter()
                .enumerate()
                .map(|(i, cell)| match copy {
                    0 => cell.to_string(),
                    _ if cell.is_empty() => String::new(),
                    _ if Some(i) == id || Some(i) == variant || Some(i) == slug => format!("{cell}-{copy}"),
                    _ if Some(i) == name => format!("{cell} {copy}"),
                    _ => cell.to_string(),
                })
                .collect();
            writer.write_record(&cells).expect("writing to memory");
            written += 1;
        }
        if data.is_empty() {
            break;
        }
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_header_delimiter() {
        assert_eq!(sniff_delimiter("id;nama;harga\n1;a,b;3"), b';');
        assert_eq!(sniff_delimiter("id,nama,harga\n1;2;3;4;5"), b',');
        assert_eq!(sniff_delimiter("\"a;b\",c,d\n"), b',');
        assert_eq!(sniff_delimiter("id\tnama\n"), b'\t');
        assert_eq!(sniff_delimiter("id\n1\n"), b',');
    }

    #[test]
    fn numbers_rows_like_a_spreadsheet() {
        let text = "\u{feff}id;nama\n1;\"dua\nbaris\"\n\n3;tiga\r\n4;empat\n";
        let t = parse(text.as_bytes()).unwrap();
        assert_eq!(t.headers, vec!["id", "nama"]);
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![2, 4, 5]);
        assert_eq!(t.rows[0].cells[1], "dua\nbaris");
        assert_eq!(t.rows[2].cells[1], "empat");
        let t = parse(b"a,b\n\n\n1,2\n\"x\n\ny\",3\n\n4,5").unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![4, 5, 7]);
    }

    #[test]
    fn keys() {
        assert_eq!(header_key(" Alt Gambar "), "altgambar");
        assert_eq!(header_key("OVOP_Unggulan"), "ovopunggulan");
        assert_eq!(header_key("P-IRT"), "pirt");
    }

    #[test]
    fn rejects_non_utf8() {
        assert!(parse(b"id;nama\n1;caf\xe9\n").unwrap_err().contains("UTF-8"));
    }
}
