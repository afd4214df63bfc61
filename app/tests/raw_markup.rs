//! The places where Leptos writes a string into the page as markup, unescaped: a
//! `<textarea>`'s children, `inner_html`, and the children of `<script>`, `<style>` and
//! `<noscript>`. Each is allowed only where what people typed is escaped before it gets
//! there; a new one fails here until it has been looked at and listed.

use std::fs;
use std::path::{Path, PathBuf};

/// The one textarea, which escapes its text on the server (`TextAreaControl`).
const TEXTAREA_HOME: &str = "components/text_field.rs";

/// How a textarea can be written: in `view!`, or with the element builder.
const TEXTAREA: [&str; 2] = ["<textarea", "html::textarea"];

/// The other sinks, and how they are written.
const SINKS: [&str; 7] = [
    "inner_html",
    "<script",
    "html::script",
    "<style",
    "html::style",
    "<noscript",
    "html::noscript",
];

/// Each use of a sink outside the textarea: file, sink, how many times, and why it is safe.
const LOOKED_AT: [(&str, &str, usize, &str); 5] = [
    (
        "components/qr_list.rs",
        "inner_html",
        1,
        "a QR code drawn by the qrcode crate (qr.rs): squares, no text",
    ),
    (
        "routes/regular/print.rs",
        "inner_html",
        1,
        "the printable card (printable/draw.rs): nickname, tagline, label, address and shop \
         name escaped",
    ),
    (
        "routes/insights.rs",
        "inner_html",
        2,
        "the charts (charts.rs; plotters escapes its text, titles escaped) and the community \
         graph (functions/insights/page.rs; nicknames escaped)",
    ),
    (
        "shell.rs",
        "<script",
        1,
        "/pwa.js by its address, no children",
    ),
    (
        "assets.rs",
        "<script",
        1,
        "the hydration script: the built site's own file names",
    ),
];

#[test]
fn every_textarea_is_the_one_that_escapes_its_text() {
    let found: Vec<(String, usize)> = rust_files()
        .into_iter()
        .filter_map(|(name, code)| {
            let count = TEXTAREA.iter().map(|sink| code.matches(sink).count()).sum();
            (count > 0).then_some((name, count))
        })
        .collect();
    assert_eq!(
        found,
        [(TEXTAREA_HOME.to_owned(), 1)],
        "a textarea's text is written into the server's HTML unescaped: use \
         components::text_field::TextAreaControl (or TextArea), which escapes it"
    );
}

#[test]
fn raw_markup_is_set_only_where_what_people_typed_is_escaped() {
    let mut found: Vec<(String, &str, usize)> = Vec::new();
    for (name, code) in rust_files() {
        for sink in SINKS {
            let count = code.matches(sink).count();
            if count > 0 {
                found.push((name.clone(), sink, count));
            }
        }
    }
    let mut expected: Vec<(String, &str, usize)> = LOOKED_AT
        .iter()
        .map(|(file, sink, count, _why)| ((*file).to_owned(), *sink, *count))
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(
        found, expected,
        "Leptos writes these strings into the page as they are: escape what people typed \
         before it gets there, then list the place in LOOKED_AT with the reason"
    );
}

/// Every Rust file under app/src, by its path from there (with `/`), as code: comment lines
/// and the `tests` module at the end of a file (whose strings name sinks) left out.
fn rust_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap()
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let text = fs::read_to_string(&path).unwrap();
            let code = text
                .lines()
                .take_while(|line| !line.trim_start().starts_with("mod tests"))
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            (name, code)
        })
        .collect();
    out.sort();
    out
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}
