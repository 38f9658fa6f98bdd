//! A line chart as a small, dependency-free SVG: requests per second over time, one line
//! per strategy, the incident shaded.

use std::fmt::Write;

const WIDTH: f64 = 860.0;
const HEIGHT: f64 = 380.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 110.0;
const COLORS: [&str; 5] = ["#7f7f7f", "#d62728", "#ff7f0e", "#1f77b4", "#2ca02c"];

/// One line: a legend label and a value per second.
pub(crate) struct Series<'a> {
    pub(crate) label: &'a str,
    pub(crate) values: &'a [u64],
}

/// The SVG text of a chart titled `title`, with the incident `[start, end)` (seconds) shaded.
pub(crate) fn svg(title: &str, series: &[Series<'_>], incident: (u64, u64)) -> String {
    let seconds = series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(1)
        .max(2)
        - 1;
    let peak = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(1)
        .max(1);
    let top = nice_ceiling(peak);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |second: f64| LEFT + second / seconds as f64 * plot_w;
    let y = |value: f64| TOP + plot_h - value / top as f64 * plot_h;
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="{}" y="22" text-anchor="middle" font-size="15">{}</text>
<rect x="{:.1}" y="{TOP}" width="{:.1}" height="{plot_h}" fill="#f2dede"/>
"##,
        WIDTH / 2.0,
        escape(title),
        x(incident.0 as f64),
        x(incident.1 as f64) - x(incident.0 as f64),
    );
    for step in 0..=4 {
        let value = top * step / 4;
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#dddddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{value}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y(value as f64) + 4.0,
            y = y(value as f64),
        );
    }
    let tick = nice_ceiling((seconds as u64 / 8).max(1));
    for second in (0..=seconds as u64).step_by(tick as usize) {
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{second}</text>"##,
            x(second as f64),
            TOP + plot_h + 16.0,
        );
    }
    let _ = writeln!(
        out,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">seconds (incident shaded)</text><text x="16" y="{:.1}" transform="rotate(-90 16 {:.1})" text-anchor="middle">requests/s received</text>"##,
        LEFT + plot_w / 2.0,
        TOP + plot_h + 32.0,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0,
    );
    for (i, line) in series.iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        let mut points = String::new();
        for (second, value) in line.values.iter().enumerate() {
            let _ = write!(points, "{:.1},{:.1} ", x(second as f64), y(*value as f64));
        }
        let _ = writeln!(
            out,
            r##"<polyline fill="none" stroke="{color}" stroke-width="1.6" points="{}"/>"##,
            points.trim_end()
        );
        let row = TOP + plot_h + 50.0 + (i / 2) as f64 * 18.0;
        let column = LEFT + (i % 2) as f64 * (plot_w / 2.0);
        let _ = writeln!(
            out,
            r##"<line x1="{column:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="{color}" stroke-width="3"/><text x="{:.1}" y="{row:.1}">{}</text>"##,
            column + 22.0,
            row - 4.0,
            row - 4.0,
            column + 28.0,
            escape(line.label),
        );
    }
    out.push_str("</svg>\n");
    out
}

// 1, 2 or 5 times a power of ten, at least `value`.
fn nice_ceiling(value: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for step in [1, 2, 5] {
            if step * power >= value {
                return step * power;
            }
        }
        power = power.saturating_mul(10);
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
