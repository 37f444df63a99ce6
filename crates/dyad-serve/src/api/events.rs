//! `GET /api/events` (filtered, sorted pages) and `GET /api/events/{id}`
//! (one event with its mentions and their articles, spans marked).

use crate::error::ApiError;
use crate::params::Params;
use crate::respond::{events_csv, tabular, Format};
use crate::App;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use dyad_store::{ArticleText, EventRow, EventSort, MentionRow, Page};
use serde::Serialize;

pub const LIST_PARAMS: &[&str] = &[
    "actor", "source", "target", "dyad", "directed", "country", "role", "cameo", "plover", "quad",
    "from", "to", "text", "place", "near", "offset", "limit", "sort",
];

/// The `sort` values and their orders.
const SORTS: &[(&str, EventSort)] = &[
    ("date", EventSort::DateAscending),
    ("-date", EventSort::DateDescending),
    ("-mentions", EventSort::MentionsDescending),
    ("-goldstein", EventSort::GoldsteinDescending),
    ("goldstein", EventSort::GoldsteinAscending),
];

#[derive(Serialize)]
struct List {
    total: i64,
    offset: usize,
    limit: usize,
    sort: String,
    events: Vec<EventRow>,
}

/// The page parameters (`offset`, `limit`, `sort`).
pub(crate) fn page(p: &Params, max_page: usize) -> Result<(Page, String), ApiError> {
    let names: Vec<&str> = SORTS.iter().map(|(n, _)| *n).collect();
    let sort_name = p.choice("sort", &names, "date")?.to_string();
    let sort = SORTS
        .iter()
        .find(|(n, _)| *n == sort_name)
        .map_or(EventSort::DateAscending, |(_, s)| *s);
    let page = Page {
        offset: p.number("offset", 0, (0, 10_000_000))?,
        limit: p.number("limit", 50, (1, max_page))?,
        sort,
    };
    Ok((page, sort_name))
}

pub async fn list(
    State(app): State<App>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), LIST_PARAMS)?;
    let format = Format::of(&p, &headers)?;
    let filter = p.filter()?;
    let (page, sort) = page(&p, app.limits.max_page)?;
    let list = app
        .pool
        .run(move |s| {
            let total = s
                .count_events(&filter)
                .map_err(|e| ApiError::from_store(e, "text"))?;
            let events = s
                .events_page(&filter, &page)
                .map_err(|e| ApiError::from_store(e, "text"))?;
            Ok(List {
                total,
                offset: page.offset,
                limit: page.limit,
                sort,
                events,
            })
        })
        .await?;
    Ok(tabular(format, &list, || events_csv(&list.events)))
}

/// A marked stretch of an article: which part of the event it is.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Span {
    /// `sentence`, `source`, `target`, `trigger` or `place`.
    pub role: &'static str,
    /// Byte offset of its start in the article body.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// The text it covers.
    pub text: String,
}

#[derive(Serialize)]
struct Mention {
    #[serde(flatten)]
    mention: MentionRow,
    article: ArticleText,
    spans: Vec<Span>,
    /// The sentence as HTML with its spans in `<mark class="…">`.
    sentence_html: String,
}

#[derive(Serialize)]
pub(crate) struct Detail {
    pub(crate) event: EventRow,
    mentions: Vec<Mention>,
}

impl Detail {
    /// The mentions' sentences as marked HTML, with the spans, the pattern
    /// and the actors' reasons, for the event page.
    pub(crate) fn evidence(&self) -> Vec<Evidence> {
        self.mentions
            .iter()
            .map(|m| {
                let coded = &m.mention.coded;
                let text = |path: &[&str]| {
                    path.iter()
                        .try_fold(coded, |v, k| v.get(k))
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                };
                Evidence {
                    doc_id: m.article.doc_id.clone(),
                    title: m.article.title.clone(),
                    url: m.article.url.clone(),
                    outlet: m.article.source.clone(),
                    story_date: m.article.story_date.clone(),
                    sentence_html: m.sentence_html.clone(),
                    pattern: text(&["evidence", "pattern"]),
                    pattern_origin: text(&["evidence", "pattern_origin"]),
                    mood: coded
                        .pointer("/evidence/mood")
                        .map(|v| v.to_string().trim_matches('"').to_string())
                        .unwrap_or_default(),
                    source_reason: text(&["source", "reason"]),
                    target_reason: text(&["target", "reason"]),
                    date_rule: text(&["date", "rule"]),
                }
            })
            .collect()
    }
}

/// What the event page shows of one mention.
pub(crate) struct Evidence {
    pub(crate) doc_id: String,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) story_date: Option<String>,
    pub(crate) sentence_html: String,
    pub(crate) pattern: String,
    pub(crate) pattern_origin: String,
    pub(crate) mood: String,
    pub(crate) source_reason: String,
    pub(crate) target_reason: String,
    pub(crate) date_rule: String,
}

/// One event with its mentions and their articles: the answer of
/// `/api/events/{id}`, shared with the event page.
pub(crate) async fn detail(app: &App, id: &str) -> Result<Detail, ApiError> {
    let id: i64 = id.parse().map_err(|_| {
        ApiError::bad_parameter("id", format!("`{id}` is not an event id (a whole number)"))
    })?;
    let found = app
        .pool
        .run(move |s| {
            let internal = |e: dyad_store::StoreError| ApiError::internal(e.to_string());
            let Some(event) = s.event(id).map_err(internal)? else {
                return Ok(None);
            };
            let mentions = s.mentions(id).map_err(internal)?;
            let articles = s.mention_articles(id).map_err(internal)?;
            Ok(Some((event, mentions, articles)))
        })
        .await?;
    let Some((event, mentions, articles)) = found else {
        return Err(ApiError::not_found(format!("no event {id} in the store")));
    };
    let mentions = mentions
        .into_iter()
        .zip(articles)
        .map(|(mention, article)| {
            let spans = spans(&mention.coded, &article.body);
            let sentence_html = sentence_html(&article.body, &spans);
            Mention {
                mention,
                article,
                spans,
                sentence_html,
            }
        })
        .collect();
    Ok(Detail { event, mentions })
}

pub async fn one(
    State(app): State<App>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &[])?;
    Format::json_only(&p)?;
    let d = detail(&app, &id).await?;
    Ok(tabular(Format::Json, &d, String::new))
}

/// The spans of a coded event (sentence, source, target, trigger) that
/// are valid byte ranges of `body`; others are left out.
fn spans(coded: &serde_json::Value, body: &str) -> Vec<Span> {
    let pair = |path: &str| -> Option<(usize, usize)> {
        let v = coded.pointer(path)?.as_array()?;
        Some((v.first()?.as_u64()? as usize, v.get(1)?.as_u64()? as usize))
    };
    [
        ("sentence", "/evidence/sentence_span"),
        ("source", "/source/span"),
        ("target", "/target/span"),
        ("trigger", "/evidence/trigger_span"),
        ("place", "/location/span"),
    ]
    .into_iter()
    .filter_map(|(role, path)| {
        let (start, end) = pair(path)?;
        let text = body.get(start..end).filter(|t| !t.is_empty())?;
        Some(Span {
            role,
            start,
            end,
            text: text.to_string(),
        })
    })
    .collect()
}

/// The sentence span of `body` as HTML, the other spans marked (the whole
/// body when there is no sentence span).
fn sentence_html(body: &str, spans: &[Span]) -> String {
    let (start, end) = spans
        .iter()
        .find(|s| s.role == "sentence")
        .map_or((0, body.len()), |s| (s.start, s.end));
    let inner: Vec<Span> = spans
        .iter()
        .filter(|s| s.role != "sentence")
        .cloned()
        .collect();
    marked_html(body, (start, end), &inner)
}

/// `text[range]` as escaped HTML, each stretch covered by spans wrapped in
/// `<mark class="hl-ROLE …">` (a stretch in two spans gets both classes,
/// so overlapping spans never break the markup).
pub fn marked_html(text: &str, range: (usize, usize), spans: &[Span]) -> String {
    let (start, end) = range;
    let mut cuts: Vec<usize> = vec![start, end];
    for s in spans {
        cuts.extend([s.start.clamp(start, end), s.end.clamp(start, end)]);
    }
    cuts.retain(|&c| text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece = crate::ui::escape(&text[a..b]);
        let roles: Vec<String> = spans
            .iter()
            .filter(|s| s.start <= a && b <= s.end)
            .map(|s| format!("hl-{}", s.role))
            .collect();
        if roles.is_empty() {
            out.push_str(&piece);
        } else {
            out.push_str(&format!(
                "<mark class=\"{}\">{piece}</mark>",
                roles.join(" ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_spans_get_both_classes_and_text_is_escaped() {
        let text = "A<B met C";
        let spans = [
            Span {
                role: "source",
                start: 0,
                end: 3,
                text: String::new(),
            },
            Span {
                role: "trigger",
                start: 2,
                end: 7,
                text: String::new(),
            },
        ];
        assert_eq!(
            marked_html(text, (0, text.len()), &spans),
            "<mark class=\"hl-source\">A&lt;</mark><mark class=\"hl-source hl-trigger\">B</mark><mark class=\"hl-trigger\"> met</mark> C"
        );
    }
}
