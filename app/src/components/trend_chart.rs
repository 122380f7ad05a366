//! A result's history as an SVG line chart drawn on the server (no script needed), with the
//! reference range shaded and out-of-range points marked; the same numbers follow as a table.

use leptos::prelude::*;

use crate::{
    api::records::TrendView,
    i18n::{t, t_args},
};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// Where the chart's axes start and end.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
}

impl Scale {
    /// Fits every value and the reference range, with a little room above and below.
    pub fn fit(trend: &TrendView) -> Option<Self> {
        let points: Vec<(f64, f64)> = trend
            .points
            .iter()
            .filter_map(|p| Some((p.at? as f64, p.number?)))
            .collect();
        if points.is_empty() {
            return None;
        }
        let low = trend.points.iter().find_map(|p| p.low);
        let high = trend.points.iter().find_map(|p| p.high);
        let ys = points.iter().map(|p| p.1).chain(low).chain(high);
        let (mut y_min, mut y_max) =
            ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let pad = ((y_max - y_min) * 0.1).max(y_max.abs() * 0.02).max(0.5);
        y_min -= pad;
        y_max += pad;
        if y_min < 0.0 && points.iter().all(|p| p.1 >= 0.0) {
            y_min = 0.0;
        }
        let x_min = points.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        let mut x_max = points.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        if x_max <= x_min {
            x_max = x_min + 86_400.0;
        }
        Some(Self {
            x_min,
            x_max,
            y_min,
            y_max,
        })
    }

    pub fn x(&self, at: f64) -> f64 {
        LEFT + (at - self.x_min) / (self.x_max - self.x_min) * (WIDTH - LEFT - RIGHT)
    }

    pub fn y(&self, value: f64) -> f64 {
        TOP + (self.y_max - value) / (self.y_max - self.y_min) * (HEIGHT - TOP - BOTTOM)
    }
}

fn tick_label(value: f64) -> String {
    if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.1}");
        text.trim_end_matches(".0").to_owned()
    }
}

#[component]
pub fn TrendChart(trend: TrendView, #[prop(into)] id: String) -> impl IntoView {
    let Some(scale) = Scale::fit(&trend) else {
        return view! { <p class="hint">{t("trend-no-values")}</p> }.into_any();
    };
    let unit = trend.unit.clone();
    let points: Vec<(f64, f64, bool)> = trend
        .points
        .iter()
        .filter_map(|p| Some((scale.x(p.at? as f64), scale.y(p.number?), p.flag.is_some())))
        .collect();
    let line = points
        .iter()
        .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let low = trend.points.iter().find_map(|p| p.low);
    let high = trend.points.iter().find_map(|p| p.high);
    let band = match (low, high) {
        (Some(l), Some(h)) => Some((scale.y(h), scale.y(l))),
        (Some(l), None) => Some((TOP, scale.y(l))),
        (None, Some(h)) => Some((scale.y(h), HEIGHT - BOTTOM)),
        _ => None,
    };
    let ticks: Vec<(f64, String)> = (0..=3)
        .map(|i| {
            let value = scale.y_min + (scale.y_max - scale.y_min) * f64::from(i) / 3.0;
            (scale.y(value), tick_label(value))
        })
        .collect();
    let first = trend
        .points
        .first()
        .and_then(|p| p.date.clone())
        .unwrap_or_default();
    let last_point = trend.points.last().cloned();
    let last = last_point
        .as_ref()
        .and_then(|p| p.date.clone())
        .unwrap_or_default();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let description = format!(
        "{}{}{}.",
        t_args(
            "trend-values",
            vec![
                ("count", trend.points.len().into()),
                ("first", first.clone().into()),
                ("last", last.clone().into()),
            ]
        ),
        last_point
            .as_ref()
            .map(|p| format!(
                "; {}",
                t_args(
                    "trend-latest",
                    vec![("value", (&p.value).into()), ("unit", (&p.unit).into())]
                )
            ))
            .unwrap_or_default(),
        match (low, high) {
            (Some(l), Some(h)) => format!(
                "; {}",
                t_args(
                    "trend-band",
                    vec![
                        ("low", tick_label(l).into()),
                        ("high", tick_label(h).into())
                    ]
                )
            ),
            _ => String::new(),
        }
    );
    let rows = trend.points.clone();
    view! {
        <figure class="trend">
            <svg
                class="trend__chart"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby=labelled_by
                preserveAspectRatio="xMidYMid meet"
            >
                <title id=title_id.clone()>{t_args("trend-title", vec![("test", (&trend.test).into()), ("unit", unit.into())])}</title>
                <desc id=desc_id>{description}</desc>
                {band.map(|(top, bottom)| view! {
                    <rect class="trend__range" x=LEFT y=format!("{top:.1}") width=WIDTH - LEFT - RIGHT height=format!("{:.1}", (bottom - top).max(0.0)) />
                })}
                {ticks.into_iter().map(|(y, label)| view! {
                    <line class="trend__grid" x1=LEFT x2=WIDTH - RIGHT y1=format!("{y:.1}") y2=format!("{y:.1}") />
                    <text class="trend__tick" x=LEFT - 6.0 y=format!("{:.1}", y + 4.0) text-anchor="end">{label}</text>
                }).collect_view()}
                <text class="trend__tick" x=LEFT y=HEIGHT - 10.0 text-anchor="start">{first.clone()}</text>
                <text class="trend__tick" x=WIDTH - RIGHT y=HEIGHT - 10.0 text-anchor="end">{last.clone()}</text>
                <polyline class="trend__line" points=line />
                {points.into_iter().map(|(x, y, flagged)| view! {
                    <circle
                        class=if flagged { "trend__point trend__point--flagged" } else { "trend__point" }
                        cx=format!("{x:.1}") cy=format!("{y:.1}") r=if flagged { "5" } else { "4" }
                    />
                }).collect_view()}
            </svg>
            <figcaption>
                <table class="trend__table">
                    <caption>{t_args("trend-caption", vec![("test", (&trend.test).into())])}</caption>
                    <thead><tr><th scope="col">{t("results-date")}</th><th scope="col">{t("trend-value")}</th><th scope="col">{t("trend-range")}</th><th scope="col">{t("trend-flag")}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().rev().map(|p| view! {
                            <tr>
                                <th scope="row">{p.date.clone().unwrap_or_default()}</th>
                                <td>{format!("{} {}", p.value, p.unit)}</td>
                                <td>{p.range.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{p.flag_label.clone().unwrap_or_else(|| t("trend-normal"))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </figcaption>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::records::ResultView;

    fn point(at: i64, number: f64) -> ResultView {
        ResultView {
            href: String::new(),
            test: "HbA1c".into(),
            value: number.to_string(),
            number: Some(number),
            unit: "%".into(),
            range: Some("4–5.6".into()),
            low: Some(4.0),
            high: Some(5.6),
            flag: None,
            flag_label: None,
            date: None,
            at: Some(at),
        }
    }

    #[test]
    fn the_scale_fits_values_and_range_and_maps_them_inside_the_plot() {
        let trend = TrendView {
            test: "HbA1c".into(),
            unit: "%".into(),
            points: vec![point(0, 8.4), point(1_000, 7.0)],
        };
        let scale = Scale::fit(&trend).unwrap();
        assert!(scale.y_min < 4.0 && scale.y_max > 8.4);
        assert_eq!(scale.x(0.0), LEFT);
        assert_eq!(scale.x(1_000.0), WIDTH - RIGHT);
        // Higher values sit higher on the chart (smaller y).
        assert!(scale.y(8.4) < scale.y(7.0));
        assert!(scale.y(8.4) >= TOP && scale.y(4.0) <= HEIGHT - BOTTOM);
    }

    #[test]
    fn one_value_still_has_a_width() {
        let trend = TrendView {
            test: "HbA1c".into(),
            unit: "%".into(),
            points: vec![point(5, 7.0)],
        };
        let scale = Scale::fit(&trend).unwrap();
        assert!(scale.x_max > scale.x_min);
        assert!(
            Scale::fit(&TrendView {
                points: vec![],
                ..trend
            })
            .is_none()
        );
    }
}
