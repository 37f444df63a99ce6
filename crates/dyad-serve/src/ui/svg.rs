//! Charts as SVG text, drawn on the server: no chart library, no script,
//! the same bytes for the same data (so tests compare them without a
//! browser). Every data point is one element with class `point` and its
//! period in `data-period`, and carries a `<title>` tooltip.

use super::{escape, QUAD_NAMES};
use dyad_store::{PairRow, SeriesPoint};
use std::fmt::Write as _;

const W: f64 = 860.0;
const H: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 36.0;

/// A "nice" upper bound for an axis of counts whose largest value is
/// `max`: four times a round whole step (1, 2, 2.5, 5 × 10ⁿ), so that the
/// quarter ticks are whole numbers.
fn nice_max(max: f64) -> f64 {
    let raw = (max / 4.0).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let step = m * mag;
        if step >= raw && step.fract() == 0.0 {
            return 4.0 * step;
        }
    }
    40.0 * mag
}

/// Axes, gridlines and period labels for `n` periods up to `max`.
fn frame(out: &mut String, labels: &[&str], max: f64, y_label: &str) {
    let plot_h = H - TOP - BOTTOM;
    for i in 0..=4 {
        let v = max * f64::from(i) / 4.0;
        let y = TOP + plot_h - plot_h * f64::from(i) / 4.0;
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") }
        );
    }
    let n = labels.len().max(1);
    let step = n.div_ceil(8).max(1);
    let slot = (W - LEFT - RIGHT) / n as f64;
    for (i, l) in labels.iter().enumerate() {
        if i % step == 0 || i + 1 == labels.len() && n <= 8 {
            let x = LEFT + slot * (i as f64 + 0.5);
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                H - BOTTOM + 16.0,
                escape(l)
            );
        }
    }
    let _ = write!(
        out,
        "<text class=\"axis-label\" x=\"4\" y=\"4\" dominant-baseline=\"hanging\">{}</text>",
        escape(y_label)
    );
}

/// Events per period as bars stacked by QuadClass (the overview).
pub fn quad_bars(series: &[SeriesPoint]) -> String {
    let max = nice_max(series.iter().map(|p| p.events as f64).fold(0.0, f64::max));
    let labels: Vec<&str> = series.iter().map(|p| p.period.as_str()).collect();
    let mut out = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"events by period and QuadClass\" viewBox=\"0 0 {W} {H}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    frame(&mut out, &labels, max, "events");
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / series.len().max(1) as f64;
    let bar = (slot * 0.8).max(1.0);
    for (i, p) in series.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let counts = [
            p.verbal_cooperation,
            p.material_cooperation,
            p.verbal_conflict,
            p.material_conflict,
        ];
        let tip = format!(
            "{}: {} events ({} verbal coop., {} material coop., {} verbal confl., {} material confl.)",
            p.period, p.events, counts[0], counts[1], counts[2], counts[3]
        );
        let _ = write!(
            out,
            "<g class=\"point\" data-period=\"{}\" data-events=\"{}\"><title>{}</title>",
            escape(&p.period),
            p.events,
            escape(&tip)
        );
        let mut y = TOP + plot_h;
        for (q, &c) in counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let h = plot_h * c as f64 / max;
            y -= h;
            let _ = write!(
                out,
                "<rect class=\"q{}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"/>",
                q + 1
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out.push_str(&legend(&[
        ("q1", QUAD_NAMES[0]),
        ("q2", QUAD_NAMES[1]),
        ("q3", QUAD_NAMES[2]),
        ("q4", QUAD_NAMES[3]),
    ]));
    out
}

/// A legend: swatch class and label.
fn legend(items: &[(&str, &str)]) -> String {
    let mut out = String::from("<p class=\"legend\">");
    for (class, label) in items {
        let _ = write!(
            out,
            "<span><i class=\"swatch {class}\"></i>{}</span> ",
            escape(label)
        );
    }
    out.push_str("</p>");
    out
}

/// Cooperation and conflict events per period as two lines, one marker
/// per period on each (the dyad view).
pub fn coop_conflict(series: &[SeriesPoint]) -> String {
    let max = nice_max(
        series
            .iter()
            .map(|p| p.cooperation.max(p.conflict) as f64)
            .fold(0.0, f64::max),
    );
    let labels: Vec<&str> = series.iter().map(|p| p.period.as_str()).collect();
    let mut out = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"cooperation and conflict events by period\" viewBox=\"0 0 {W} {H}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    frame(&mut out, &labels, max, "events");
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / series.len().max(1) as f64;
    // Markers shrink when periods are many, so that they do not merge.
    let r = (slot / 3.0).clamp(1.0, 3.5);
    let at = |i: usize, v: i64| {
        (
            LEFT + slot * (i as f64 + 0.5),
            TOP + plot_h - plot_h * v as f64 / max,
        )
    };
    for (class, pick) in [
        (
            "coop",
            (|p: &SeriesPoint| p.cooperation) as fn(&SeriesPoint) -> i64,
        ),
        ("conf", |p: &SeriesPoint| p.conflict),
    ] {
        let pts: Vec<String> = series
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (x, y) = at(i, pick(p));
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            out,
            "<polyline class=\"line {class}\" points=\"{}\"/>",
            pts.join(" ")
        );
        for (i, p) in series.iter().enumerate() {
            let (x, y) = at(i, pick(p));
            let what = if class == "coop" {
                "cooperation"
            } else {
                "conflict"
            };
            let _ = write!(
                out,
                "<circle class=\"point {class}\" data-period=\"{}\" data-value=\"{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"><title>{}: {} {what} events (Goldstein sum {:.1})</title></circle>",
                escape(&p.period),
                pick(p),
                escape(&p.period),
                pick(p),
                if class == "coop" { p.goldstein_cooperation } else { p.goldstein_conflict },
            );
        }
    }
    out.push_str("</svg>");
    out.push_str(&legend(&[
        ("coop", "cooperation (QuadClass 1–2)"),
        ("conf", "conflict (QuadClass 3–4)"),
    ]));
    out
}

/// The actor network: actors on a circle (busiest first), one arrow per
/// directed pair, its width growing with the events and its colour from
/// the mean Goldstein (green cooperative, red conflictual). Each actor
/// links to its dyad views.
pub fn network(pairs: &[PairRow]) -> String {
    let size = 640.0;
    let c = size / 2.0;
    let radius = size / 2.0 - 70.0;
    // Actors by their number of events, so the busiest sit first.
    let mut weight: Vec<(String, i64)> = Vec::new();
    for p in pairs {
        for a in [&p.source, &p.target] {
            match weight.iter_mut().find(|(n, _)| n == a) {
                Some(w) => w.1 += p.events,
                None => weight.push((a.clone(), p.events)),
            }
        }
    }
    weight.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let n = weight.len().max(1);
    let pos = |name: &str| -> (f64, f64) {
        let i = weight.iter().position(|(a, _)| a == name).unwrap_or(0);
        let t = std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
        (c + radius * t.cos(), c + radius * t.sin())
    };
    let max_events = pairs.iter().map(|p| p.events).max().unwrap_or(1).max(1) as f64;
    let mut out = format!(
        "<svg class=\"network\" role=\"img\" aria-label=\"actor network\" viewBox=\"0 0 {size} {size}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker></defs>"
    );
    for p in pairs {
        let (x1, y1) = pos(&p.source);
        let (x2, y2) = pos(&p.target);
        // Stop short of the node's circle, and bend a little so that A→B
        // and B→A do not cover each other.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / len, dy / len);
        let (sx, sy, ex, ey) = (
            x1 + ux * 14.0,
            y1 + uy * 14.0,
            x2 - ux * 14.0,
            y2 - uy * 14.0,
        );
        let (mx, my) = ((sx + ex) / 2.0 - uy * 18.0, (sy + ey) / 2.0 + ux * 18.0);
        let width = 1.0 + 5.0 * (p.events as f64).ln_1p() / max_events.ln_1p();
        let tone = if p.mean_goldstein > 1.0 {
            "coop"
        } else if p.mean_goldstein < -1.0 {
            "conf"
        } else {
            "neutral"
        };
        let _ = write!(
            out,
            "<path class=\"edge {tone}\" data-source=\"{s}\" data-target=\"{t}\" d=\"M{sx:.1},{sy:.1} Q{mx:.1},{my:.1} {ex:.1},{ey:.1}\" stroke-width=\"{width:.1}\" marker-end=\"url(#arrow)\"><title>{s} → {t}: {e} events, mean Goldstein {g:.2}</title></path>",
            s = escape(&p.source),
            t = escape(&p.target),
            e = p.events,
            g = p.mean_goldstein,
        );
    }
    for (name, events) in &weight {
        let (x, y) = pos(name);
        let (lx, ly) = (
            c + (radius + 28.0) * (x - c) / radius,
            c + (radius + 28.0) * (y - c) / radius,
        );
        let _ = write!(
            out,
            "<a href=\"/dyad?actor={u}\"><g class=\"node\" data-actor=\"{a}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"12\"/><text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" dominant-baseline=\"middle\">{a}</text><title>{a}: {events} events in these pairs</title></g></a>",
            u = super::url_value(name),
            a = escape(name),
        );
    }
    out.push_str("</svg>");
    out.push_str(&legend(&[
        ("coop", "mean Goldstein above +1"),
        ("neutral", "−1 to +1"),
        ("conf", "below −1"),
    ]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(period: &str, coop: i64, conf: i64) -> SeriesPoint {
        SeriesPoint {
            period: period.into(),
            events: coop + conf,
            cooperation: coop,
            conflict: conf,
            verbal_cooperation: coop,
            material_conflict: conf,
            ..SeriesPoint::default()
        }
    }

    #[test]
    fn one_marker_per_period_and_line() {
        let s = [
            point("2024-01", 2, 0),
            point("2024-02", 0, 0),
            point("2024-03", 1, 3),
        ];
        let svg = coop_conflict(&s);
        assert_eq!(svg.matches("<circle class=\"point coop\"").count(), 3);
        assert_eq!(svg.matches("<circle class=\"point conf\"").count(), 3);
        assert_eq!(svg, coop_conflict(&s), "deterministic");
        let bars = quad_bars(&s);
        assert_eq!(bars.matches("<g class=\"point\"").count(), 3);
    }

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_max(0.0), 4.0);
        assert_eq!(nice_max(1.0), 4.0);
        assert_eq!(nice_max(7.0), 8.0);
        assert_eq!(nice_max(23.0), 40.0);
        assert_eq!(nice_max(180.0), 200.0);
        assert_eq!(nice_max(201.0), 400.0);
        assert_eq!(nice_max(90.0), 100.0);
    }
}
