//! Every API endpoint against the fixture store: status codes, shapes,
//! filters, pagination, CSV, bad parameters; the OpenAPI document against
//! the route table; the dashboard pages' HTML (the browser test checks
//! them rendered).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;
use tower::ServiceExt as _;

struct Reply {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

struct Server {
    _fixture: common::Fixture,
    app: axum::Router,
    rt: tokio::runtime::Runtime,
}

impl Server {
    fn new() -> Server {
        let fixture = common::fixture();
        let app = dyad_serve::app(&fixture.path, &dyad_serve::Limits::default()).expect("app");
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        Server {
            _fixture: fixture,
            app,
            rt,
        }
    }

    fn request(&self, req: Request<Body>) -> Reply {
        let app = self.app.clone();
        self.rt.block_on(async move {
            let res = app.oneshot(req).await.expect("infallible");
            let status = res.status();
            let content_type = res
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
                .await
                .expect("body");
            Reply {
                status,
                content_type,
                body: String::from_utf8(bytes.to_vec()).expect("UTF-8"),
            }
        })
    }

    fn get(&self, uri: &str) -> Reply {
        self.request(Request::get(uri).body(Body::empty()).expect("request"))
    }

    /// GET, expecting 200 and JSON.
    fn ok(&self, uri: &str) -> Value {
        let r = self.get(uri);
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        assert!(
            r.content_type.starts_with("application/json"),
            "{uri}: {}",
            r.content_type
        );
        r.json()
    }

    /// GET, expecting 400 naming `param`.
    fn bad(&self, uri: &str, param: &str) {
        let r = self.get(uri);
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
        let v = r.json();
        assert_eq!(v["parameter"], param, "{uri}: {}", r.body);
        assert!(
            v["error"].as_str().unwrap_or("").contains(param),
            "{uri}: {}",
            r.body
        );
    }

    fn total(&self, query: &str) -> i64 {
        self.ok(&format!("/api/events?{query}"))["total"]
            .as_i64()
            .expect("total")
    }
}

fn ids(v: &Value) -> Vec<i64> {
    v["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["id"].as_i64().expect("id"))
        .collect()
}

#[test]
fn events_are_filtered_like_the_cli() {
    let s = Server::new();
    assert_eq!(s.total(""), common::EVENTS);
    assert_eq!(s.total("actor=RUS"), 5);
    assert_eq!(s.total("actor=RUS&actor=USA"), 2);
    assert_eq!(s.total("dyad=USA,RUS"), 2);
    assert_eq!(s.total("dyad=USA,RUS&directed=true"), 1);
    assert_eq!(s.total("source=CHN"), 1);
    assert_eq!(s.total("target=RUSGOV"), 1);
    assert_eq!(s.total("country=UKR"), 1);
    assert_eq!(s.total("role=MIL"), 1);
    assert_eq!(s.total("cameo=19"), 1);
    assert_eq!(s.total("cameo=163"), 1);
    assert_eq!(s.total("plover=sanction"), 1);
    assert_eq!(s.total("quad=4"), 2);
    assert_eq!(s.total("from=2024-03&to=2024-04"), 2);
    assert_eq!(s.total("to=2023"), 10);
    assert_eq!(s.total("text=sanctions"), 1);
    // Where events happened, when the coder placed them.
    assert_eq!(s.total("place=UKR"), 1);
    assert_eq!(s.total("place=chn"), 1);
    assert_eq!(s.total("near=48.6,38.0,50"), 1);
    assert_eq!(s.total("near=0,0,100"), 0);
    let placed = s.ok("/api/events?place=UKR");
    assert_eq!(placed["events"][0]["location"]["name"], "Bakhmut");
    // Empty form fields are no filter.
    assert_eq!(s.total("actor=&from=&quad="), common::EVENTS);
    // The sanctions were reported twice: one event, two mentions, two outlets.
    let v = s.ok("/api/events?cameo=163");
    assert_eq!(v["events"][0]["num_mentions"], 2);
    assert_eq!(v["events"][0]["num_sources"], 2);
    assert_eq!(v["events"][0]["plover_type"], "SANCTION");
}

#[test]
fn events_come_in_pages_and_orders() {
    let s = Server::new();
    let first = s.ok("/api/events?limit=4");
    assert_eq!(
        (
            first["total"].as_i64(),
            first["limit"].as_i64(),
            first["offset"].as_i64()
        ),
        (Some(common::EVENTS), Some(4), Some(0))
    );
    let mut seen = Vec::new();
    for offset in (0..common::EVENTS).step_by(4) {
        seen.extend(ids(&s.ok(&format!("/api/events?limit=4&offset={offset}"))));
    }
    let distinct: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(
        (seen.len() as i64, distinct.len() as i64),
        (common::EVENTS, common::EVENTS)
    );
    assert!(ids(&s.ok("/api/events?offset=100")).is_empty());
    let latest = s.ok("/api/events?sort=-date&limit=1");
    assert_eq!(latest["events"][0]["date"], "2024-06-01");
    let earliest = s.ok("/api/events?sort=date&limit=1");
    assert_eq!(earliest["events"][0]["date"], "2023-01-10");
    assert_eq!(
        s.ok("/api/events?sort=goldstein&limit=1")["events"][0]["cameo"],
        "190"
    );
    assert_eq!(
        s.ok("/api/events?sort=-goldstein&limit=1")["events"][0]["cameo"],
        "057"
    );
    assert_eq!(
        s.ok("/api/events?sort=-mentions&limit=1")["events"][0]["cameo"],
        "163"
    );
}

#[test]
fn tabular_answers_come_as_csv_when_asked() {
    let s = Server::new();
    let r = s.get("/api/events?format=csv&actor=RUS");
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/csv"), "{}", r.content_type);
    let lines: Vec<&str> = r.body.lines().collect();
    assert_eq!(lines[0], dyad_store::CSV_HEADER.join(","));
    assert_eq!(lines.len(), 1 + 5);
    let by_accept = s.request(
        Request::get("/api/timeline?dyad=RUS,CHN")
            .header(header::ACCEPT, "text/csv")
            .body(Body::empty())
            .unwrap(),
    );
    assert!(by_accept.content_type.starts_with("text/csv"));
    assert!(by_accept.body.starts_with("period,events,"));
    assert_eq!(by_accept.body.lines().count(), 1 + 6);
    for uri in [
        "/api/network?format=csv",
        "/api/event-types?format=csv",
        "/api/search?q=sanctions&format=csv",
        "/api/last-contact?dyad=USA,RUS&format=csv",
        "/api/first-contact?format=csv&years=1&include_uncovered=true",
    ] {
        let r = s.get(uri);
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r.content_type.starts_with("text/csv"), "{uri}");
        assert!(r.body.lines().count() >= 2, "{uri}: {}", r.body);
    }
    // Not tables: CSV is refused, naming the parameter.
    s.bad("/api/stats?format=csv", "format");
    s.bad("/api/events?format=xml", "format");
}

#[test]
fn one_event_comes_with_its_articles_and_marked_spans() {
    let s = Server::new();
    let id = ids(&s.ok("/api/events?cameo=163"))[0];
    let v = s.ok(&format!("/api/events/{id}"));
    assert_eq!(v["event"]["id"], id);
    let mentions = v["mentions"].as_array().unwrap();
    assert_eq!(mentions.len(), 2);
    let m = &mentions[0];
    assert_eq!(m["article"]["doc_id"], "sanctions-a");
    assert!(m["article"]["body"]
        .as_str()
        .unwrap()
        .starts_with("WASHINGTON"));
    let span = |role: &str| {
        m["spans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["role"] == role)
            .map(|s| s["text"].as_str().unwrap().to_string())
    };
    assert_eq!(span("source").as_deref(), Some("The United States"));
    assert_eq!(span("target").as_deref(), Some("Russia"));
    assert_eq!(span("trigger").as_deref(), Some("imposed"));
    let html = m["sentence_html"].as_str().unwrap();
    assert!(
        html.contains("<mark class=\"hl-trigger\">imposed</mark>"),
        "{html}"
    );
    assert!(
        html.contains("<mark class=\"hl-source\">The United States</mark>"),
        "{html}"
    );
    assert_eq!(m["coded"]["evidence"]["pattern_origin"], "fixture:1");
    assert_eq!(s.get("/api/events/99999").status, StatusCode::NOT_FOUND);
    s.bad("/api/events/abc", "id");
}

#[test]
fn timelines_fill_empty_periods_with_zeros() {
    let s = Server::new();
    let v = s.ok("/api/timeline?dyad=RUS,CHN");
    let series = v["series"].as_array().unwrap();
    let periods: Vec<&str> = series
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        periods,
        ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    );
    assert_eq!(series[0]["verbal_cooperation"], 1);
    assert_eq!(series[1]["events"], 0);
    assert_eq!(
        series[5]["goldstein_cooperation"]
            .as_f64()
            .map(|g| (g * 10.0).round()),
        Some(34.0)
    );
    // Dates asked for widen the series to their periods.
    let wide = s.ok("/api/timeline?dyad=RUS,CHN&from=2023-11&to=2024-08");
    let w: Vec<&str> = wide["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!((w.len(), w[0], w[9]), (10, "2023-11", "2024-08"));
    let directed = s.ok("/api/timeline?dyad=RUS,CHN&directed=true");
    assert_eq!(directed["series"].as_array().unwrap().len(), 1);
    let week = s.ok("/api/timeline?dyad=USA,RUS&period=week");
    let w = week["series"].as_array().unwrap();
    assert_eq!(w[0]["period"], "2024-03-04");
    assert_eq!(w[0]["material_conflict"], 1);
    assert_eq!(w[0]["goldstein_conflict"], -8.0);
    assert_eq!(w.len(), 7);
    let day = s.ok("/api/timeline?dyad=USA,RUS&period=day");
    assert_eq!(day["series"].as_array().unwrap().len(), 42);
    let actor = s.ok("/api/timeline?actor=RUS&from=2024-01&to=2024-01");
    let a = actor["series"].as_array().unwrap();
    assert_eq!((a.len(), a[0]["events"].as_i64()), (1, Some(2)));
    assert_eq!(
        (a[0]["cooperation"].as_i64(), a[0]["conflict"].as_i64()),
        (Some(1), Some(1))
    );
    assert!(s.ok("/api/timeline?dyad=USA,FRA")["series"]
        .as_array()
        .unwrap()
        .is_empty());
    s.bad("/api/timeline", "dyad");
    s.bad("/api/timeline?dyad=USA,RUS&actor=RUS", "dyad");
    s.bad("/api/timeline?dyad=USA,RUS&period=year", "period");
    s.bad("/api/timeline?dyad=USA,RUS&period=day&from=0001", "period");
    s.bad("/api/timeline?dyad=USA", "dyad");
}

#[test]
fn last_and_first_contact() {
    let s = Server::new();
    let v = s.ok("/api/last-contact?dyad=USA,RUS");
    assert_eq!(v["event"]["cameo"], "057");
    assert_eq!(v["mentions"].as_array().unwrap().len(), 1);
    let before = s.ok("/api/last-contact?dyad=USA,RUS&before=2024-04-01");
    assert_eq!(before["event"]["cameo"], "163");
    let conflict = s.ok("/api/last-contact?dyad=USA,RUS&cameo=16");
    assert_eq!(conflict["event"]["date"], "2024-03-05");
    assert!(s.ok("/api/last-contact?dyad=USA,RUS&before=2024-01-01")["event"].is_null());
    s.bad("/api/last-contact", "dyad");
    s.bad("/api/last-contact?dyad=USA,RUS&before=soon", "before");

    let first = s.ok("/api/first-contact?dyad=FRA,DEU&years=1&include_uncovered=true");
    assert_eq!(
        (first["years"].as_i64(), first["kind"].as_str()),
        (Some(1), Some("root"))
    );
    // Only January's consultation had none in the year before.
    assert_eq!(first["events"].as_array().unwrap().len(), 1);
    assert_eq!(first["events"][0]["date"], "2023-01-10");
    s.bad("/api/first-contact?years=0", "years");
    s.bad("/api/first-contact?kind=some", "kind");
    s.bad("/api/first-contact?limit=1000000", "limit");
}

#[test]
fn search_stats_types_and_network() {
    let s = Server::new();
    let hits = s.ok("/api/search?q=sanctions");
    let h = hits["hits"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert!(h[0]["snippet"].as_str().unwrap().contains("[sanctions]"));
    assert_eq!(h[0]["events"][0]["cameo"], "163");
    assert_eq!(
        s.ok("/api/search?q=sanctions&limit=1")["hits"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(s.ok("/api/search?q=volcano")["hits"]
        .as_array()
        .unwrap()
        .is_empty());
    s.bad("/api/search", "q");
    s.bad("/api/search?q=%22unterminated", "q");
    s.bad("/api/search?q=x&limit=0", "limit");

    let st = s.ok("/api/stats?top=3");
    assert_eq!(st["events"], common::EVENTS);
    assert_eq!(st["articles"], 16);
    assert_eq!(st["quad_classes"], serde_json::json!([13, 0, 0, 2]));
    assert_eq!(st["top_dyads"][0], serde_json::json!(["FRA", "DEU", 10]));
    assert_eq!(st["path"], "events.db", "no server path leaks");
    s.bad("/api/stats?top=-1", "top");

    let t = s.ok("/api/event-types?top=2");
    assert_eq!(t["types"][0]["cameo"], "040");
    assert_eq!(t["types"][0]["events"], 11);
    assert_eq!(t["types"].as_array().unwrap().len(), 2);
    assert_eq!(
        s.ok("/api/event-types?quad=4")["types"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let n = s.ok("/api/network");
    assert_eq!(n["pairs"][0]["source"], "FRA");
    assert_eq!(n["pairs"][0]["events"], 10);
    assert_eq!(n["pairs"].as_array().unwrap().len(), 6);
    let c = s.ok("/api/network?level=country&from=2024");
    let pairs = c["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 5);
    assert!(pairs
        .iter()
        .all(|p| p["source"].as_str().unwrap().len() == 3));
    let usa_rus = pairs.iter().find(|p| p["source"] == "USA").unwrap();
    assert_eq!(
        (
            usa_rus["mean_goldstein"].as_f64(),
            usa_rus["conflict"].as_i64()
        ),
        (Some(-8.0), Some(1))
    );
    s.bad("/api/network?level=region", "level");
    s.bad("/api/network?top=100000", "top");
}

#[test]
fn bad_parameters_get_400_naming_them() {
    let s = Server::new();
    for (uri, param) in [
        ("/api/events?actr=RUS", "actr"),
        ("/api/events?actor=R%C3%9CS", "actor"),
        ("/api/events?actor=a%20b", "actor"),
        ("/api/events?dyad=USA", "dyad"),
        ("/api/events?directed=maybe", "directed"),
        ("/api/events?country=FRAN", "country"),
        ("/api/events?cameo=x4", "cameo"),
        ("/api/events?plover=CON%20SULT", "plover"),
        ("/api/events?quad=0", "quad"),
        ("/api/events?from=2024-02-30", "from"),
        ("/api/events?from=2024&to=2023", "to"),
        ("/api/events?to=yesterday", "to"),
        ("/api/events?text=%22open", "text"),
        ("/api/events?place=UKRAINE", "place"),
        ("/api/events?near=48.6,38.0", "near"),
        ("/api/events?near=91,0,10", "near"),
        ("/api/events?near=a,b,c", "near"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=1001", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?sort=random", "sort"),
        ("/api/events?limit=1&limit=2", "limit"),
        ("/api/event-types?top=x", "top"),
        ("/api/stats?actor=RUS", "actor"),
    ] {
        s.bad(uri, param);
    }
    let long = format!(
        "/api/events?text={}",
        "a".repeat(dyad_serve::MAX_QUERY_BYTES)
    );
    s.bad(&long, "query");
    let r = s.get("/api/nothing");
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("/api/openapi.json"));
}

/// Resolve a `$ref` of the OpenAPI document.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => doc
            .pointer(r.trim_start_matches('#'))
            .expect("ref resolves"),
        None => v,
    }
}

#[test]
fn the_openapi_document_describes_exactly_the_routes() {
    let s = Server::new();
    let doc = s.ok("/api/openapi.json");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let documented: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let served: BTreeSet<String> = dyad_serve::api::endpoints()
        .iter()
        .map(|e| e.path.to_string())
        .collect();
    assert_eq!(
        documented, served,
        "paths in assets/openapi.json and the route table differ"
    );
    for e in dyad_serve::api::endpoints() {
        let op = &doc["paths"][e.path][e.method];
        assert!(op.is_object(), "{} {} is not documented", e.method, e.path);
        if e.method != "get" {
            continue;
        }
        let mut names = BTreeSet::new();
        for p in op["parameters"].as_array().expect("parameters") {
            let p = resolve(&doc, p);
            let name = p["name"].as_str().expect("name").to_string();
            if p["in"] == "query" && name != "format" {
                names.insert(name);
            }
        }
        let expected: BTreeSet<String> = e.params.iter().map(|p| p.to_string()).collect();
        assert_eq!(names, expected, "query parameters of {}", e.path);
        assert!(op["responses"]["200"].is_object(), "{}", e.path);
        // Every documented route answers (path parameters given a value).
        let uri = e.path.replace("{id}", "1");
        let required: Vec<String> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| resolve(&doc, p))
            .filter(|p| p["required"] == true && p["in"] == "query")
            .map(|p| {
                format!(
                    "{}={}",
                    p["name"].as_str().unwrap(),
                    p["example"].as_str().unwrap_or("x")
                )
            })
            .collect();
        let uri = if required.is_empty() {
            uri
        } else {
            format!("{uri}?{}", required.join("&"))
        };
        // The timeline needs one of two parameters, which OpenAPI 3.0 cannot mark required.
        let uri = if e.path == "/api/timeline" {
            format!("{uri}?dyad=USA,RUS")
        } else {
            uri
        };
        assert_eq!(s.get(&uri).status, StatusCode::OK, "{uri}");
    }
}

#[test]
fn the_dashboard_pages_render_their_data() {
    let s = Server::new();
    let page = |uri: &str| {
        let r = s.get(uri);
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        assert!(r.content_type.starts_with("text/html"), "{uri}");
        r.body
    };
    let overview = page("/");
    // 2023-01 to 2024-06: eighteen months, zeros included.
    assert_eq!(overview.matches("<g class=\"point\"").count(), 18);
    assert!(overview.contains("/dyad?dyad=FRA%2CDEU"));
    let dyad = page("/dyad?dyad=RUS,CHN");
    assert_eq!(dyad.matches("<circle class=\"point coop\"").count(), 6);
    assert!(dyad.contains("Last contact"));
    assert!(page("/dyad").contains("class=\"empty\""));
    assert!(page("/dyad?dyad=USA,FRA").contains("No events match"));
    let network = page("/network");
    assert_eq!(network.matches("<path class=\"edge").count(), 6);
    let id = ids(&s.ok("/api/events?cameo=190"))[0];
    let event = page(&format!("/event/{id}"));
    assert!(
        event.contains("<mark class=\"hl-trigger\">shelled</mark>"),
        "{event}"
    );
    assert!(page("/search?q=Bakhmut").contains("<mark>Bakhmut</mark>"));
    assert!(page("/search").contains("class=\"empty\""));
    // Bad parameters: the page says which, with the status.
    let r = s.get("/dyad?dyad=USA&period=day");
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("parameter `dyad`"));
    assert_eq!(s.get("/event/424242").status, StatusCode::NOT_FOUND);
    let css = s.get("/assets/style.css");
    assert!(css.content_type.starts_with("text/css"));
    // What the user typed comes back escaped.
    let r = s.get("/search?q=%3Cscript%3Ealert(1)");
    assert!(r.body.contains("&lt;script&gt;alert(1)") && !r.body.contains("<script>alert"));
}

/// A coder that finds one event per sentence that says "met".
struct FakeCoder;

impl dyad_serve::Coder for FakeCoder {
    fn code(
        &self,
        text: &str,
        date: Option<chrono::NaiveDate>,
    ) -> Result<Vec<dyad_event::Event>, String> {
        if text.contains("boom") {
            panic!("a bug in the coder");
        }
        let store = common::fixture();
        let s = dyad_store::Store::open_read_only(&store.path).unwrap();
        let coded = s.mentions(1).unwrap()[0].coded.clone();
        let mut e: dyad_event::Event = serde_json::from_value(coded).unwrap();
        e.story_date = date;
        Ok(text.matches("met").map(|_| e.clone()).collect())
    }
}

#[test]
fn posting_an_article_to_code_is_off_unless_allowed_and_size_limited() {
    let s = Server::new();
    let post = |s: &Server, body: &str, json: bool| {
        let req = Request::post("/api/code")
            .header(
                header::CONTENT_TYPE,
                if json {
                    "application/json"
                } else {
                    "text/plain"
                },
            )
            .body(Body::from(body.to_string()))
            .unwrap();
        s.request(req)
    };
    assert_eq!(
        post(&s, "Putin met Xi.", false).status,
        StatusCode::NOT_FOUND
    );
    assert!(post(&s, "x", false).body.contains("--allow-code"));

    let fixture = common::fixture();
    let app = dyad_serve::app_with_coder(
        &fixture.path,
        &dyad_serve::Limits::default(),
        std::sync::Arc::new(FakeCoder),
    )
    .unwrap();
    let coding = Server {
        _fixture: fixture,
        app,
        rt: tokio::runtime::Runtime::new().unwrap(),
    };
    let r = post(
        &coding,
        r#"{"text": "Putin met Xi. They met again.", "date": "2024-05-01"}"#,
        true,
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["events"].as_array().unwrap().len(), 2);
    assert_eq!(v["events"][0]["story_date"], "2024-05-01");
    assert_eq!(
        post(&coding, "Putin met Xi.", false).json()["events"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let bad = post(&coding, r#"{"text": "x", "date": "May"}"#, true);
    assert_eq!(
        (bad.status, bad.json()["parameter"].as_str()),
        (StatusCode::BAD_REQUEST, Some("date"))
    );
    let bad = post(&coding, r#"{"txt": "x"}"#, true);
    assert_eq!(bad.json()["parameter"], "body");
    assert_eq!(post(&coding, "  ", false).json()["parameter"], "text");
    let big = "met ".repeat(20_000);
    assert_eq!(
        post(&coding, &big, false).status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        post(&coding, "boom", false).status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        post(&coding, "met", false).status,
        StatusCode::OK,
        "the coder is usable after a panic"
    );
    assert_eq!(
        coding.get("/api/code").status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[test]
fn kept_pages_follow_the_store_when_it_changes() {
    let s = Server::new();
    let points = |s: &Server| s.get("/").body.matches("<g class=\"point\"").count();
    assert_eq!(points(&s), 18);
    assert_eq!(points(&s), 18, "the kept page");
    let edges = s.get("/network").body.matches("<path class=\"edge").count();
    common::add_report(&s._fixture.path);
    assert_eq!(points(&s), 19, "a new month after an ingest");
    assert_eq!(
        s.get("/network").body.matches("<path class=\"edge").count(),
        edges
    );
    assert_eq!(s.total(""), common::EVENTS + 1);
}

#[test]
fn an_empty_store_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    dyad_store::Store::create(&path, &dyad_store::CreateOptions::default()).unwrap();
    let app = dyad_serve::app(&path, &dyad_serve::Limits::default()).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body = rt.block_on(async {
        let res = app
            .oneshot(Request::get("/").body(Body::empty()).unwrap())
            .await
            .unwrap();
        axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap()
    });
    assert!(String::from_utf8_lossy(&body).contains("dyad ingest --db"));
}

#[test]
fn a_missing_store_is_refused_before_serving() {
    let dir = tempfile::tempdir().unwrap();
    let e = dyad_serve::app(&dir.path().join("none.db"), &dyad_serve::Limits::default()).err();
    assert!(e.is_some_and(|e| e.to_string().contains("no event database")));
}
