//! Stage 5, actors: the argument heads' phrases resolved to actor codes
//! through dyad-kb ([`resolve`]), then reworked by the rules that read the
//! sentence's scene and what the article named before it ([`rules`],
//! [`scene`]).

pub mod phrase;
pub mod resolve;
pub mod rules;
pub mod scene;

pub use phrase::actor_phrase;
pub use resolve::{ActorResolver, ResolvedActor};

use resolve::Inside;
use rules::{CandidateCtx, Sides};

/// The actors of candidate `cx`: its sources and targets resolved, then
/// each rule in turn.
pub(crate) fn resolve_sides(cx: &CandidateCtx<'_, '_>) -> Sides {
    let (doc, c, when) = (cx.doc, cx.candidate, cx.when);
    let mut sides = Sides {
        sources: c
            .sources
            .iter()
            .flat_map(|&h| cx.actors.resolve_arg(doc, h, when, Inside::Skip))
            .collect(),
        targets: c
            .targets
            .iter()
            .flat_map(|&h| cx.actors.resolve_arg(doc, h, when, Inside::Search))
            .collect(),
    };
    rules::fallback_target(cx, &mut sides);
    rules::reaction_to_act(cx, &mut sides);
    rules::unnamed_attacker(cx, &mut sides);
    rules::obvious_agent(cx, &mut sides);
    rules::pronoun_person(cx, &mut sides);
    rules::pronoun_object(cx, &mut sides);
    rules::ethnic_scene(cx, &mut sides);
    rules::both_countries(cx, &mut sides);
    rules::scene_country(cx, &mut sides);
    rules::home_country(cx, &mut sides);
    rules::domestic_counterpart(cx, &mut sides);
    rules::domestic_target(cx, &mut sides);
    sides
}
