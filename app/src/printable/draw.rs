//! Drawing the card: SVG in millimetres, and PNG from it with the system's fonts.

use std::sync::{Arc, OnceLock};

use super::{CardSize, PrintableCard};
use crate::qr::qr_path;

const FONTS: &str = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', \
                     'IPAexGothic', 'DejaVu Sans', sans-serif";
const INK: &str = "#2b2118";
const MUTED: &str = "#6b5a49";

/// The card as a standalone SVG document, or `None` when the address is too long for a QR
/// code.
pub fn card_svg(card: &PrintableCard, size: CardSize) -> Option<String> {
    let (side, d) = qr_path(&card.encoded)?;
    let (width, height) = size.millimetres();
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}mm\" height=\"{height}mm\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"{FONTS}\" fill=\"{INK}\">\
         <title>{}</title>\
         <rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>",
        escape(&format!("{} · {}", card.nickname, card.label)),
    );
    let qr = |x: f32, y: f32, size: f32| {
        format!(
            "<g transform=\"translate({x} {y}) scale({})\">\
             <rect width=\"{side}\" height=\"{side}\" fill=\"#ffffff\"/>\
             <path d=\"{d}\" fill=\"#000000\" shape-rendering=\"crispEdges\"/></g>",
            size / side as f32
        )
    };
    match size {
        CardSize::A6 => {
            let centre = width / 2.0;
            svg += &text(centre, 20.0, 9.0, "middle", true, INK, &card.nickname, 18.0);
            let mut y = 28.0;
            for line in wrap(card.tagline.as_deref().unwrap_or(""), 24.0, 2) {
                svg += &text(centre, y, 4.0, "middle", false, MUTED, &line, 24.0);
                y += 5.5;
            }
            svg += &qr((width - 66.0) / 2.0, 40.0, 66.0);
            svg += &text(centre, 115.0, 5.5, "middle", true, INK, &card.label, 17.0);
            svg += &text(
                centre,
                122.0,
                3.0,
                "middle",
                false,
                MUTED,
                &card.address,
                40.0,
            );
            svg += &format!(
                "<line x1=\"20\" y1=\"131\" x2=\"85\" y2=\"131\" stroke=\"{MUTED}\" stroke-width=\"0.2\"/>"
            );
            svg += &text(
                centre,
                139.0,
                3.5,
                "middle",
                false,
                INK,
                &card.shop_name,
                26.0,
            );
        }
        CardSize::BusinessCard => {
            svg += &qr(4.0, 5.0, 45.0);
            let x = 52.0;
            svg += &text(x, 14.0, 6.0, "start", true, INK, &card.nickname, 6.0);
            let mut y = 21.0;
            for line in wrap(card.tagline.as_deref().unwrap_or(""), 11.0, 3) {
                svg += &text(x, y, 3.0, "start", false, MUTED, &line, 11.0);
                y += 4.0;
            }
            svg += &text(x, 40.0, 3.5, "start", true, INK, &card.label, 10.0);
            svg += &text(x, 49.0, 2.8, "start", false, INK, &card.shop_name, 13.0);
        }
    }
    svg += "</svg>";
    Some(svg)
}

/// One line of text, shortened with "…" past `max` (in widths of a Japanese character).
#[allow(clippy::too_many_arguments)]
fn text(
    x: f32,
    y: f32,
    size: f32,
    anchor: &str,
    bold: bool,
    fill: &str,
    content: &str,
    max: f32,
) -> String {
    let content = wrap(content, max, 1).into_iter().next().unwrap_or_default();
    if content.is_empty() {
        return String::new();
    }
    let weight = if bold { " font-weight=\"700\"" } else { "" };
    format!(
        "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{fill}\"{weight}>{}</text>",
        escape(&content)
    )
}

/// How wide a character prints, in widths of a Japanese character: Latin letters and digits
/// are about half.
fn char_width(c: char) -> f32 {
    if c.is_ascii() { 0.55 } else { 1.0 }
}

/// Breaks `text` into at most `lines` lines of `max` widths, the last one ending in "…" when
/// the text does not fit. Text that fits is spread evenly over the lines it needs, so a
/// tagline never leaves one character alone on its last line.
fn wrap(text: &str, max: f32, lines: usize) -> Vec<String> {
    let text = text.trim();
    let total: f32 = text.chars().map(char_width).sum();
    let needed = (total / max).ceil().max(1.0);
    if needed as usize <= lines {
        // Even lines, with half a character of room for where the breaks fall.
        let (balanced, cut) = wrap_at(text, (total / needed + 0.5).min(max), lines);
        if !cut {
            return balanced;
        }
    }
    wrap_at(text, max, lines).0
}

/// Greedy lines of at most `width`; `true` when the text was cut short.
fn wrap_at(text: &str, width: f32, lines: usize) -> (Vec<String>, bool) {
    let mut out = vec![String::new()];
    let mut used = 0.0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > width {
            if out.len() == lines {
                let last = out.last_mut().expect("one line at least");
                last.pop();
                last.push('…');
                return (out, true);
            }
            out.push(String::new());
            used = 0.0;
        }
        out.last_mut().expect("one line at least").push(c);
        used += w;
    }
    out.retain(|line| !line.is_empty());
    (out, false)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the card's SVG cannot be read: {0}")]
    Svg(String),
    #[error("cannot make a {0}×{1} image")]
    Size(u32, u32),
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

/// Pixels per millimetre of the PNG: 300 dots per inch, print quality.
const PIXELS_PER_MM: f32 = 300.0 / 25.4;

/// The card's SVG as a 300 dpi PNG, its text set in the system's fonts (fonts-noto-cjk on
/// Debian). CPU-bound: call it off the async runtime.
pub fn card_png(svg: &str) -> Result<Vec<u8>, PngError> {
    use resvg::{tiny_skia, usvg};

    let options = usvg::Options {
        fontdb: system_fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    // The tree's size is in CSS pixels (96 per inch); the millimetres come back from it.
    let size = tree.size();
    let scale = PIXELS_PER_MM * 25.4 / 96.0;
    let (w, h) = (
        (size.width() * scale).round() as u32,
        (size.height() * scale).round() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(PngError::Size(w, h))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

/// The system's fonts, read once: loading them takes a moment and they do not change.
fn system_fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_system_fonts();
            db.set_sans_serif_family("Noto Sans CJK JP");
            Arc::new(db)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> PrintableCard {
        PrintableCard {
            shop_name: "珈琲 ゆるり".into(),
            nickname: "ゆう & <写真>".into(),
            tagline: Some("商店街のお店の写真を撮っています。ポートレートも".into()),
            label: "Instagram".into(),
            address: "@yu_photo".into(),
            encoded: "https://www.instagram.com/yu_photo/".into(),
        }
    }

    #[test]
    fn the_svg_has_the_true_size_the_texts_escaped_and_a_white_ground() {
        for (size, dims) in [
            (CardSize::A6, "width=\"105mm\" height=\"148mm\""),
            (CardSize::BusinessCard, "width=\"91mm\" height=\"55mm\""),
        ] {
            let svg = card_svg(&card(), size).unwrap();
            assert!(svg.contains(dims), "{svg}");
            assert!(svg.contains("ゆう &amp; &lt;写真&gt;"), "{svg}");
            assert!(svg.contains("珈琲 ゆるり") && svg.contains(">Instagram<"));
            assert!(svg.contains("fill=\"#ffffff\""));
            assert!(!svg.contains("<script"));
        }
        assert!(
            card_svg(&card(), CardSize::A6)
                .unwrap()
                .contains("@yu_photo")
        );
    }

    #[test]
    fn long_text_wraps_and_ends_with_an_ellipsis() {
        assert_eq!(wrap("あいうえおかきく", 3.0, 2), ["あいう", "えお…"]);
        // Fits in two lines: split evenly, not 11 + 1.
        assert_eq!(
            wrap("商店街のお店を撮る写真家", 11.0, 3),
            ["商店街のお店", "を撮る写真家"]
        );
        assert_eq!(wrap("abcdef", 3.0, 1), ["abcd…"]);
        assert_eq!(wrap("", 3.0, 2), Vec::<String>::new());
        assert_eq!(wrap("あい", 3.0, 2), ["あい"]);
    }

    #[test]
    fn sizes_round_trip_through_their_codes() {
        for size in [CardSize::A6, CardSize::BusinessCard] {
            assert_eq!(CardSize::from_code(size.code()), Some(size));
        }
        assert_eq!(CardSize::from_code("a4"), None);
    }

    #[test]
    fn the_png_is_300_dpi_at_the_cards_size() {
        let png = card_png(&card_svg(&card(), CardSize::BusinessCard).unwrap()).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        // 91 × 55 mm at 300 dpi.
        assert_eq!((width, height), (1075, 650));
    }
}
