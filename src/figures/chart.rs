//! Charts as inline SVG written at build time: horizontal bars (grouped or stacked), lines,
//! a donut, and the big-number card (HTML). Each chart is an image with a title and a
//! description stating its finding in words, followed by its data as a table. Series differ by
//! pattern or line style and marker as well as colour, values and series names are written
//! next to what they label, and every label's width is measured (CJK characters a full em) so
//! none overlaps another. Coordinates are written with one decimal: the same bytes every build.

use std::fmt::Write as _;

use super::block::ChartKind;
use super::frame::{Frame, Series};
use super::value::{self, Number};
use crate::markup::escape_xml;

/// The chart's width in SVG units; it scales to the column (CSS `max-width: 100%`).
const WIDTH: f64 = 400.0;
/// Label size in SVG units.
const FONT: f64 = 14.0;
/// Series colours on white: each at least 4.5:1 against it (WCAG 1.4.11 asks 3:1 for
/// graphics). The high-contrast scheme replaces them through the `f*`/`k*` classes.
const PALETTE: [&str; 6] = [
    "#1f4e79", "#a8171d", "#2e6b30", "#6a1b9a", "#8a4b00", "#3d3d3d",
];

/// The width of `text` at `size`, in the same units: CJK characters and full-width forms are a
/// full em; Latin letters, digits and punctuation narrower. Errs on the wide side, so labels
/// placed by it never overlap in the fonts the theme names.
pub fn text_width(text: &str, size: f64) -> f64 {
    let ems: f64 = (text.chars())
        .map(|c| match c {
            ' ' => 0.3,
            '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'i' | 'l' | 'j' => 0.32,
            '0'..='9' | '-' | '+' | '%' | '$' => 0.62,
            'A'..='Z' | 'm' | 'w' => 0.75,
            c if c.is_ascii() => 0.6,
            _ => 1.0,
        })
        .sum();
    ems * size
}

/// What a chart says in words and shows.
pub struct Chart<'a> {
    pub kind: ChartKind,
    pub frame: &'a Frame,
    /// Shown above the chart and read as the image's name.
    pub title: &'a str,
    /// The finding; `None` writes one from the data.
    pub desc: Option<&'a str>,
    /// Unique on the page: prefixes the ids of the title, description and patterns.
    pub id: &'a str,
}

/// The chart's HTML (a `<figure>`), and its plain text for search.
pub fn render(chart: &Chart<'_>) -> String {
    let desc = match chart.desc {
        Some(desc) => desc.to_string(),
        None => finding(chart.kind, chart.frame),
    };
    if chart.kind == ChartKind::Card {
        return card(chart, &desc);
    }
    let (id, title) = (chart.id, escape_xml(chart.title));
    let mut svg = Svg::default();
    match chart.kind {
        ChartKind::Bar => bars(&mut svg, chart.frame, id, false),
        ChartKind::Stacked => bars(&mut svg, chart.frame, id, true),
        ChartKind::Line => lines(&mut svg, chart.frame, id),
        _ => donut(&mut svg, chart.frame, id),
    }
    // The drawing sits in a focusable region that scrolls sideways: when the reading aids
    // enlarge the text, the theme keeps the drawing at least as wide as its own coordinates in
    // rem, so its labels grow with the text instead of staying small inside a narrow column.
    let mut out = String::new();
    let _ = write!(
        out,
        "<figure class=\"figure-chart\"><figcaption>{title}</figcaption>\
         <div class=\"chart-frame\" role=\"region\" tabindex=\"0\" aria-label=\"{title}\">\
         <svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {w} {h:.0}\" width=\"{w}\" height=\"{h:.0}\" font-size=\"{FONT}\">\
         <title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{d}</desc>{defs}{body}</svg></div>",
        w = WIDTH,
        h = svg.height,
        d = escape_xml(&desc),
        defs = patterns(id, series_count(chart)),
        body = svg.body,
    );
    out.push_str(&data_table(chart.frame));
    out.push_str("</figure>\n");
    out
}

fn series_count(chart: &Chart<'_>) -> usize {
    match chart.kind {
        ChartKind::Donut => chart.frame.categories.len(),
        _ => chart.frame.series.len(),
    }
}

/// Drawing elements and the height they need.
#[derive(Default)]
struct Svg {
    body: String,
    height: f64,
}

impl Svg {
    fn text(&mut self, x: f64, y: f64, anchor: &str, class: &str, text: &str) {
        let _ = write!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
            escape_xml(text)
        );
    }
}

/// One pattern per series: solid, hatched, dotted, cross-hatched, striped, so series differ in
/// black-and-white print and for readers who do not tell the colours apart.
fn patterns(id: &str, count: usize) -> String {
    let shapes = [
        "",
        "<path d=\"M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6\" stroke-width=\"2\"/>",
        "<circle cx=\"4\" cy=\"4\" r=\"1.8\"/>",
        "<path d=\"M0,0 L8,8 M8,0 L0,8\" stroke-width=\"1.5\"/>",
        "<path d=\"M0,4 L8,4\" stroke-width=\"2.5\"/>",
        "<path d=\"M4,0 L4,8\" stroke-width=\"2.5\"/>",
    ];
    let mut out = String::from("<defs>");
    for i in 1..count.min(12) {
        let shape = shapes[i % shapes.len()];
        let shape = if shape.is_empty() { shapes[1] } else { shape };
        let color = PALETTE[i % PALETTE.len()];
        let n = i % PALETTE.len();
        let _ = write!(
            out,
            "<pattern id=\"{id}-p{i}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">\
             <rect width=\"8\" height=\"8\" class=\"pat-bg\" fill=\"#ffffff\"/>\
             <g class=\"f{n} k{n}\" fill=\"{color}\" stroke=\"{color}\">{shape}</g></pattern>"
        );
    }
    out.push_str("</defs>");
    out
}

/// The fill of series `i`: its colour for the first, a pattern after.
fn fill(id: &str, i: usize) -> (String, String) {
    let n = i % PALETTE.len();
    if i == 0 {
        (PALETTE[0].to_string(), format!("f{n} k{n}"))
    } else {
        (format!("url(#{id}-p{i})"), format!("k{n}"))
    }
}

fn shown(n: Number, unit: &str) -> String {
    if unit == "%" {
        format!("{}%", value::format_number(n))
    } else {
        value::format_number(n)
    }
}

/// A label cut to `width` with `…`, when it is longer.
fn fit(label: &str, width: f64) -> String {
    if text_width(label, FONT) <= width {
        return label.to_string();
    }
    let mut out = String::new();
    for c in label.chars() {
        if text_width(&format!("{out}{c}…"), FONT) > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A legend in rows above the plot, each entry a swatch and the series' name; returns its height.
fn legend(svg: &mut Svg, names: &[&str], id: &str, top: f64) -> f64 {
    if names.len() < 2 {
        return top;
    }
    let (mut x, mut y) = (0.0, top + FONT);
    for (i, name) in names.iter().enumerate() {
        let name = fit(name, WIDTH - 24.0);
        let w = 22.0 + text_width(&name, FONT) + 18.0;
        if x > 0.0 && x + w > WIDTH {
            x = 0.0;
            y += FONT + 10.0;
        }
        let (paint, class) = fill(id, i);
        let color = PALETTE[i % PALETTE.len()];
        let _ = write!(
            svg.body,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"16\" height=\"16\" fill=\"{paint}\" stroke=\"{color}\" class=\"{class}\"/>",
            y - FONT + 1.0
        );
        svg.text(x + 22.0, y, "start", "label", &name);
        x += w;
    }
    y + 12.0
}

/// Horizontal bars: categories down the side, a bar per series (side by side, or stacked end to
/// end), each value written at its bar's end.
fn bars(svg: &mut Svg, frame: &Frame, id: &str, stacked: bool) {
    let names: Vec<&str> = frame.series.iter().map(|s| s.name.as_str()).collect();
    let top = legend(svg, &names, id, 0.0) + 6.0;
    let label_w = (frame.categories.iter())
        .map(|c| text_width(c, FONT))
        .fold(0.0, f64::max)
        .min(WIDTH * 0.3);
    let totals: Vec<f64> = (0..frame.categories.len())
        .map(|c| {
            frame
                .series
                .iter()
                .filter_map(|s| s.values[c])
                .map(|n| n.value.max(0.0))
                .sum()
        })
        .collect();
    let decimals = frame.decimals();
    let value_text = |v: f64| shown(Number { value: v, decimals }, &frame.unit);
    let value_w = (frame.values().chain(totals.iter().copied()))
        .map(|v| text_width(&value_text(v), FONT))
        .fold(0.0, f64::max);
    let x0 = label_w + 10.0;
    let plot_w = (WIDTH - x0 - value_w - 8.0).max(60.0);
    let max = if stacked {
        totals.iter().copied().fold(0.0, f64::max)
    } else {
        frame.values().fold(0.0, f64::max)
    };
    let scale = if max > 0.0 { plot_w / max } else { 0.0 };
    // A label's box is about 1.45 em tall in CJK fonts (Noto Sans CJK: ascent 1.16, descent
    // 0.29), so bars are spaced wider than that and their value labels never touch.
    let bar_h = (FONT * 1.6).round();
    let per = if stacked { 1 } else { frame.series.len() };
    let group_h = per as f64 * bar_h + 14.0;
    for (c, category) in frame.categories.iter().enumerate() {
        let y = top + c as f64 * group_h;
        let mid = y + per as f64 * bar_h / 2.0;
        svg.text(
            label_w,
            mid + FONT * 0.35,
            "end",
            "label",
            &fit(category, label_w),
        );
        let mut offset = 0.0;
        for (i, series) in frame.series.iter().enumerate() {
            let Some(n) = series.values[c] else { continue };
            let w = n.value.max(0.0) * scale;
            let (bx, by) = if stacked {
                (x0 + offset, y)
            } else {
                (x0, y + i as f64 * bar_h)
            };
            let (paint, class) = fill(id, i);
            let color = PALETTE[i % PALETTE.len()];
            let _ = write!(
                svg.body,
                "<rect x=\"{bx:.1}\" y=\"{by:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{paint}\" stroke=\"{color}\" class=\"bar {class}\" data-value=\"{}\"/>",
                bar_h - 2.0,
                value::plain_number(n)
            );
            if stacked {
                offset += w;
            } else {
                svg.text(
                    bx + w + 4.0,
                    by + bar_h / 2.0 + FONT * 0.35 - 1.0,
                    "start",
                    "value",
                    &shown(n, &frame.unit),
                );
            }
        }
        if stacked {
            svg.text(
                x0 + offset + 4.0,
                mid + FONT * 0.35 - 1.0,
                "start",
                "value",
                &value_text(totals[c]),
            );
        }
    }
    let bottom = top + frame.categories.len() as f64 * group_h;
    let _ = write!(
        svg.body,
        "<line x1=\"{x0:.1}\" y1=\"{:.1}\" x2=\"{x0:.1}\" y2=\"{:.1}\" class=\"axis\" stroke=\"#595959\"/>",
        top - 4.0,
        bottom - 10.0
    );
    svg.height = bottom;
}

/// Round steps for an axis from 0 (or the lowest value) to `max`: 1, 2 or 5 times a power of ten.
fn ticks(min: f64, max: f64) -> Vec<f64> {
    let span = (max - min).max(f64::EPSILON);
    let raw = span / 4.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(power * 10.0);
    let first = (min / step).floor() * step;
    let mut out = Vec::new();
    let mut t = first;
    while t < max + step * 0.999 && out.len() < 12 {
        out.push(t);
        t += step;
    }
    out
}

/// Lines over the categories; each series a colour, a dash style and a marker, its name and last
/// value written at its end; category labels thinned out so they never touch.
fn lines(svg: &mut Svg, frame: &Frame, id: &str) {
    let _ = id;
    let values: Vec<f64> = frame.values().collect();
    let min = values.iter().copied().fold(0.0, f64::min);
    let max = values.iter().copied().fold(0.0, f64::max);
    let ticks = ticks(min, max);
    let (lo, hi) = (ticks[0], *ticks.last().unwrap_or(&1.0));
    let decimals = frame.decimals();
    let tick_text = |v: f64| {
        value::format_number(Number {
            value: v,
            decimals: if v.fract() == 0.0 { 0 } else { decimals.max(1) },
        })
    };
    let left = ticks
        .iter()
        .map(|t| text_width(&tick_text(*t), FONT))
        .fold(0.0, f64::max)
        + 10.0;
    let end_labels: Vec<String> = (frame.series.iter())
        .map(|s| {
            let last = s.values.iter().rev().flatten().next();
            let value = last.map(|n| shown(*n, &frame.unit)).unwrap_or_default();
            fit(&format!("{} {value}", s.name), WIDTH * 0.3)
        })
        .collect();
    let right = end_labels
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(0.0, f64::max)
        + 14.0;
    // Room for the unit line above the highest tick's label.
    let (top, plot_h) = (FONT * 2.0 + 10.0, 220.0);
    let bottom = top + plot_h;
    let plot_w = WIDTH - left - right;
    let n = frame.categories.len();
    let step = if n > 1 { plot_w / (n - 1) as f64 } else { 0.0 };
    let x_at = |i: usize| left + if n > 1 { i as f64 * step } else { plot_w / 2.0 };
    let y_at = |v: f64| bottom - (v - lo) / (hi - lo).max(f64::EPSILON) * plot_h;
    if !frame.unit.is_empty() {
        svg.text(
            0.0,
            FONT,
            "start",
            "label unit",
            &format!("单位：{}", frame.unit),
        );
    }
    for t in &ticks {
        let y = y_at(*t);
        let _ = write!(
            svg.body,
            "<line x1=\"{left:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" class=\"grid\" stroke=\"#d9d9d9\"/>",
            left + plot_w
        );
        svg.text(left - 6.0, y + FONT * 0.35, "end", "tick", &tick_text(*t));
    }
    // Every k-th category label, k as small as keeps neighbours apart. The first label starts
    // at its point and the last ends at its point (so neither leaves the chart), the others are
    // centred: one and a half widths apart is always enough.
    let widest = frame
        .categories
        .iter()
        .map(|c| text_width(c, FONT))
        .fold(0.0, f64::max);
    let apart = widest * 1.5 + 12.0;
    let every = if step > 0.0 {
        (apart / step).ceil().max(1.0) as usize
    } else {
        1
    };
    for (i, category) in frame.categories.iter().enumerate() {
        let last_fits = i + 1 == n && i % every != 0 && (i % every) as f64 * step >= apart;
        if i % every == 0 || last_fits {
            let anchor = if n > 1 && i == 0 {
                "start"
            } else if n > 1 && i + 1 == n {
                "end"
            } else {
                "middle"
            };
            svg.text(x_at(i), bottom + FONT + 6.0, anchor, "label", category);
        }
    }
    let dashes = ["", "8 4", "2 4", "10 3 2 3", "4 4", "1 3"];
    let mut ends: Vec<(f64, usize)> = Vec::new();
    for (s, series) in frame.series.iter().enumerate() {
        let color = PALETTE[s % PALETTE.len()];
        let k = s % PALETTE.len();
        let points: Vec<(f64, f64, Number)> = (series.values.iter().enumerate())
            .filter_map(|(i, v)| v.map(|n| (x_at(i), y_at(n.value), n)))
            .collect();
        let path: Vec<String> = points
            .iter()
            .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
            .collect();
        let dash = dashes[s % dashes.len()];
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = write!(
            svg.body,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"3\"{dash} class=\"line k{k}\"/>",
            path.join(" ")
        );
        for (x, y, n) in &points {
            marker(svg, s, *x, *y, color, k, *n);
        }
        if let Some((_, y, _)) = points.last() {
            ends.push((*y, s));
        }
    }
    // Series names at the lines' ends, pushed apart to a line each.
    ends.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut last_y = f64::MIN;
    for (y, s) in ends {
        let y = (y + FONT * 0.35).max(last_y + FONT * 1.5 + 2.0);
        svg.text(left + plot_w + 8.0, y, "start", "label", &end_labels[s]);
        last_y = y;
    }
    svg.height = (bottom + FONT + 14.0).max(last_y + 6.0);
}

/// A marker of series `s`'s own shape (circle, square, triangle, diamond, …) with its value.
fn marker(svg: &mut Svg, s: usize, x: f64, y: f64, color: &str, k: usize, n: Number) {
    let value = value::plain_number(n);
    let common = format!("fill=\"{color}\" class=\"point f{k}\" data-value=\"{value}\"");
    let _ = match s % 4 {
        0 => write!(
            svg.body,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" {common}/>"
        ),
        1 => write!(
            svg.body,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" {common}/>",
            x - 4.0,
            y - 4.0
        ),
        2 => write!(
            svg.body,
            "<path d=\"M{x:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z\" {common}/>",
            y - 5.5,
            x + 5.0,
            y + 4.0,
            x - 5.0,
            y + 4.0
        ),
        _ => write!(
            svg.body,
            "<path d=\"M{x:.1},{:.1} L{:.1},{y:.1} L{x:.1},{:.1} L{:.1},{y:.1} Z\" {common}/>",
            y - 5.5,
            x + 5.5,
            y + 5.5,
            x - 5.5
        ),
    };
}

/// A donut of the first series' parts, each slice a pattern, with a legend under it giving each
/// part's name, value and share (under, not beside, so it keeps its width on a phone).
fn donut(svg: &mut Svg, frame: &Frame, id: &str) {
    let Some(series) = frame.series.first() else {
        return;
    };
    let parts: Vec<(usize, f64)> = (series.values.iter().enumerate())
        .filter_map(|(i, v)| v.map(|n| (i, n.value.max(0.0))))
        .collect();
    let total: f64 = parts.iter().map(|p| p.1).sum();
    let (cx, cy, r, inner) = (WIDTH / 2.0, 110.0, 100.0, 56.0);
    let mut angle: f64 = 0.0;
    for (i, value) in &parts {
        let share = if total > 0.0 { value / total } else { 0.0 };
        let (paint, class) = fill(id, *i);
        let color = PALETTE[i % PALETTE.len()];
        let sweep = share * std::f64::consts::TAU;
        let point = |a: f64, rad: f64| (cx + rad * a.sin(), cy - rad * a.cos());
        let large = if sweep > std::f64::consts::PI { 1 } else { 0 };
        let d = if share >= 0.9999 {
            format!(
                "M{cx:.1},{:.1} A{r},{r} 0 1 1 {cx:.1},{:.1} A{r},{r} 0 1 1 {cx:.1},{:.1} M{cx:.1},{:.1} A{inner},{inner} 0 1 0 {cx:.1},{:.1} A{inner},{inner} 0 1 0 {cx:.1},{:.1} Z",
                cy - r,
                cy + r,
                cy - r,
                cy - inner,
                cy + inner,
                cy - inner
            )
        } else {
            let (a, b) = (point(angle, r), point(angle + sweep, r));
            let (c, e) = (point(angle + sweep, inner), point(angle, inner));
            format!(
                "M{:.1},{:.1} A{r},{r} 0 {large} 1 {:.1},{:.1} L{:.1},{:.1} A{inner},{inner} 0 {large} 0 {:.1},{:.1} Z",
                a.0, a.1, b.0, b.1, c.0, c.1, e.0, e.1
            )
        };
        let _ = write!(
            svg.body,
            "<path d=\"{d}\" fill=\"{paint}\" stroke=\"{color}\" stroke-width=\"1.5\" class=\"slice {class}\" data-value=\"{}\"/>",
            value
        );
        angle += sweep;
    }
    let x = 0.0;
    let mut y = 2.0 * cy + 14.0 + FONT;
    for (i, value) in &parts {
        let (paint, class) = fill(id, *i);
        let color = PALETTE[i % PALETTE.len()];
        let percent = if total > 0.0 {
            value / total * 100.0
        } else {
            0.0
        };
        let amount = series.values[*i]
            .map(|n| shown(n, &frame.unit))
            .unwrap_or_default();
        let line = format!("{} {amount}（{percent:.1}%）", frame.categories[*i]);
        let _ = write!(
            svg.body,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"16\" height=\"16\" fill=\"{paint}\" stroke=\"{color}\" class=\"{class}\"/>",
            y - FONT + 1.0
        );
        svg.text(x + 22.0, y, "start", "label", &fit(&line, WIDTH - x - 24.0));
        y += FONT + 12.0;
    }
    svg.height = y - FONT;
}

/// The big-number card: the last value of the first series, its unit, and its change on the
/// category before (last year) in words, the arrow only repeating them.
fn card(chart: &Chart<'_>, desc: &str) -> String {
    let frame = chart.frame;
    let Some(series) = frame.series.first() else {
        return String::new();
    };
    let (last, previous) = last_two(series);
    let Some((at, n)) = last else {
        return String::new();
    };
    let mut out = format!(
        "<figure class=\"figure-card\"><figcaption>{}</figcaption><p class=\"card-value\"><span class=\"card-number\">{}</span><span class=\"card-unit\">{}</span></p><p class=\"card-when\">{}</p>",
        escape_xml(chart.title),
        escape_xml(&value::format_number(n)),
        escape_xml(&frame.unit),
        escape_xml(&frame.categories[at]),
    );
    if let Some((_, before)) = previous {
        let (arrow, class) = match n.value.partial_cmp(&before.value) {
            Some(std::cmp::Ordering::Greater) => ("▲", "up"),
            Some(std::cmp::Ordering::Less) => ("▼", "down"),
            _ => ("■", "same"),
        };
        let _ = write!(
            out,
            "<p class=\"card-change {class}\"><span aria-hidden=\"true\">{arrow}</span> {}</p>",
            escape_xml(&change_words(before, n, &frame.unit))
        );
    }
    if chart.desc.is_some() {
        let _ = write!(out, "<p class=\"card-desc\">{}</p>", escape_xml(desc));
    }
    out.push_str("</figure>\n");
    out
}

/// A value with the index of its category.
type Point = (usize, Number);

/// The last value of a series and the one before it, with their category indexes.
fn last_two(series: &Series) -> (Option<Point>, Option<Point>) {
    let mut present = (series.values.iter().enumerate())
        .filter_map(|(i, v)| v.map(|n| (i, n)))
        .rev();
    (present.next(), present.next())
}

/// `比上年增长 18.4%`, or in percentage points for a percentage.
fn change_words(before: Number, now: Number, unit: &str) -> String {
    let decimals = before.decimals.max(now.decimals);
    if unit == "%" {
        let diff = Number {
            value: (now.value - before.value).abs(),
            decimals,
        };
        let verb = if now.value >= before.value {
            "提高"
        } else {
            "下降"
        };
        return format!("比上期{verb} {} 个百分点", value::format_number(diff));
    }
    if before.value == 0.0 {
        let diff = Number {
            value: (now.value - before.value).abs(),
            decimals,
        };
        return format!("比上期增加 {}{unit}", value::format_number(diff));
    }
    let rate = (now.value - before.value) / before.value.abs() * 100.0;
    let verb = if rate >= 0.0 { "增长" } else { "下降" };
    format!(
        "比上期{verb} {}%",
        value::format_number(Number {
            value: rate.abs(),
            decimals: 1
        })
    )
}

/// The finding in words, for the description: what a sighted reader sees first.
pub fn finding(kind: ChartKind, frame: &Frame) -> String {
    let unit = if frame.unit == "%" {
        String::new()
    } else {
        frame.unit.clone()
    };
    let say = |n: Number| format!("{}{unit}", shown(n, &frame.unit));
    let mut out = String::new();
    match kind {
        ChartKind::Line | ChartKind::Card => {
            for series in &frame.series {
                let mut present =
                    (series.values.iter().enumerate()).filter_map(|(i, v)| v.map(|n| (i, n)));
                let first = present.next();
                let last = present.next_back();
                if let (Some((a, x)), Some((b, y))) = (first, last) {
                    let verb = if y.value > x.value {
                        "增至"
                    } else if y.value < x.value {
                        "降至"
                    } else {
                        "保持在"
                    };
                    let _ = write!(
                        out,
                        "{}从{}的{}{verb}{}的{}；",
                        series.name,
                        frame.categories[a],
                        say(x),
                        frame.categories[b],
                        say(y)
                    );
                } else if let Some((a, x)) = first {
                    let _ = write!(
                        out,
                        "{}在{}为{}；",
                        series.name,
                        frame.categories[a],
                        say(x)
                    );
                }
            }
        }
        _ => {
            for series in &frame.series {
                let present: Vec<(usize, Number)> = (series.values.iter().enumerate())
                    .filter_map(|(i, v)| v.map(|n| (i, n)))
                    .collect();
                let top = present.iter().max_by(|a, b| {
                    a.1.value
                        .partial_cmp(&b.1.value)
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(b.0.cmp(&a.0))
                });
                let low = present.iter().min_by(|a, b| {
                    a.1.value
                        .partial_cmp(&b.1.value)
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(a.0.cmp(&b.0))
                });
                let prefix = if frame.series.len() > 1 {
                    format!("{}：", series.name)
                } else {
                    String::new()
                };
                if kind == ChartKind::Donut {
                    let total: f64 = present.iter().map(|p| p.1.value).sum();
                    if let Some((i, n)) = top.filter(|_| total > 0.0) {
                        let _ = write!(
                            out,
                            "{prefix}占比最大的是{}，{}，占{:.1}%；",
                            frame.categories[*i],
                            say(*n),
                            n.value / total * 100.0
                        );
                    }
                } else if let (Some((i, n)), Some((j, m))) = (top, low) {
                    let _ = write!(
                        out,
                        "{prefix}最高的是{}（{}），最低的是{}（{}）；",
                        frame.categories[*i],
                        say(*n),
                        frame.categories[*j],
                        say(*m)
                    );
                }
            }
        }
    }
    let mut out = out.trim_end_matches('；').to_string();
    out.push('。');
    out
}

/// The chart's data as a table, disclosed under it: what a screen reader reads, and what anyone
/// can copy.
fn data_table(frame: &Frame) -> String {
    let unit = if frame.unit.is_empty() {
        String::new()
    } else {
        format!(
            "<span class=\"unit\">（{}）</span>",
            escape_xml(&frame.unit)
        )
    };
    let mut out = format!(
        "<details class=\"chart-data\"><summary>数据表</summary><div class=\"figure-table\" role=\"region\" tabindex=\"0\" aria-label=\"数据表\"><table><thead><tr><th scope=\"col\">{}</th>",
        escape_xml(&frame.x_name)
    );
    for series in &frame.series {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"num\">{}{unit}</th>",
            escape_xml(&series.name)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for (c, category) in frame.categories.iter().enumerate() {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape_xml(category));
        for series in &frame.series {
            let cell = series.values[c]
                .map(|n| shown(n, &frame.unit))
                .unwrap_or_default();
            let _ = write!(out, "<td class=\"num\">{}</td>", escape_xml(&cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></details>");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{DataFiles, draw};
    use super::*;

    const INCOME: &str = "村,年份,集体经济收入（万元）,脱贫户数\n桃源村,2023,\"1,250.5\",320\n桃源村,2024,\"1,480\",335\n石门村,2023,980.25,1020\n石门村,2024,1120,1045\n黄泥塘村民小组,2024,88,40\n";

    fn data() -> DataFiles {
        DataFiles::read(vec![("data/income.csv".into(), INCOME.as_bytes().to_vec())]).0
    }

    fn svg_of(info: &str, body: &str) -> String {
        let html = draw(info, body, &data(), "f1", &str::to_string)
            .expect("draws")
            .html;
        let start = html.find("<svg").expect("svg");
        let end = html.find("</svg>").expect("svg end") + 6;
        html[start..end].to_string()
    }

    /// Each `<text>`'s box from its position, anchor and measured width.
    fn text_boxes(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
        let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
        let num = |n: roxmltree::Node, a: &str| {
            n.attribute(a).and_then(|v| v.parse::<f64>().ok()).expect(a)
        };
        (doc.descendants())
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                let text = n.text().unwrap_or_default().to_string();
                let w = text_width(&text, FONT);
                let x = match n.attribute("text-anchor") {
                    Some("end") => num(n, "x") - w,
                    Some("middle") => num(n, "x") - w / 2.0,
                    _ => num(n, "x"),
                };
                // The box CJK fonts give a line of text: ascent 1.16 em, descent 0.29 em.
                (
                    x,
                    num(n, "y") - FONT * 1.16,
                    x + w,
                    num(n, "y") + FONT * 0.29,
                    text,
                )
            })
            .collect()
    }

    fn assert_no_overlap(svg: &str) {
        let boxes = text_boxes(svg);
        for (i, a) in boxes.iter().enumerate() {
            assert!(
                a.0 >= -0.5 && a.2 <= WIDTH + 0.5,
                "{} leaves the chart",
                a.4
            );
            for b in &boxes[i + 1..] {
                let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
                assert!(apart, "`{}` overlaps `{}`", a.4, b.4);
            }
        }
    }

    #[test]
    fn bars_match_the_values_and_labels_do_not_overlap() {
        let svg = svg_of(
            "chart bar data/income.csv",
            "x: 村\nby: 年份\nseries: 集体经济收入\ntitle: 各村收入",
        );
        let doc = roxmltree::Document::parse(&svg).expect("xml");
        let bars: Vec<(f64, f64)> = (doc.descendants())
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("bar ")))
            .map(|n| {
                (
                    n.attribute("data-value").unwrap().parse().unwrap(),
                    n.attribute("width").unwrap().parse().unwrap(),
                )
            })
            .collect();
        let values: Vec<f64> = bars.iter().map(|b| b.0).collect();
        assert_eq!(values, [1250.5, 1480.0, 980.25, 1120.0, 88.0]);
        let ratio = bars[0].1 / bars[0].0;
        for (value, width) in &bars {
            assert!(
                (width - value * ratio).abs() < 0.2,
                "bar of {value} is {width} wide"
            );
        }
        assert_no_overlap(&svg);
        assert!(svg.contains("<title id=\"f1-t\">各村收入</title>"));
        assert!(svg.contains("<desc id=\"f1-d\">2023年：最高的是桃源村（1,250.5万元），最低的是石门村（980.25万元）；2024年：最高的是桃源村（1,480万元），最低的是黄泥塘村民小组（88万元）。</desc>"), "{svg}");
    }

    #[test]
    fn lines_stacks_and_donuts_keep_labels_apart() {
        let cases = [
            (
                "chart line data/income.csv",
                "x: 年份\nby: 村\nseries: 集体经济收入\ntitle: 收入",
            ),
            (
                "chart stacked data/income.csv",
                "x: 村\nby: 年份\nseries: 集体经济收入\ntitle: 收入",
            ),
            (
                "chart donut data/income.csv",
                "x: 村\nwhere: 年份 = 2024\nseries: 脱贫户数\ntitle: 户数",
            ),
        ];
        for (info, body) in cases {
            assert_no_overlap(&svg_of(info, body));
        }
    }

    #[test]
    fn many_months_thin_their_labels_out() {
        let mut csv = String::from("月份,收入\n");
        for m in 1..=24 {
            csv.push_str(&format!(
                "{}年{}月,{}\n",
                2024 + (m - 1) / 12,
                (m - 1) % 12 + 1,
                m * 10
            ));
        }
        let data = DataFiles::read(vec![("data/m.csv".into(), csv.into_bytes())]).0;
        let html = draw(
            "chart line data/m.csv",
            "title: 月度收入",
            &data,
            "m",
            &str::to_string,
        )
        .expect("draws")
        .html;
        let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap() + 6];
        assert_no_overlap(svg);
        assert!(svg.contains(">2024年1月<"));
    }

    #[test]
    fn labels_from_data_are_escaped() {
        let data = DataFiles::read(vec![(
            "data/x.csv".into(),
            "名称,值\n\"<script>alert(1)</script>\",3\n\"a\"\"&b\",4\n"
                .as_bytes()
                .to_vec(),
        )])
        .0;
        for kind in ["bar", "line", "donut", "card", "stacked"] {
            let html = draw(
                &format!("chart {kind} data/x.csv"),
                "title: <b>标题</b>\ndesc: \"引号\" & <i>",
                &data,
                "x",
                &str::to_string,
            )
            .expect("draws")
            .html;
            assert!(
                !html.contains("<script") && !html.contains("<b>") && !html.contains("<i>"),
                "{kind}: {html}"
            );
        }
    }

    #[test]
    fn the_card_states_the_change_in_words() {
        let html = draw(
            "chart card data/income.csv",
            "x: 年份\nwhere: 村 = 桃源村\nseries: 集体经济收入\ntitle: 桃源村集体经济收入",
            &data(),
            "c",
            &str::to_string,
        )
        .expect("draws")
        .html;
        assert_eq!(
            html,
            "<figure class=\"figure-card\"><figcaption>桃源村集体经济收入</figcaption><p class=\"card-value\"><span class=\"card-number\">1,480</span><span class=\"card-unit\">万元</span></p><p class=\"card-when\">2024年</p><p class=\"card-change up\"><span aria-hidden=\"true\">▲</span> 比上期增长 18.4%</p></figure>\n<p class=\"figure-download\">下载数据：<a href=\"/data/income.csv\">CSV</a> <a href=\"/data/income.xlsx\">XLSX</a> <a href=\"/data/income.json\">JSON</a></p>\n"
        );
    }

    #[test]
    fn the_same_chart_is_the_same_bytes() {
        let a = svg_of(
            "chart line data/income.csv",
            "x: 年份\nby: 村\nseries: 集体经济收入\ntitle: 收入",
        );
        let b = svg_of(
            "chart line data/income.csv",
            "x: 年份\nby: 村\nseries: 集体经济收入\ntitle: 收入",
        );
        assert_eq!(a, b);
    }
}
