//! Charts for programme owners, drawn server-side into PNG bytes: the weekly
//! trend (asks, matched, median time to match) and the skill gaps (asks nobody
//! available could take vs mentors available), from `core::charts` figures.
//!
//! Pure: plain data in, bytes out; no I/O, no clock. Text is drawn with a font
//! compiled into the binary (a Latin subset of DejaVu Sans, `assets/fonts/`),
//! so the server needs no system fonts.

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use crate::core::charts::{trend_is_empty, GapBar, WeekPoint, MAX_GAP_BARS};

/// Size of both charts, in pixels: wide enough to read at Slack's image width.
pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 480;

/// The one font family the charts use; registered once, from the binary.
const FONT: &str = "sans-serif";
static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Latin.ttf");

const ASKS: RGBColor = RGBColor(158, 202, 225);
const MATCHED: RGBColor = RGBColor(33, 113, 181);
const MEDIAN: RGBColor = RGBColor(230, 85, 13);
const UNMET: RGBColor = RGBColor(203, 24, 29);
const MENTORS: RGBColor = RGBColor(35, 139, 69);
const MUTED: RGBColor = RGBColor(110, 110, 110);

/// Skill names longer than this are cut on the chart (the text beside it has them whole).
const MAX_LABEL: usize = 22;

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("could not draw a chart: {0}")]
pub struct ChartError(String);

fn err(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

fn font_ready() -> Result<(), ChartError> {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    READY
        .get_or_init(|| {
            plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES)
                .map_err(|_| "the embedded font does not load".to_owned())
        })
        .clone()
        .map_err(ChartError)
}

/// Draws on a white canvas of [`WIDTH`]×[`HEIGHT`] and encodes it as PNG.
fn render(
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>) -> Result<(), String>,
) -> Result<Vec<u8>, ChartError> {
    font_ready()?;
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(&root).map_err(ChartError)?;
        root.present().map_err(err)?;
    }
    encode_png(&rgb)
}

fn encode_png(rgb: &[u8]) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(err)?;
    writer.write_image_data(rgb).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(out)
}

/// "No data yet", centred under the title.
fn no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Result<(), String> {
    let (w, h) = area.dim_in_pixel();
    let style = TextStyle::from((FONT, 30).into_font())
        .color(&MUTED)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        "No data yet",
        (w as i32 / 2, h as i32 / 2),
        style,
    ))
    .map_err(|e| e.to_string())
}

fn short(label: &str) -> String {
    match label.chars().count() > MAX_LABEL {
        true => format!("{}…", label.chars().take(MAX_LABEL - 1).collect::<String>()),
        false => label.to_owned(),
    }
}

/// A legend in one line along the bottom: a swatch (or a line) and a label each.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    items: &[(&str, RGBColor, bool)],
) -> Result<(), String> {
    let e = |e: plotters::drawing::DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let font = (FONT, 14).into_font();
    let mut x = 70;
    let y = 12;
    for (label, color, line) in items {
        if *line {
            area.draw(&PathElement::new(
                [(x, y), (x + 16, y)],
                color.stroke_width(3),
            ))
            .map_err(e)?;
        } else {
            area.draw(&Rectangle::new(
                [(x, y - 6), (x + 14, y + 6)],
                color.filled(),
            ))
            .map_err(e)?;
        }
        let style = TextStyle::from(font.clone())
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let (w, _) = area.estimate_text_size(label, &style).map_err(e)?;
        area.draw(&Text::new(label.to_string(), (x + 22, y), style))
            .map_err(e)?;
        x += 22 + w as i32 + 28;
    }
    Ok(())
}

/// A bar filling part of a segment: `from`..`to` are fractions of its width
/// (or height, for horizontal bars), `span` the segment's size in pixels.
fn part(span: u32, from: f64, to: f64) -> (u32, u32) {
    let span = f64::from(span);
    (
        (span * from).round() as u32,
        (span * (1.0 - to)).round() as u32,
    )
}

/// Weekly trend: per week, bars for asks and matched, and a line for the
/// median hours to a match (right axis).
pub fn weekly_trend(weeks: &[WeekPoint]) -> Result<Vec<u8>, ChartError> {
    render(|root| {
        let s = |e: &dyn std::fmt::Display| e.to_string();
        let body = root
            .titled("Asks per week, and how fast they find a mentor", (FONT, 24))
            .map_err(|e| s(&e))?;
        if trend_is_empty(weeks) {
            return no_data(&body);
        }
        let (_, body_h) = body.dim_in_pixel();
        let (body, foot) = body.split_vertically(body_h as i32 - 28);
        legend(
            &foot,
            &[
                ("asks", ASKS, false),
                ("matched", MATCHED, false),
                ("median hours to match (right axis)", MEDIAN, true),
            ],
        )?;
        let n = weeks.len() as i32;
        let top = weeks
            .iter()
            .map(|w| w.asks.max(w.matched))
            .max()
            .unwrap_or(0);
        let top = (top + 1 + top / 5).max(2);
        let hours_top = weeks
            .iter()
            .filter_map(|w| w.median_hours_to_match)
            .fold(1.0_f64, f64::max)
            * 1.2;
        let mut chart = ChartBuilder::on(&body)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .right_y_label_area_size(64)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0..top)
            .map_err(|e| s(&e))?
            // Week i's centre is at i on the secondary axis, as on the segments.
            .set_secondary_coord(-0.5..f64::from(n) - 0.5, 0.0..hours_top);
        let label = |x: &SegmentValue<i32>| match x {
            SegmentValue::CenterOf(i) if *i >= 0 => weeks
                .get(*i as usize)
                .map(|w| w.week_start.format("%-d %b").to_string())
                .unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(weeks.len())
            .x_label_formatter(&label)
            .y_desc("asks")
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 15))
            .draw()
            .map_err(|e| s(&e))?;
        chart
            .configure_secondary_axes()
            .y_desc("median hours to match")
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 15))
            .draw()
            .map_err(|e| s(&e))?;
        let week_px = chart.plotting_area().dim_in_pixel().0 / weeks.len().max(1) as u32;
        let bar = |i: usize, from: f64, to: f64, value: i64, color: RGBColor| {
            let i = i as i32;
            let (left, right) = part(week_px, from, to);
            let mut r = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0),
                    (SegmentValue::Exact(i + 1), value),
                ],
                color.filled(),
            );
            r.set_margin(0, 0, left, right);
            r
        };
        chart
            .draw_series(
                weeks
                    .iter()
                    .enumerate()
                    .map(|(i, w)| bar(i, 0.1, 0.49, w.asks, ASKS)),
            )
            .map_err(|e| s(&e))?;
        chart
            .draw_series(
                weeks
                    .iter()
                    .enumerate()
                    .map(|(i, w)| bar(i, 0.51, 0.9, w.matched, MATCHED)),
            )
            .map_err(|e| s(&e))?;
        let medians: Vec<(f64, f64)> = weeks
            .iter()
            .enumerate()
            .filter_map(|(i, w)| w.median_hours_to_match.map(|h| (i as f64, h)))
            .collect();
        chart
            .draw_secondary_series(LineSeries::new(medians.clone(), MEDIAN.stroke_width(3)))
            .map_err(|e| s(&e))?;
        chart
            .draw_secondary_series(medians.iter().map(|&p| Circle::new(p, 4, MEDIAN.filled())))
            .map_err(|e| s(&e))?;
        Ok(())
    })
}

/// Skill gaps: per skill (at most [`MAX_GAP_BARS`], the most unmet at the
/// top), asks nobody available could take beside the mentors available now.
/// `more`: skills left out, said under the chart.
pub fn skill_gaps(bars: &[GapBar], more: usize, window_days: u32) -> Result<Vec<u8>, ChartError> {
    let more = more + bars.len().saturating_sub(MAX_GAP_BARS);
    let bars = &bars[..bars.len().min(MAX_GAP_BARS)];
    render(|root| {
        let s = |e: &dyn std::fmt::Display| e.to_string();
        let title = format!("Skills that lack mentors (last {window_days} days)");
        let body = root.titled(&title, (FONT, 24)).map_err(|e| s(&e))?;
        if bars.is_empty() {
            return no_data(&body);
        }
        let (_, body_h) = body.dim_in_pixel();
        let (body, foot) = body.split_vertically(body_h as i32 - 28);
        legend(
            &foot,
            &[
                ("asks nobody available could take", UNMET, false),
                ("mentors available now", MENTORS, false),
            ],
        )?;
        if more > 0 {
            let style = TextStyle::from((FONT, 15).into_font())
                .color(&MUTED)
                .pos(Pos::new(HPos::Right, VPos::Center));
            let text = format!("and {more} more skill{}", if more == 1 { "" } else { "s" });
            foot.draw(&Text::new(text, (WIDTH as i32 - 20, 12), style))
                .map_err(|e| s(&e))?;
        }
        let n = bars.len() as i32;
        let top = bars
            .iter()
            .map(|b| b.unmet.max(b.mentors_available))
            .max()
            .unwrap_or(0);
        let top = (top + 1 + top / 5).max(2);
        let mut chart = ChartBuilder::on(&body)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(210)
            .build_cartesian_2d(0..top, (0..n - 1).into_segmented())
            .map_err(|e| s(&e))?;
        // The first (most unmet) skill is drawn at the top: segment n - 1.
        let row = |i: usize| n - 1 - i as i32;
        let label = |y: &SegmentValue<i32>| match y {
            SegmentValue::CenterOf(r) if (0..n).contains(r) => bars
                .get((n - 1 - r) as usize)
                .map(|b| short(&b.skill))
                .unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(bars.len())
            .y_label_formatter(&label)
            .x_desc("asks")
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(|e| s(&e))?;
        let row_px = chart.plotting_area().dim_in_pixel().1 / bars.len().max(1) as u32;
        let bar = |i: usize, from: f64, to: f64, value: i64, color: RGBColor| {
            let r = row(i);
            let (top_gap, bottom_gap) = part(row_px, from, to);
            let mut rect = Rectangle::new(
                [
                    (0, SegmentValue::Exact(r + 1)),
                    (value, SegmentValue::Exact(r)),
                ],
                color.filled(),
            );
            rect.set_margin(top_gap, bottom_gap, 0, 0);
            rect
        };
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .map(|(i, b)| bar(i, 0.12, 0.49, b.unmet, UNMET)),
            )
            .map_err(|e| s(&e))?;
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .map(|(i, b)| bar(i, 0.51, 0.88, b.mentors_available, MENTORS)),
            )
            .map_err(|e| s(&e))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

    /// Width and height from the IHDR chunk, which must come first.
    fn ihdr(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], MAGIC, "PNG signature");
        assert_eq!(&png[12..16], b"IHDR", "first chunk");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        (be(&png[16..20]), be(&png[20..24]))
    }

    /// The decoded RGB pixels.
    fn pixels(png_bytes: &[u8]) -> Vec<u8> {
        let decoder = png::Decoder::new(png_bytes);
        let mut reader = decoder.read_info().expect("a PNG that decodes");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("one frame");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        buf
    }

    /// Pixels of one colour (exactly), to see that a series was drawn.
    fn count(rgb: &[u8], c: RGBColor) -> usize {
        rgb.chunks(3).filter(|p| *p == [c.0, c.1, c.2]).count()
    }

    /// Dark pixels in a box around the centre: text was drawn there.
    fn ink_near_centre(rgb: &[u8]) -> usize {
        let (w, h) = (WIDTH as usize, HEIGHT as usize);
        let mut n = 0;
        for y in h / 2 - 40..h / 2 + 40 {
            for x in w / 2 - 150..w / 2 + 150 {
                let p = &rgb[(y * w + x) * 3..(y * w + x) * 3 + 3];
                if p.iter().all(|&v| v < 200) {
                    n += 1;
                }
            }
        }
        n
    }

    fn weeks() -> Vec<WeekPoint> {
        let first = NaiveDate::from_ymd_opt(2025, 12, 15).unwrap();
        (0..12)
            .map(|i| WeekPoint {
                week_start: first + chrono::Duration::weeks(i),
                asks: i % 5 + 1,
                matched: i % 4,
                median_hours_to_match: (i % 4 != 0).then_some(1.5 * i as f64),
            })
            .collect()
    }

    fn bars(n: usize) -> Vec<GapBar> {
        (0..n)
            .map(|i| GapBar {
                skill: format!("Skill number {i} with a long name"),
                unmet: (n - i) as i64,
                mentors_available: (i % 3) as i64,
            })
            .collect()
    }

    #[test]
    fn the_weekly_trend_is_a_png_of_the_expected_size_with_its_series() {
        let png = weekly_trend(&weeks()).unwrap();
        assert_eq!(ihdr(&png), (WIDTH, HEIGHT));
        assert!(png.len() > 5_000, "only {} bytes", png.len());
        let rgb = pixels(&png);
        assert_eq!(rgb.len(), (WIDTH * HEIGHT * 3) as usize);
        assert!(count(&rgb, ASKS) > 1_000, "asks bars");
        assert!(count(&rgb, MATCHED) > 1_000, "matched bars");
        assert!(count(&rgb, MEDIAN) > 200, "median line");
    }

    #[test]
    fn an_empty_trend_still_renders_and_says_no_data_yet() {
        let empty: Vec<WeekPoint> = weeks()
            .into_iter()
            .map(|w| WeekPoint {
                asks: 0,
                matched: 0,
                median_hours_to_match: None,
                ..w
            })
            .collect();
        for data in [&empty[..], &[]] {
            let png = weekly_trend(data).unwrap();
            assert_eq!(ihdr(&png), (WIDTH, HEIGHT));
            let rgb = pixels(&png);
            assert_eq!(count(&rgb, ASKS), 0);
            // The embedded font drew "No data yet" in the middle.
            assert!(ink_near_centre(&rgb) > 300, "no text in the middle");
        }
    }

    #[test]
    fn the_gap_chart_draws_both_bars_and_an_empty_one_says_no_data_yet() {
        let png = skill_gaps(&bars(3), 0, 30).unwrap();
        assert_eq!(ihdr(&png), (WIDTH, HEIGHT));
        let rgb = pixels(&png);
        assert!(count(&rgb, UNMET) > 1_000);
        assert!(count(&rgb, MENTORS) > 500);
        let empty = pixels(&skill_gaps(&[], 0, 30).unwrap());
        assert_eq!(count(&empty, UNMET), 0);
        assert!(ink_near_centre(&empty) > 300);
    }

    #[test]
    fn many_skills_are_capped_to_the_same_picture() {
        // Forty skills draw what their first eight draw, plus the "more" line.
        let many = pixels(&skill_gaps(&bars(40), 0, 30).unwrap());
        let eight = pixels(&skill_gaps(&bars(40)[..MAX_GAP_BARS], 32, 30).unwrap());
        assert_eq!(many, eight);
        let without_more = pixels(&skill_gaps(&bars(40)[..MAX_GAP_BARS], 0, 30).unwrap());
        assert_ne!(many, without_more, "the 'and 32 more' line is drawn");
    }

    #[test]
    fn long_skill_names_are_cut_on_the_chart() {
        assert_eq!(short("Rust"), "Rust");
        let long = "Distributed systems and consensus";
        assert_eq!(short(long).chars().count(), MAX_LABEL);
        assert!(short(long).ends_with('…'));
    }
}
