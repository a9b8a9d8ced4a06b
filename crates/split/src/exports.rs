//! Adds a second name for an export of a wasm module: the only edit the
//! split needs in the binary itself, so it is done on the export section's
//! bytes rather than by re-encoding the whole module.

/// Returns `wasm` with `alias` exporting whatever `name` exports.
pub fn alias(wasm: &[u8], name: &str, alias: &str) -> Result<Vec<u8>, String> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, body) = leb(wasm, at + 1)?;
        let end = body.checked_add(size as usize).filter(|&e| e <= wasm.len()).ok_or("truncated section")?;
        if id == 7 {
            let section = with_alias(&wasm[body..end], name, alias)?;
            let mut out = Vec::with_capacity(wasm.len() + alias.len() + 8);
            out.extend_from_slice(&wasm[..at]);
            out.push(7);
            put_leb(&mut out, section.len() as u32);
            out.extend_from_slice(&section);
            out.extend_from_slice(&wasm[end..]);
            return Ok(out);
        }
        at = end;
    }
    Err("the module has no export section".into())
}

fn with_alias(section: &[u8], name: &str, alias: &str) -> Result<Vec<u8>, String> {
    let (count, mut at) = leb(section, 0)?;
    let mut found = None;
    for _ in 0..count {
        let (len, start) = leb(section, at)?;
        let name_end = start + len as usize;
        let export_name = section.get(start..name_end).ok_or("truncated export")?;
        let kind_at = name_end;
        let (_, next) = leb(section, kind_at + 1)?;
        if export_name == name.as_bytes() {
            found = Some(section[kind_at..next].to_vec());
        }
        if export_name == alias.as_bytes() {
            return Err(format!("the module already exports {alias}"));
        }
        at = next;
    }
    let descriptor = found.ok_or_else(|| format!("the module does not export {name}"))?;
    let mut out = Vec::with_capacity(section.len() + alias.len() + 8);
    put_leb(&mut out, count + 1);
    out.extend_from_slice(&section[leb(section, 0)?.1..]);
    put_leb(&mut out, alias.len() as u32);
    out.extend_from_slice(alias.as_bytes());
    out.extend_from_slice(&descriptor);
    Ok(out)
}

/// Reads an unsigned LEB128 at `at`; returns it and where it ends.
fn leb(bytes: &[u8], mut at: usize) -> Result<(u32, usize), String> {
    let mut value: u64 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(at).ok_or("truncated number")?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return u32::try_from(value).map(|v| (v, at)).map_err(|_| "number too large".into());
        }
    }
    Err("number too long".into())
}

fn put_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a table, a memory and a function type section before
    /// the exports, and a custom section after them.
    fn module(exports: &[(&str, u8, u32)]) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // Table section: one funcref table, min 1.
        m.extend_from_slice(&[4, 4, 1, 0x70, 0, 1]);
        let mut section = Vec::new();
        put_leb(&mut section, exports.len() as u32);
        for (name, kind, index) in exports {
            put_leb(&mut section, name.len() as u32);
            section.extend_from_slice(name.as_bytes());
            section.push(*kind);
            put_leb(&mut section, *index);
        }
        m.push(7);
        put_leb(&mut m, section.len() as u32);
        m.extend_from_slice(&section);
        m.extend_from_slice(&[0, 4, 3, b'a', b'b', b'c']);
        m
    }

    #[test]
    fn adds_a_second_name_and_keeps_the_rest() {
        let long_name = "x".repeat(200);
        let input = module(&[("memory", 2, 0), ("__indirect_function_table", 1, 0), (&long_name, 0, 300)]);
        let output = alias(&input, "__indirect_function_table", "__wasm_split_table").unwrap();
        let expected = module(&[
            ("memory", 2, 0),
            ("__indirect_function_table", 1, 0),
            (&long_name, 0, 300),
            ("__wasm_split_table", 1, 0),
        ]);
        assert_eq!(output, expected);
    }

    #[test]
    fn refuses_what_it_cannot_do() {
        let input = module(&[("memory", 2, 0)]);
        assert!(alias(&input, "__indirect_function_table", "t").unwrap_err().contains("does not export"));
        let input = module(&[("__indirect_function_table", 1, 0), ("t", 1, 0)]);
        assert!(alias(&input, "__indirect_function_table", "t").unwrap_err().contains("already exports"));
        assert!(alias(b"not wasm at all", "a", "b").is_err());
        let truncated = &module(&[("__indirect_function_table", 1, 0)])[..14];
        assert!(alias(truncated, "__indirect_function_table", "t").is_err());
    }

    #[test]
    fn leb_round_trips() {
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            let mut out = Vec::new();
            put_leb(&mut out, v);
            assert_eq!(leb(&out, 0).unwrap(), (v, out.len()));
        }
    }
}
