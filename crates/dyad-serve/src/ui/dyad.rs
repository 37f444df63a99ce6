//! `/dyad?dyad=A,B` (or `?actor=X`): a dyad's monthly (weekly, daily)
//! cooperation and conflict, its last contact and first contacts, and its
//! events, newest first, a page at a time.

use super::{error_page, escape, events_table, field, ok_page, select, svg, url_value, Nav};
use crate::api::{contact, network, timeline};
use crate::error::ApiError;
use crate::params::Params;
use crate::App;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use dyad_store::{EventSort, NetworkLevel, Page};

const TITLE: &str = "Dyad";
const PARAMS: &[&str] = &[
    "dyad", "actor", "directed", "period", "cameo", "from", "to", "offset",
];
const PAGE: usize = 50;

fn form(p: &Params) -> String {
    let v = |n: &str| p.one(n).ok().flatten();
    format!(
        "<form class=\"filters\" method=\"get\" action=\"/dyad\">{}{}{}{}{}{}<label><input type=\"checkbox\" name=\"directed\" value=\"true\"{}> first → second only</label><button>Show</button></form>",
        field("Dyad", "dyad", v("dyad"), "USA,RUS"),
        field("or actor", "actor", v("actor"), "UKR"),
        field("From", "from", v("from"), "2024-01"),
        field("To", "to", v("to"), "2024-12"),
        field("CAMEO", "cameo", v("cameo"), "04"),
        select("Period", "period", &[("month", "month"), ("week", "week"), ("day", "day")], v("period").unwrap_or("month")),
        if p.flag("directed").unwrap_or(false) { " checked" } else { "" },
    )
}

pub async fn page(State(app): State<App>, RawQuery(q): RawQuery) -> Response {
    let p = match Params::parse(q.as_deref(), PARAMS) {
        Ok(p) => p,
        Err(e) => return error_page(Nav::Dyad, TITLE, &e, &form(&Params::default())),
    };
    let title = match (p.one("dyad").ok().flatten(), p.one("actor").ok().flatten()) {
        (Some(d), _) => format!("Dyad {d}"),
        (None, Some(a)) => format!("Actor {a}"),
        _ => TITLE.to_string(),
    };
    match body(&app, &p, q.as_deref().unwrap_or("")).await {
        Ok(b) => ok_page(Nav::Dyad, &title, &format!("{}{b}", form(&p))),
        Err(e) => error_page(Nav::Dyad, &title, &e, &form(&p)),
    }
}

async fn body(app: &App, p: &Params, query: &str) -> Result<String, ApiError> {
    if p.one("dyad")?.is_none() && p.one("actor")?.is_none() {
        let pairs = network::pairs(app, Default::default(), NetworkLevel::Country, 8).await?;
        let mut out = String::from("<div class=\"empty\"><p>Enter two actor codes (e.g. <code>USA,RUS</code>) to see their cooperation and conflict over time, or one actor for all its events.</p>");
        if !pairs.is_empty() {
            out.push_str("<p>Busy dyads in this store: ");
            for r in &pairs {
                out.push_str(&format!(
                    "<a class=\"chip\" href=\"/dyad?dyad={}%2C{}\">{},{}</a> ",
                    url_value(&r.source),
                    url_value(&r.target),
                    escape(&r.source),
                    escape(&r.target)
                ));
            }
            out.push_str("</p>");
        }
        out.push_str("</div>");
        return Ok(out);
    }
    let (f, period, name) = timeline::request(p)?;
    let t = timeline::compute(app, f.clone(), period, name).await?;
    let offset = p.number("offset", 0, (0, 10_000_000))?;
    let page = Page {
        offset,
        limit: PAGE,
        sort: EventSort::DateDescending,
    };
    let listed = f.clone();
    let (total, events) = app
        .pool
        .run(move |s| {
            let total = s
                .count_events(&listed)
                .map_err(|e| ApiError::from_store(e, "dyad"))?;
            let events = s
                .events_page(&listed, &page)
                .map_err(|e| ApiError::from_store(e, "dyad"))?;
            Ok((total, events))
        })
        .await?;
    if total == 0 {
        return Ok("<div class=\"empty\"><p>No events match.</p><p>Check the codes (a prefix such as <code>RUS</code> matches <code>RUSGOV</code> too), widen the dates, or clear the CAMEO field. The <a href=\"/\">overview</a> lists the busiest dyads.</p></div>".into());
    }
    let mut out = format!(
        "<section><h2>Cooperation and conflict by {}</h2><div id=\"chart\" data-points=\"{}\">{}</div></section>",
        escape(&t.period),
        t.series.len(),
        svg::coop_conflict(&t.series)
    );
    if f.dyad.is_some() {
        let last = contact::last_contact(app, p).await?;
        let first = contact::first_contacts(app, p).await?;
        out.push_str("<div class=\"columns\"><section><h2>Last contact</h2>");
        match &last.event {
            Some(e) => out.push_str(&events_table(std::slice::from_ref(e))),
            None => out.push_str("<p class=\"hint\">No dated event between them.</p>"),
        }
        out.push_str(&format!(
            "</section><section><h2>First contacts in {} years</h2><p class=\"hint\">Events of a CAMEO root the dyad had not had in the {} years before (within the store's coverage).</p>",
            first.years, first.years
        ));
        if first.events.is_empty() {
            out.push_str("<p class=\"hint\">None: every event follows an earlier one of its kind, or the store does not reach back far enough.</p>");
        } else {
            out.push_str(&events_table(&first.events));
        }
        out.push_str("</section></div>");
    }
    out.push_str(&format!(
        "<section><h2>Events</h2><p class=\"meta\">{total} events, newest first; {} to {} shown. <a href=\"/api/events?{}&amp;sort=-date&amp;format=csv\">CSV</a></p>",
        offset + 1,
        offset + events.len(),
        escape(&csv_query(query)),
    ));
    out.push_str(&events_table(&events));
    let base: String = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != "offset")
        .fold(
            form_urlencoded::Serializer::new(String::new()),
            |mut s, (k, v)| {
                s.append_pair(&k, &v);
                s
            },
        )
        .finish();
    out.push_str("<nav class=\"pager\">");
    if offset > 0 {
        out.push_str(&format!(
            "<a href=\"/dyad?{}&amp;offset={}\">← newer</a> ",
            escape(&base),
            offset.saturating_sub(PAGE)
        ));
    }
    if ((offset + PAGE) as i64) < total {
        out.push_str(&format!(
            "<a href=\"/dyad?{}&amp;offset={}\">older →</a>",
            escape(&base),
            offset + PAGE
        ));
    }
    out.push_str("</nav></section>");
    Ok(out)
}

/// The page's filters as `/api/events` parameters (the page's own
/// `period` and `offset` left out).
fn csv_query(query: &str) -> String {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, v)| !matches!(k.as_ref(), "period" | "offset") && !v.is_empty())
        .fold(
            form_urlencoded::Serializer::new(String::new()),
            |mut s, (k, v)| {
                s.append_pair(&k, &v);
                s
            },
        )
        .finish()
}
