//! QR codes for a regular's links, drawn on the server as SVG so that they show before the
//! page hydrates and print sharply at any size.

/// An SVG QR code of `url`, or `None` when it is too long for one.
///
/// Error correction M (15 % of the code may be unreadable): a phone reads it off a tablet's
/// glossy screen at arm's length, and the code stays small enough for its modules to be
/// large. The quiet zone is the standard four modules; dark on white always, since phones
/// read light-on-dark codes badly and the page may be in its dark theme.
pub fn qr_svg(url: &str) -> Option<String> {
    use qrcode::render::svg;
    use qrcode::{EcLevel, QrCode};

    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let svg = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Inside HTML the XML declaration is noise.
    Some(svg[svg.find("<svg")?..].to_owned())
}

/// A QR code of `data` as one SVG path of unit squares, for drawing inside a larger SVG:
/// `(side, d)`, where `side` counts modules including the four-module quiet zone on each
/// side, and `d` draws the dark modules. `None` when `data` is too long for one.
pub fn qr_path(data: &str) -> Option<(usize, String)> {
    use qrcode::{Color, EcLevel, QrCode};
    use std::fmt::Write;

    const QUIET: usize = 4;
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let mut d = String::new();
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            let _ = write!(d, "M{x} {y}h1v1h-1z");
        }
    }
    Some((width + 2 * QUIET, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_an_svg_with_its_quiet_zone_dark_on_white() {
        let svg = qr_svg("https://www.instagram.com/yu_photo/").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("#ffffff") && svg.contains("#000000"));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn an_address_too_long_for_a_qr_code_gives_none() {
        assert_eq!(qr_svg(&"a".repeat(5_000)), None);
        assert_eq!(qr_path(&"a".repeat(5_000)), None);
    }

    #[test]
    fn the_path_has_the_quiet_zone_around_the_code() {
        // 31 bytes is a version 3 code at level M: 29 modules, 37 with the zone.
        let (side, d) = qr_path("https://cafe.example/q/abcdefgh").unwrap();
        assert_eq!(side, 37);
        // The finder pattern's top-left module sits just inside the quiet zone.
        assert!(d.starts_with("M4 4h1v1h-1z"), "{d}");
    }
}
