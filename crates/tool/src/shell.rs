//! The site shell (the built `index.html`) as the tool reads and edits it.
//!
//! lol_html tokenises the HTML (quotes, comments, scripts, raw text and
//! entities as a browser would) and reports where each element of interest
//! starts and ends; the edits are then splices of those byte ranges into the
//! untouched rest of the file. Splicing rather than re-serialising keeps
//! every byte the tool does not mean to change (Trunk's attribute order,
//! integrity hashes, indentation), so a page written from a shell differs
//! from it only by the edits, and an element removed on a line of its own
//! takes its line with it.
//!
//! Everything the tool inserts into a head sits between [`BLOCK_START`] and
//! [`BLOCK_END`], so editing a shell that is itself the tool's output (a
//! deployed `index.html`) replaces the block instead of adding a second one.

use lol_html::html_content::{Comment, Element};
use lol_html::{doc_comments, element, rewrite_str, RewriteStrSettings};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

pub const BLOCK_START: &str = "<!-- nttmart:meta -->";
pub const BLOCK_END: &str = "<!-- /nttmart:meta -->";
/// The meta that tells the app which `catalog.json` the index feed was made
/// from (`feed_source`); index.html carries it empty.
pub const FEED_SOURCE_META: &str = "nttmart-feed-source";

/// What one page of the site changes in the shell.
#[derive(Clone, Debug, Default)]
pub struct Edits<'a> {
    /// The head block, `BLOCK_START` … `BLOCK_END`, indented lines.
    pub block: Option<&'a str>,
    /// The block carries the page's own `<title>` and description: the
    /// shell's go, and the block takes the title's place. Otherwise it
    /// follows the shell's description.
    pub replace_title: bool,
    /// The first screen's tagline (`p.hero__tagline`), as text.
    pub tagline: Option<&'a str>,
    /// Markup put in place of the first screen's hero (`section.hero`).
    pub first_screen: Option<&'a str>,
    /// The content of the `nttmart-feed-source` meta.
    pub feed_source: Option<&'a str>,
}

/// Where things are in one shell, as byte ranges of its text.
#[derive(Debug, Default)]
struct Found {
    /// Earlier blocks, comment to comment.
    blocks: Vec<Range<usize>>,
    /// Inside a block, between its two comments.
    in_block: bool,
    /// `</head>`.
    head_end: Option<usize>,
    title: Option<Range<usize>>,
    title_text: Option<Range<usize>>,
    description: Option<(Range<usize>, String)>,
    /// Open Graph, product, Twitter and canonical tags the block replaces.
    previews: Vec<Range<usize>>,
    stylesheet: Option<Range<usize>>,
    policy: Option<Range<usize>>,
    tagline_text: Option<Range<usize>>,
    hero: Option<Range<usize>>,
    feed_source: Option<(Range<usize>, Option<Range<usize>>)>,
}

/// What a shell says of itself, for the pages that do not copy it whole.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// `<title>`, entities decoded.
    pub title: Option<String>,
    /// The meta description's content, entities decoded.
    pub description: Option<String>,
    /// The stylesheet's `<link>` tag as written.
    pub stylesheet: Option<String>,
    /// The Content-Security-Policy `<meta>` tag as written.
    pub policy: Option<String>,
    pub has_head: bool,
}

fn ci_eq(value: Option<String>, wanted: &str) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case(wanted))
}

fn start_tag(el: &Element) -> Range<usize> {
    el.source_location().bytes()
}

/// Tokenises `html` once and notes where every element of interest is.
fn find(html: &str) -> Result<Found, String> {
    let found = Rc::new(RefCell::new(Found::default()));
    let on_comment = {
        let found = found.clone();
        move |c: &mut Comment| {
            let mut f = found.borrow_mut();
            let range = c.source_location().bytes();
            match c.text().trim() {
                "nttmart:meta" if !f.in_block => {
                    f.in_block = true;
                    f.blocks.push(range);
                }
                "/nttmart:meta" if f.in_block => {
                    f.in_block = false;
                    if let Some(last) = f.blocks.last_mut() {
                        last.end = range.end;
                    }
                }
                _ => {}
            }
            Ok(())
        }
    };
    let on_head = {
        let found = found.clone();
        move |el: &mut Element| {
            let found = found.clone();
            el.on_end_tag(Box::new(move |end| {
                found.borrow_mut().head_end.get_or_insert(end.source_location().bytes().start);
                Ok(())
            }))?;
            Ok(())
        }
    };
    let on_head_element = {
        let found = found.clone();
        move |el: &mut Element| {
            let mut f = found.borrow_mut();
            if f.in_block {
                return Ok(());
            }
            let range = start_tag(el);
            match el.tag_name().as_str() {
                "meta" => {
                    let property = el.get_attribute("property").unwrap_or_default().to_ascii_lowercase();
                    let name = el.get_attribute("name").unwrap_or_default().to_ascii_lowercase();
                    if property.starts_with("og:") || property.starts_with("product:") || name.starts_with("twitter:") {
                        f.previews.push(range);
                    } else if name == "description" && f.description.is_none() {
                        f.description = Some((range, el.get_attribute("content").unwrap_or_default()));
                    } else if name == FEED_SOURCE_META && f.feed_source.is_none() {
                        f.feed_source = Some((range, None));
                    } else if ci_eq(el.get_attribute("http-equiv"), "Content-Security-Policy") && f.policy.is_none() {
                        f.policy = Some(range);
                    }
                }
                "link" => {
                    let rel = el.get_attribute("rel");
                    if ci_eq(rel.clone(), "canonical") {
                        f.previews.push(range);
                    } else if ci_eq(rel, "stylesheet") && f.stylesheet.is_none() {
                        f.stylesheet = Some(range);
                    }
                }
                "title" if f.title.is_none() => {
                    let start = range.start;
                    let inner = range.end;
                    f.title = Some(range);
                    drop(f);
                    let found = found.clone();
                    el.on_end_tag(Box::new(move |end| {
                        let close = end.source_location().bytes();
                        let mut f = found.borrow_mut();
                        f.title = Some(start..close.end);
                        f.title_text = Some(inner..close.start);
                        Ok(())
                    }))?;
                }
                _ => {}
            }
            Ok(())
        }
    };
    let on_tagline = {
        let found = found.clone();
        move |el: &mut Element| {
            if found.borrow().tagline_text.is_some() {
                return Ok(());
            }
            let inner = start_tag(el).end;
            let found = found.clone();
            el.on_end_tag(Box::new(move |end| {
                found.borrow_mut().tagline_text.get_or_insert(inner..end.source_location().bytes().start);
                Ok(())
            }))?;
            Ok(())
        }
    };
    let on_hero = {
        let found = found.clone();
        move |el: &mut Element| {
            if found.borrow().hero.is_some() {
                return Ok(());
            }
            let start = start_tag(el).start;
            let found = found.clone();
            el.on_end_tag(Box::new(move |end| {
                found.borrow_mut().hero.get_or_insert(start..end.source_location().bytes().end);
                Ok(())
            }))?;
            Ok(())
        }
    };
    rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("head", on_head),
                element!("head *", on_head_element),
                element!("p.hero__tagline", on_tagline),
                element!("section.hero", on_hero),
            ],
            document_content_handlers: vec![doc_comments!(on_comment)],
            ..RewriteStrSettings::new()
        },
    )
    .map_err(|e| format!("the shell is not HTML the rewriter can read: {e}"))?;
    let mut found = Rc::try_unwrap(found).map(RefCell::into_inner).unwrap_or_default();
    // A block opened and never closed is not the tool's: leave it.
    if found.in_block {
        found.blocks.pop();
    }
    if let Some((tag, _)) = &found.feed_source {
        let value = value_range(html, tag.clone(), "content");
        found.feed_source = Some((tag.clone(), value));
    }
    Ok(found)
}

/// Where the quoted value of attribute `name` is in the start tag at
/// `tag`, found with lol_html's own reading of the tag.
fn value_range(html: &str, tag: Range<usize>, name: &str) -> Option<Range<usize>> {
    let result = RefCell::new(None);
    let _ = rewrite_str(
        &html[tag.clone()],
        RewriteStrSettings {
            element_content_handlers: vec![element!("*", |el| {
                if let Some(attr) = el.attributes().iter().find(|a| a.name() == name) {
                    *result.borrow_mut() = attr.value_source_location().map(|l| l.bytes());
                }
                Ok(())
            })],
            ..RewriteStrSettings::new()
        },
    );
    result.into_inner().map(|r| tag.start + r.start..tag.start + r.end)
}

/// Grows a range to its whole line when nothing else is on that line.
fn whole_line(html: &str, range: Range<usize>) -> Range<usize> {
    let b = html.as_bytes();
    let mut s = range.start;
    while s > 0 && matches!(b[s - 1], b' ' | b'\t') {
        s -= 1;
    }
    let mut e = range.end;
    while e < b.len() && matches!(b[e], b' ' | b'\t' | b'\r') {
        e += 1;
    }
    if (s == 0 || b[s - 1] == b'\n') && (e == b.len() || b[e] == b'\n') {
        s..(e + 1).min(b.len())
    } else {
        range
    }
}

/// The shell without a block the tool inserted before, and where the first
/// one was.
fn strip_blocks(html: &str) -> Result<(String, Option<usize>), String> {
    let found = find(html)?;
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    let mut at = None;
    for block in found.blocks {
        let line = whole_line(html, block);
        if line.start < pos {
            continue;
        }
        out.push_str(&html[pos..line.start]);
        at.get_or_insert(out.len());
        pos = line.end;
    }
    out.push_str(&html[pos..]);
    Ok((out, at))
}

/// The shell without any block the tool inserted.
pub fn strip_block(html: &str) -> Result<String, String> {
    strip_blocks(html).map(|(html, _)| html)
}

/// What the shell says of itself (`Facts`), blocks left out.
pub fn facts(html: &str) -> Result<Facts, String> {
    let (html, _) = strip_blocks(html)?;
    let found = find(&html)?;
    let decode = |s: &str| html_escape::decode_html_entities(s).into_owned();
    Ok(Facts {
        title: found.title_text.map(|r| decode(html[r].trim())),
        description: found.description.map(|(_, d)| decode(&d)),
        stylesheet: found.stylesheet.map(|r| html[r].to_string()),
        policy: found.policy.map(|r| html[r].to_string()),
        has_head: found.head_end.is_some(),
    })
}

/// One splice: `range` of the shell becomes `with`.
struct Splice {
    range: Range<usize>,
    with: String,
}

/// The shell with `edits` made. The block lands where the title was
/// (`replace_title`), else where an earlier block was, else after the
/// description, else after the title, else before `</head>`.
pub fn rewrite(shell: &str, edits: &Edits) -> Result<String, String> {
    let (html, previous) = strip_blocks(shell)?;
    let found = find(&html)?;
    let mut splices: Vec<Splice> = Vec::new();
    let remove = |range: Range<usize>, splices: &mut Vec<Splice>| {
        splices.push(Splice { range: whole_line(&html, range), with: String::new() })
    };
    let hero = edits.first_screen.and(found.hero.clone());
    if let Some(block) = edits.block {
        let head_end = found.head_end.ok_or("the shell has no </head>")?;
        for range in &found.previews {
            remove(range.clone(), &mut splices);
        }
        let title = found.title.clone().map(|t| whole_line(&html, t));
        let description = found.description.clone().map(|(d, _)| whole_line(&html, d));
        if edits.replace_title {
            if let Some(d) = description.clone() {
                splices.push(Splice { range: d, with: String::new() });
            }
        }
        let at = match (edits.replace_title, title.clone(), previous, description) {
            (true, Some(t), _, _) => {
                splices.push(Splice { range: t.clone(), with: String::new() });
                t.start
            }
            (_, _, Some(at), _) if at <= head_end => at,
            (false, _, _, Some(d)) => d.end,
            (false, Some(t), _, None) => t.end,
            _ => head_end,
        };
        // The block is indented as a line of its own.
        let newline = if at > 0 && html.as_bytes()[at - 1] != b'\n' { "\n" } else { "" };
        splices.push(Splice { range: at..at, with: format!("{newline}{block}") });
    }
    if let (Some(tagline), Some(range)) = (edits.tagline, found.tagline_text.clone()) {
        let inside_hero = hero.as_ref().is_some_and(|h| h.start <= range.start && range.end <= h.end);
        if !inside_hero {
            splices.push(Splice { range, with: crate::markup::html(tagline.trim()) });
        }
    }
    if let (Some(screen), Some(range)) = (edits.first_screen, hero) {
        splices.push(Splice { range, with: screen.to_string() });
    }
    if let (Some(source), Some((_, Some(value)))) = (edits.feed_source, found.feed_source.clone()) {
        splices.push(Splice { range: value, with: crate::markup::html(source) });
    }
    Ok(apply(&html, splices))
}

/// Applies splices in order of position; one that overlaps an earlier one
/// (an element on the same removed line) is already done.
fn apply(html: &str, mut splices: Vec<Splice>) -> String {
    // An insertion goes before a removal that starts at the same place
    // (the block in place of the title's line).
    splices.sort_by_key(|s| (s.range.start, !s.range.is_empty()));
    let mut out = String::with_capacity(html.len() + splices.iter().map(|s| s.with.len()).sum::<usize>());
    let mut pos = 0;
    for splice in splices {
        if splice.range.start < pos {
            if splice.range.is_empty() {
                out.push_str(&splice.with);
            }
            continue;
        }
        out.push_str(&html[pos..splice.range.start]);
        out.push_str(&splice.with);
        pos = splice.range.end;
    }
    out.push_str(&html[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<!doctype html>\n<html lang=\"id\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>NTT Mart &amp; Co</title>\n  <meta name=\"description\" content=\"Belanja &quot;produk&quot; desa\">\n  <meta property=\"og:title\" content=\"old\">\n  <link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">\n<script type=\"module\">import init from '/app.js'; // <title>not this</title></script></head>\n<body></body>\n</html>\n";

    fn product(block: &str) -> Edits<'_> {
        Edits { block: Some(block), replace_title: true, ..Edits::default() }
    }

    fn home(block: &str) -> Edits<'_> {
        Edits { block: Some(block), ..Edits::default() }
    }

    #[test]
    fn the_first_screen_gets_the_feed_tagline_escaped() {
        let shell = "<body><p class=\"hero__tagline\">old</p><p>other</p></body>";
        let edits = Edits { tagline: Some(" Kopi & <tenun> "), ..Edits::default() };
        assert_eq!(
            rewrite(shell, &edits).unwrap(),
            "<body><p class=\"hero__tagline\">Kopi &amp; &lt;tenun&gt;</p><p>other</p></body>"
        );
        assert_eq!(rewrite("<body></body>", &edits).unwrap(), "<body></body>");
    }

    #[test]
    fn product_pages_open_on_the_product() {
        let shell = "<div id=\"boot\"><main><section class=\"hero\"><h1>Home</h1><p class=\"hero__tagline\">t</p></section><div>loading</div></main></div>";
        let edits =
            Edits { first_screen: Some("<article>Kopi &amp; co</article>"), tagline: Some("x"), ..Edits::default() };
        assert_eq!(
            rewrite(shell, &edits).unwrap(),
            "<div id=\"boot\"><main><article>Kopi &amp; co</article><div>loading</div></main></div>"
        );
        assert_eq!(rewrite("<main></main>", &edits).unwrap(), "<main></main>");
    }

    #[test]
    fn facts_decode_entities_and_keep_tags_as_written() {
        let facts = facts(SHELL).unwrap();
        assert_eq!(facts.title.as_deref(), Some("NTT Mart & Co"));
        assert_eq!(facts.description.as_deref(), Some("Belanja \"produk\" desa"));
        assert_eq!(facts.stylesheet.as_deref(), Some("<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">"));
        assert_eq!(facts.policy, None);
        assert!(facts.has_head);
        assert!(!super::facts("<p>not a shell</p>").unwrap().has_head);
    }

    #[test]
    fn inject_replaces_title_and_description_once() {
        let block = format!("  {BLOCK_START}\n  <title>Baru</title>\n  {BLOCK_END}\n");
        let once = rewrite(SHELL, &product(&block)).unwrap();
        assert_eq!(once.matches("<title").count(), 2, "the block's and the script's text: {once}");
        assert!(
            once.contains("  <meta charset=\"utf-8\">\n  <!-- nttmart:meta -->\n  <title>Baru</title>\n"),
            "{once}"
        );
        assert!(!once.contains("name=\"description\""));
        assert!(!once.contains("og:title"));
        assert!(once.contains("/main-0123456789abcdef.css"));
        assert!(once.contains("import init from '/app.js'"));
        // Running again on its own output changes nothing.
        assert_eq!(rewrite(&once, &product(&block)).unwrap(), once);
    }

    #[test]
    fn inject_for_home_keeps_title_and_description() {
        let block = format!("  {BLOCK_START}\n  <meta property=\"og:title\" content=\"x\">\n  {BLOCK_END}\n");
        let once = rewrite(SHELL, &home(&block)).unwrap();
        assert!(once.contains("<title>NTT Mart &amp; Co</title>"));
        assert_eq!(once.matches("og:title").count(), 1, "{once}");
        let desc = once.find("name=\"description\"").unwrap();
        assert!(once.find(BLOCK_START).unwrap() > desc);
        assert!(once.contains("desa\">\n  <!-- nttmart:meta -->"), "{once}");
        assert_eq!(rewrite(&once, &home(&block)).unwrap(), once);
    }

    #[test]
    fn a_block_goes_before_the_head_end_when_the_head_has_no_title() {
        let shell = "<html><head><meta charset=\"utf-8\"></head><body></body></html>";
        let block = format!("  {BLOCK_START}\n  {BLOCK_END}\n");
        assert_eq!(
            rewrite(shell, &product(&block)).unwrap(),
            format!("<html><head><meta charset=\"utf-8\">\n{block}</head><body></body></html>")
        );
        assert!(rewrite("<p>x</p>", &product(&block)).unwrap_err().contains("</head>"));
    }

    #[test]
    fn pages_from_a_processed_shell_equal_pages_from_the_plain_one() {
        // `nttmart pages` run again on a deployed dist/ reads its own output.
        let home_block = format!("  {BLOCK_START}\n  <meta property=\"og:type\" content=\"website\">\n  {BLOCK_END}\n");
        let product_block = format!("  {BLOCK_START}\n  <title>Produk</title>\n  {BLOCK_END}\n");
        let processed = rewrite(SHELL, &home(&home_block)).unwrap();
        assert_eq!(
            rewrite(&processed, &product(&product_block)).unwrap(),
            rewrite(SHELL, &product(&product_block)).unwrap()
        );
        assert_eq!(rewrite(&processed, &home(&home_block)).unwrap(), processed);
        let stripped = strip_block(&processed).unwrap();
        assert!(!stripped.contains("nttmart:meta") && !stripped.contains("og:type"), "{stripped}");
        assert!(stripped.contains("<title>NTT Mart &amp; Co</title>"), "{stripped}");
    }

    #[test]
    fn the_feed_source_meta_is_filled_in_where_the_shell_has_it() {
        let shell = "<head><meta name=\"nttmart-feed-source\" content=\"\"></head>";
        let edits = Edits { feed_source: Some("Sat, 06 Dec 2025 03:25:00 GMT"), ..Edits::default() };
        let out = rewrite(shell, &edits).unwrap();
        assert_eq!(out, "<head><meta name=\"nttmart-feed-source\" content=\"Sat, 06 Dec 2025 03:25:00 GMT\"></head>");
        let again = Edits { feed_source: Some("Sun, 07 Dec 2025 01:00:00 GMT"), ..Edits::default() };
        assert!(rewrite(&out, &again).unwrap().contains("content=\"Sun, 07 Dec 2025 01:00:00 GMT\""));
        assert_eq!(rewrite("<head></head>", &edits).unwrap(), "<head></head>");
    }
}
