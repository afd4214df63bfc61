//! A plotters backend that writes small SVG: what plotters' own SVG backend writes as one
//! element per bar, tick and grid line (each with its colour, opacity and stroke spelled out)
//! becomes one `<path>` per run of shapes of the same colour, and labels share their style in
//! a `<g>`. A year of days is 365 bars and 366 ticks: a path each instead of 731 elements.
//!
//! The picture stays the same: shapes are painted in plotters' order, a run of opaque shapes
//! of one colour as one path (translucent shapes each as their own, where overlaps would
//! otherwise show), and empty labels are left out. Labels are written last, over the shapes:
//! in these charts no shape is drawn over a label.

use std::fmt::Write;

use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

/// Writes the picture into `out` when presented.
pub struct CompactSvg<'a> {
    out: &'a mut String,
    size: (u32, u32),
    shapes: String,
    /// The style of the path being written (its `d` is open in `shapes`).
    run: Option<Paint>,
    labels: String,
    /// The style of the `<g>` of labels being written.
    label_style: Option<String>,
}

/// How a path is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Paint {
    Fill(Colour),
    Stroke(Colour, u32),
}

/// A colour and its opacity.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Colour {
    rgb: (u8, u8, u8),
    alpha: f64,
}

impl From<BackendColor> for Colour {
    fn from(colour: BackendColor) -> Self {
        Colour {
            rgb: colour.rgb,
            alpha: colour.alpha,
        }
    }
}

impl Paint {
    fn opaque(self) -> bool {
        match self {
            Paint::Fill(colour) | Paint::Stroke(colour, _) => colour.alpha >= 1.0,
        }
    }

    fn attributes(self) -> String {
        let opacity = |name: &str, colour: Colour| {
            if colour.alpha >= 1.0 {
                String::new()
            } else {
                format!(" {name}-opacity=\"{}\"", round(colour.alpha))
            }
        };
        match self {
            Paint::Fill(colour) => format!("fill=\"{}\"{}", hex(colour), opacity("fill", colour)),
            Paint::Stroke(colour, width) => format!(
                "fill=\"none\" stroke=\"{}\"{} stroke-width=\"{width}\"",
                hex(colour),
                opacity("stroke", colour)
            ),
        }
    }
}

impl<'a> CompactSvg<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Self {
        CompactSvg {
            out,
            size,
            shapes: String::new(),
            run: None,
            labels: String::new(),
            label_style: None,
        }
    }

    /// Continues the current path when `paint` is the same and opaque, or starts a new one;
    /// then the caller appends the shape's path data.
    fn path(&mut self, paint: Paint) -> &mut String {
        if self.run != Some(paint) || !paint.opaque() {
            self.end_run();
            let _ = write!(self.shapes, "<path {} d=\"", paint.attributes());
            self.run = Some(paint);
        }
        &mut self.shapes
    }

    fn end_run(&mut self) {
        if self.run.take().is_some() {
            self.shapes.push_str("\"/>");
        }
    }
}

/// `#A8482A`
fn hex(colour: impl Into<Colour>) -> String {
    let (r, g, b) = colour.into().rgb;
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// A number with at most two decimals, without trailing zeros: 0.85, 16.13, 1.
fn round(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

/// The points of a path: `M x y L x y x y…`.
fn polyline(d: &mut String, points: impl IntoIterator<Item = BackendCoord>) {
    for (i, (x, y)) in points.into_iter().enumerate() {
        let _ = match i {
            0 => write!(d, "M{x} {y}"),
            1 => write!(d, "L{x} {y}"),
            _ => write!(d, " {x} {y}"),
        };
    }
}

impl DrawingBackend for CompactSvg<'_> {
    type ErrorType = std::fmt::Error;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.end_run();
        if self.label_style.take().is_some() {
            self.labels.push_str("</g>");
        }
        let (width, height) = self.size;
        self.out.clear();
        let _ = write!(
            self.out,
            "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
             xmlns=\"http://www.w3.org/2000/svg\">{}{}</svg>",
            self.shapes, self.labels
        );
        self.shapes.clear();
        self.labels.clear();
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        colour: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if colour.alpha > 0.0 {
            let _ = write!(self.path(Paint::Fill(colour.into())), "M{x} {y}h1v1h-1z");
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            let paint = Paint::Stroke(style.color().into(), style.stroke_width());
            polyline(self.path(paint), [from, to]);
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            // Plotters' SVG backend draws an outline 1 wide, whatever the style says.
            let paint = if fill {
                Paint::Fill(style.color().into())
            } else {
                Paint::Stroke(style.color().into(), 1)
            };
            let (w, h) = (x1 - x0, y1 - y0);
            let _ = write!(self.path(paint), "M{x0} {y0}h{w}v{h}h{}z", -w);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            let paint = Paint::Stroke(style.color().into(), style.stroke_width());
            polyline(self.path(paint), path);
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            let d = self.path(Paint::Fill(style.color().into()));
            polyline(d, path);
            d.push('z');
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            let paint = if fill {
                Paint::Fill(style.color().into())
            } else {
                Paint::Stroke(style.color().into(), style.stroke_width())
            };
            self.end_run();
            let _ = write!(
                self.shapes,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"{radius}\" {}/>",
                paint.attributes()
            );
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let colour = style.color();
        if colour.alpha <= 0.0 || text.trim().is_empty() {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let mut shared = format!(
            "font-family=\"{}\" font-size=\"{}\" fill=\"{}\" text-anchor=\"{anchor}\"",
            crate::markup::escape(style.family().as_str()),
            round(style.size() / 1.24),
            hex(colour),
        );
        if colour.alpha < 1.0 {
            let _ = write!(shared, " fill-opacity=\"{}\"", round(colour.alpha));
        }
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => shared.push_str(" font-weight=\"bold\""),
            other => {
                let _ = write!(shared, " font-style=\"{}\"", other.as_str());
            }
        }
        if self.label_style.as_deref() != Some(shared.as_str()) {
            if self.label_style.is_some() {
                self.labels.push_str("</g>");
            }
            let _ = write!(self.labels, "<g {shared}>");
            self.label_style = Some(shared);
        }
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        let _ = write!(self.labels, "<text x=\"{x}\" y=\"{y}\" dy=\"{dy}\"");
        let degrees = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            _ => None,
        };
        if let Some(degrees) = degrees {
            let _ = write!(self.labels, " transform=\"rotate({degrees}, {x}, {y})\"");
        }
        let _ = write!(self.labels, ">{}</text>", crate::markup::escape(text));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn opaque_shapes_of_one_colour_are_one_path_and_translucent_ones_each_their_own() {
        let mut svg = String::new();
        {
            let root = CompactSvg::new(&mut svg, (100, 50)).into_drawing_area();
            for x in [0, 10, 20] {
                let _ = root.draw(&Rectangle::new([(x, 0), (x + 5, 40)], RED.filled()));
            }
            let _ = root.draw(&Rectangle::new([(30, 0), (35, 40)], BLUE.filled()));
            for x in [40, 50] {
                let _ = root.draw(&Rectangle::new(
                    [(x, 0), (x + 5, 40)],
                    BLUE.mix(0.5).filled(),
                ));
            }
            let _ = root.draw(&PathElement::new(vec![(0, 45), (100, 45)], BLACK));
            let _ = root.draw(&Text::new("", (0, 0), ("sans-serif", 12)));
            let _ = root.draw(&Text::new("a<b", (0, 0), ("sans-serif", 12)));
            let _ = root.present();
        }
        assert_eq!(svg.matches("<path").count(), 5, "{svg}");
        assert!(
            svg.contains(
                "<path fill=\"#FF0000\" d=\"M0 0h5v40h-5zM10 0h5v40h-5zM20 0h5v40h-5z\"/>"
            ),
            "{svg}"
        );
        assert!(
            svg.contains("fill=\"#0000FF\" fill-opacity=\"0.5\""),
            "{svg}"
        );
        assert!(svg.contains("d=\"M0 45L100 45\""), "{svg}");
        assert_eq!(
            svg.matches("<text").count(),
            1,
            "an empty label is left out: {svg}"
        );
        assert!(svg.contains(">a&lt;b</text></g></svg>"), "{svg}");
    }
}
