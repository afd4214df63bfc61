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
    }
}
