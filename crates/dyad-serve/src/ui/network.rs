//! `/network`: the actor network of the top pairs over a period, as an
//! SVG graph and a table.

use super::{error_page, escape, field, ok_page, select, svg, url_value, Nav};
use crate::api::network;
use crate::params::Params;
use crate::App;
use axum::extract::{RawQuery, State};
use axum::response::Response;

const TITLE: &str = "Actor network";

fn form(p: &Params) -> String {
    let v = |n: &str| p.one(n).ok().flatten();
    format!(
        "<form class=\"filters\" method=\"get\" action=\"/network\">{}{}{}{}{}{}<button>Show</button></form>",
        field("From", "from", v("from"), "2024-01"),
        field("To", "to", v("to"), "2024-12"),
        field("Actor", "actor", v("actor"), "RUS"),
        select("Level", "level", &[("actor", "actors"), ("country", "countries")], v("level").unwrap_or("actor")),
        select(
            "QuadClass",
            "quad",
            &[("", "all"), ("1", "1 verbal coop."), ("2", "2 material coop."), ("3", "3 verbal confl."), ("4", "4 material confl.")],
            v("quad").unwrap_or("")
        ),
        field("Pairs", "top", v("top"), "30"),
    )
}

pub async fn page(State(app): State<App>, RawQuery(q): RawQuery) -> Response {
    let p = match Params::parse(q.as_deref(), network::PARAMS) {
        Ok(p) => p,
        Err(e) => return error_page(Nav::Network, TITLE, &e, &form(&Params::default())),
    };
    let url = format!("/network?{}", q.as_deref().unwrap_or(""));
    match super::cached(&app, url, || body(&app, &p)).await {
        Ok(b) => ok_page(Nav::Network, TITLE, &format!("{}{b}", form(&p))),
        Err(e) => error_page(Nav::Network, TITLE, &e, &form(&p)),
    }
}

async fn body(app: &App, p: &Params) -> Result<String, crate::error::ApiError> {
    let n = network::compute(app, p).await?;
    let mut body = String::new();
    if n.pairs.is_empty() {
        body.push_str("<div class=\"empty\"><p>No pair of known actors matches.</p><p>Widen the dates or clear the actor and QuadClass fields; with an empty store, ingest articles first.</p></div>");
        return Ok(body);
    }
    body.push_str(&format!(
        "<section><p class=\"meta\">The {} directed pairs with most events; arrows run from source to target. Click an actor for its timeline.</p><div id=\"graph\" data-edges=\"{}\">{}</div></section>",
        n.pairs.len(),
        n.pairs.len(),
        svg::network(&n.pairs)
    ));
    body.push_str("<table class=\"pairs\"><thead><tr><th>source</th><th>target</th><th>events</th><th>coop.</th><th>confl.</th><th>mean Goldstein</th></tr></thead><tbody>");
    for r in &n.pairs {
        body.push_str(&format!(
            "<tr><td class=\"code\">{s}</td><td class=\"code\">{t}</td><td class=\"num\"><a href=\"/dyad?dyad={us}%2C{ut}&amp;directed=true\">{e}</a></td><td class=\"num\">{c}</td><td class=\"num\">{k}</td><td class=\"num\">{g:.2}</td></tr>",
            s = escape(&r.source),
            t = escape(&r.target),
            us = url_value(&r.source),
            ut = url_value(&r.target),
            e = r.events,
            c = r.cooperation,
            k = r.conflict,
            g = r.mean_goldstein
        ));
    }
    body.push_str("</tbody></table>");
    Ok(body)
}
