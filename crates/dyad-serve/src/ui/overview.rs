//! `/`: the overview — what the store holds, events by month and
//! QuadClass, the busiest dyads and the commonest event types, for all
//! events or those the form selects.

use super::{error_page, escape, field, ok_page, select, svg, url_value, Nav};
use crate::api::{network, stats, timeline};
use crate::error::ApiError;
use crate::params::{Params, FILTER_PARAMS};
use crate::App;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use dyad_store::{NetworkLevel, Period};

const TITLE: &str = "Overview";

fn form(p: &Params) -> String {
    let v = |n: &str| p.one(n).ok().flatten();
    format!(
        "<form class=\"filters\" method=\"get\" action=\"/\">{}{}{}{}{}<button>Show</button> <a href=\"/\">clear</a></form>",
        field("From", "from", v("from"), "2024-01"),
        field("To", "to", v("to"), "2024-12"),
        field("Actor", "actor", v("actor"), "RUS"),
        field("Country", "country", v("country"), "UKR"),
        select(
            "QuadClass",
            "quad",
            &[("", "all"), ("1", "1 verbal coop."), ("2", "2 material coop."), ("3", "3 verbal confl."), ("4", "4 material confl.")],
            v("quad").unwrap_or("")
        ),
    )
}

pub async fn page(State(app): State<App>, RawQuery(q): RawQuery) -> Response {
    let p = match Params::parse(q.as_deref(), FILTER_PARAMS) {
        Ok(p) => p,
        Err(e) => return error_page(Nav::Overview, TITLE, &e, &form(&Params::default())),
    };
    let url = format!("/?{}", q.as_deref().unwrap_or(""));
    match super::cached(&app, url, || body(&app, &p)).await {
        Ok(b) => ok_page(Nav::Overview, TITLE, &format!("{}{b}", form(&p))),
        Err(e) => error_page(Nav::Overview, TITLE, &e, &form(&p)),
    }
}

async fn body(app: &App, p: &Params) -> Result<String, ApiError> {
    let f = p.filter()?;
    let st = stats::stats_of(app, 0).await?;
    if st.events == 0 {
        return Ok("<div class=\"empty\"><p>The store holds no events yet.</p><p>Add some with <code>dyad ingest --db FILE articles.jsonl</code> (or <code>--events-from coded.jsonl</code>), then reload this page.</p></div>".into());
    }
    let series = timeline::compute(app, f.clone(), Period::Month, "month".into())
        .await?
        .series;
    let pairs = network::pairs(app, f.clone(), NetworkLevel::Actor, 10).await?;
    let types = stats::types_of(app, f, 10).await?.types;
    let mut out = format!(
        "<section class=\"cards\"><div><b>{}</b> events</div><div><b>{}</b> articles</div><div><b>{}</b> mentions</div><div>stories from <b>{}</b> to <b>{}</b></div></section>",
        st.events,
        st.articles,
        st.mentions,
        escape(st.first_story_date.as_deref().unwrap_or("?")),
        escape(st.last_story_date.as_deref().unwrap_or("?")),
    );
    let total: i64 = series.iter().map(|s| s.events).sum();
    if total == 0 && pairs.is_empty() && types.is_empty() {
        out.push_str("<div class=\"empty\"><p>No dated events match these filters.</p><p>Widen the dates, clear a field, or <a href=\"/\">show everything</a>.</p></div>");
        return Ok(out);
    }
    out.push_str(&format!(
        "<section><h2>Events by month and QuadClass</h2><div id=\"chart\" data-points=\"{}\">{}</div></section>",
        series.len(),
        svg::quad_bars(&series)
    ));
    out.push_str("<div class=\"columns\"><section><h2>Top dyads</h2><table class=\"pairs\"><thead><tr><th>source</th><th>target</th><th>events</th><th>mean Goldstein</th></tr></thead><tbody>");
    for r in &pairs {
        out.push_str(&format!(
            "<tr><td class=\"code\">{s}</td><td class=\"code\">{t}</td><td class=\"num\"><a href=\"/dyad?dyad={us}%2C{ut}\">{n}</a></td><td class=\"num\">{g:.2}</td></tr>",
            s = escape(&r.source),
            t = escape(&r.target),
            us = url_value(&r.source),
            ut = url_value(&r.target),
            n = r.events,
            g = r.mean_goldstein
        ));
    }
    out.push_str("</tbody></table></section><section><h2>Top event types</h2><table class=\"types\"><thead><tr><th>CAMEO</th><th>name</th><th>events</th></tr></thead><tbody>");
    for c in &types {
        out.push_str(&format!(
            "<tr class=\"q{q}\"><td class=\"code\">{code}</td><td>{name}</td><td class=\"num\">{n}</td></tr>",
            q = c.quad_class,
            code = escape(&c.cameo),
            name = escape(&c.cameo_name),
            n = c.events
        ));
    }
    out.push_str("</tbody></table></section></div>");
    Ok(out)
}
