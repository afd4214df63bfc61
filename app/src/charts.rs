//! The insights' charts, drawn on the server as SVG with plotters: they show before the page
//! hydrates, print as they are, and their text stays text. Each chart gets a title and a
//! description that a screen reader reads out (`role="img"`), and is drawn dark on a light
//! card in either theme, like the QR codes. Plotters draws them on [`CompactSvg`], which
//! writes each run of bars, ticks or cells of one colour as one path.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod compact;
use compact::CompactSvg;

/// The café palette of `style/main.css`, for SVG that carries its colours with it.
const INK: RGBColor = RGBColor(0x2b, 0x21, 0x18);
const MUTED: RGBColor = RGBColor(0x6b, 0x5a, 0x49);
const LINE: RGBColor = RGBColor(0xe2, 0xd3, 0xbf);
const CARD: RGBColor = RGBColor(0xff, 0xfa, 0xf3);
pub const ACCENT: RGBColor = RGBColor(0xa8, 0x48, 0x2a);
pub const LATTE: RGBColor = RGBColor(0xd8, 0xb0, 0x8c);
pub const GREEN: RGBColor = RGBColor(0x3f, 0x7a, 0x4a);
pub const SAGE: RGBColor = RGBColor(0x9b, 0xb8, 0x8f);
pub const GREY: RGBColor = RGBColor(0xb9, 0xad, 0xa0);
pub const LINE_DARK: RGBColor = RGBColor(0xd9, 0xc9, 0xb4);

const FONT: &str = "sans-serif";
const WIDTH: u32 = 600;
const HEIGHT: u32 = 280;

/// One coloured series of bars.
pub struct Series {
    pub name: String,
    pub colour: RGBColor,
    pub values: Vec<u32>,
}

/// How several series share a bar's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One on top of the other: parts of a whole.
    Stacked,
    /// Side by side: things to compare.
    Grouped,
}

/// A bar chart of `series` over `labels` (one bar place per label). Every `label_every`th
/// label is written under its bar, so that a year of weeks stays legible.
pub fn bars(
    title: &str,
    description: &str,
    labels: &[String],
    series: &[Series],
    layout: Layout,
) -> String {
    let places = labels.len().max(1);
    let top = match layout {
        Layout::Stacked => (0..places)
            .map(|i| series.iter().map(|s| value(s, i)).sum::<u32>())
            .max(),
        Layout::Grouped => series.iter().flat_map(|s| s.values.iter().copied()).max(),
    }
    .unwrap_or(0)
    .max(1);
    let label_every = places.div_ceil(12);
    let mut svg = String::new();
    {
        let root = CompactSvg::new(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = root.fill(&CARD);
        let rows = legend_rows(series);
        let legend_height = if series.len() > 1 {
            34 * rows.len() as u32
        } else {
            8
        };
        let (legend, plot) = root.split_vertically(legend_height);
        if series.len() > 1 {
            draw_legend(&legend, series, &rows);
        }
        let y_top = f64::from(top) * 1.1;
        let chart = ChartBuilder::on(&plot)
            .margin_right(12)
            .margin_top(4)
            .x_label_area_size(34)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..places as f64, 0f64..y_top);
        let Ok(mut chart) = chart else {
            return String::new();
        };
        let label_of = |x: &f64| {
            let i = x.floor() as usize;
            if (*x - x.floor()).abs() < 1e-9 && i < labels.len() && i.is_multiple_of(label_every) {
                labels[i].clone()
            } else {
                String::new()
            }
        };
        let _ = chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(LINE.mix(0.0))
            .bold_line_style(LINE)
            .axis_style(MUTED)
            .x_labels(places + 1)
            .x_label_formatter(&label_of)
            .y_labels(5)
            // Counts are whole: a tick between two whole numbers stays unlabelled.
            .y_label_formatter(&|y| {
                if (y - y.round()).abs() < 1e-6 {
                    format!("{}", y.round() as i64)
                } else {
                    String::new()
                }
            })
            .label_style((FONT, 20).into_font().color(&MUTED))
            .draw();
        let group = series.len().max(1) as f64;
        for (k, s) in series.iter().enumerate() {
            let rectangles = (0..places).filter_map(|i| {
                let v = value(s, i);
                if v == 0 {
                    return None;
                }
                let x = i as f64;
                let (x0, x1, y0) = match layout {
                    Layout::Stacked => {
                        let below: u32 = series[..k].iter().map(|s| value(s, i)).sum();
                        (x + 0.12, x + 0.88, f64::from(below))
                    }
                    Layout::Grouped => {
                        let width = 0.76 / group;
                        let x0 = x + 0.12 + width * k as f64;
                        (x0, x0 + width, 0.0)
                    }
                };
                Some(Rectangle::new(
                    [(x0, y0), (x1, y0 + f64::from(v))],
                    s.colour.filled(),
                ))
            });
            let _ = chart.draw_series(rectangles);
        }
        let _ = root.present();
    }
    accessible(svg, title, description)
}

fn value(series: &Series, i: usize) -> u32 {
    series.values.get(i).copied().unwrap_or(0)
}

/// Where each legend entry goes: `(row, x)`, a new row when the next would not fit.
fn legend_rows(series: &[Series]) -> Vec<(usize, i32)> {
    let (mut row, mut x) = (0, 48);
    series
        .iter()
        .map(|s| {
            let width = 36 + 15 * s.name.chars().map(char_width).sum::<i32>() / 10;
            if x + width > WIDTH as i32 - 8 && x > 48 {
                row += 1;
                x = 48;
            }
            let place = (row, x);
            x += width;
            place
        })
        .collect()
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    series: &[Series],
    places: &[(usize, i32)],
) {
    for (s, &(row, x)) in series.iter().zip(places) {
        let y = 34 * row as i32;
        let _ = area.draw(&Rectangle::new(
            [(x, y + 10), (x + 16, y + 26)],
            s.colour.filled(),
        ));
        let style = TextStyle::from((FONT, 19).into_font())
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let _ = area.draw(&Text::new(s.name.clone(), (x + 22, y + 18), style));
    }
}

/// Roughly how wide a character is, in tenths of the font size: CJK full width, Latin half.
fn char_width(c: char) -> i32 {
    if c.is_ascii() { 6 } else { 10 }
}

/// Visits by weekday and hour as shades of the accent colour: darker is busier. Hours run
/// from the earliest to the latest with any visit (8:00 to 20:00 when there are none).
pub fn heat_map(
    title: &str,
    description: &str,
    weekdays: &[String; 7],
    counts: &[[u32; 24]; 7],
) -> String {
    let busy: Vec<usize> = (0..24)
        .filter(|h| counts.iter().any(|day| day[*h] > 0))
        .collect();
    let (first, last) = match (busy.first(), busy.last()) {
        (Some(first), Some(last)) => (*first, *last),
        _ => (8, 19),
    };
    let hours = last - first + 1;
    let top = counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let (left, top_margin, cell_h) = (40i32, 26i32, 30i32);
    let cell_w = ((WIDTH as i32 - left - 12) / hours as i32).max(8);
    let height = (top_margin + cell_h * 7 + 8) as u32;
    let mut svg = String::new();
    {
        let root = CompactSvg::new(&mut svg, (WIDTH, height)).into_drawing_area();
        let _ = root.fill(&CARD);
        let label = |anchor: HPos| {
            TextStyle::from((FONT, 19).into_font())
                .color(&MUTED)
                .pos(Pos::new(anchor, VPos::Center))
        };
        for h in 0..hours {
            let x = left + cell_w * h as i32 + cell_w / 2;
            let _ = root.draw(&Text::new(
                format!("{}", first + h),
                (x, top_margin / 2),
                label(HPos::Center),
            ));
        }
        for (d, day) in counts.iter().enumerate() {
            let y = top_margin + cell_h * d as i32;
            let _ = root.draw(&Text::new(
                weekdays[d].clone(),
                (left - 8, y + cell_h / 2),
                label(HPos::Right),
            ));
            for h in 0..hours {
                let x = left + cell_w * h as i32;
                let share = f64::from(day[first + h]) / f64::from(top);
                let colour = if day[first + h] == 0 {
                    on_card(LINE, 0.45)
                } else {
                    on_card(ACCENT, 0.12 + 0.88 * share)
                };
                let _ = root.draw(&Rectangle::new(
                    [(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)],
                    colour.filled(),
                ));
            }
        }
        let _ = root.present();
    }
    accessible(svg, title, description)
}

/// `colour` at `opacity` over the card, as the opaque colour it shows: cells of the same
/// shade then share a path.
fn on_card(colour: RGBColor, opacity: f64) -> RGBColor {
    let blend = |c: u8, card: u8| {
        (opacity * f64::from(c) + (1.0 - opacity) * f64::from(card)).round() as u8
    };
    RGBColor(
        blend(colour.0, CARD.0),
        blend(colour.1, CARD.1),
        blend(colour.2, CARD.2),
    )
}

/// Gives plotters' SVG a title and description for screen readers, and lets it scale to its
/// card's width.
pub fn accessible(svg: String, title: &str, description: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end);
    let open = open.replacen(" width=\"", " data-width=\"", 1).replacen(
        " height=\"",
        " data-height=\"",
        1,
    );
    format!(
        "{open} role=\"img\" aria-label=\"{}\" class=\"chart\" preserveAspectRatio=\"xMidYMid meet\"><title>{}</title><desc>{}</desc>{}",
        crate::markup::escape(title),
        crate::markup::escape(title),
        crate::markup::escape(description),
        &rest[1..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_chart_is_titled_svg_with_a_bar_per_value() {
        let labels: Vec<String> = (1..=3).map(|d| format!("11/{d}")).collect();
        let svg = bars(
            "来店数 <毎日>",
            "3 days",
            &labels,
            &[Series {
                name: "visits".into(),
                colour: ACCENT,
                values: vec![4, 0, 7],
            }],
            Layout::Stacked,
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>来店数 &lt;毎日&gt;</title>"));
        assert!(svg.contains(">11/3</text>"), "labels are text: {svg}");
        let bars = paths(&svg, "fill=\"#A8482A\"");
        assert_eq!(
            bars,
            [2],
            "one path, a bar per visit count above zero: {svg}"
        );
        let days = labels.len() + 1;
        let ticks = paths(&svg, "stroke=\"#6B5A49\"");
        assert!(
            ticks.len() <= 3 && ticks.iter().sum::<usize>() >= days,
            "the axes and their ticks are a few paths: {svg}"
        );
    }

    /// The shapes of each path of the given paint: how many times each draws anew.
    fn paths(svg: &str, paint: &str) -> Vec<usize> {
        svg.split("<path ")
            .skip(1)
            .filter_map(|path| path.split_once(" d=\""))
            .filter(|(attributes, _)| attributes.contains(paint))
            .map(|(_, d)| d.split('"').next().unwrap_or("").matches('M').count())
            .collect()
    }

    #[test]
    fn a_long_legend_wraps_onto_a_second_row() {
        let series: Vec<Series> = [
            "一緒に仕事をした",
            "お客さんになった",
            "友だちになった",
            "まだ何も",
            "未記入",
        ]
        .into_iter()
        .map(|name| Series {
            name: name.into(),
            colour: ACCENT,
            values: vec![1],
        })
        .collect();
        let rows = legend_rows(&series);
        assert_eq!(rows[0], (0, 48));
        assert!(rows.last().unwrap().0 >= 1, "{rows:?}");
        assert!(rows.iter().all(|(_, x)| *x < WIDTH as i32 - 60), "{rows:?}");
    }

    #[test]
    fn a_heat_map_draws_a_cell_per_weekday_and_open_hour() {
        let mut counts = [[0; 24]; 7];
        counts[0][9] = 3;
        counts[6][12] = 1;
        let weekdays = ["月", "火", "水", "木", "金", "土", "日"].map(String::from);
        let svg = heat_map("混む時間", "", &weekdays, &counts);
        // 9:00 to 12:00 is four hours: 28 cells, plus the card; the empty cells share a path.
        assert_eq!(svg.matches("h-").count(), 28 + 1, "{svg}");
        assert!(svg.matches("<path").count() < 28, "{svg}");
        assert!(svg.contains(">日</text>"), "{svg}");
    }
}
