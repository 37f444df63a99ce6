//! Greedy BILUO named-entity recognition (SPEC §6.6).

use super::nn::{argmax_valid, only_valid};
use super::transition::{Scratch, TableView, TransitionNet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Begin(u16),
    In(u16),
    Last(u16),
    Unit(u16),
    /// `U-` with an empty label: valid only with preset entities, never here.
    UnitNone,
    Out,
}

/// The ner action inventory, in class order.
pub struct Biluo {
    moves: Vec<Move>,
    labels: Vec<String>,
    names: Vec<String>,
}

/// Entities found in one doc, plus the classes taken.
pub struct Entities {
    /// `(start, end, label)` token ranges in creation order.
    pub spans: Vec<(usize, usize, String)>,
    pub actions: Vec<usize>,
}

impl Biluo {
    /// Builds the inventory from class names (`B-x`, `I-x`, `L-x`, `U-x`, `U-`, `O`).
    pub fn new(names: Vec<String>) -> Result<Biluo, String> {
        let mut labels: Vec<String> = Vec::new();
        let mut moves = Vec::with_capacity(names.len());
        for n in &names {
            if n == "O" {
                moves.push(Move::Out);
                continue;
            }
            if n == "U-" {
                moves.push(Move::UnitNone);
                continue;
            }
            let (letter, label) = n
                .split_once('-')
                .filter(|(_, l)| !l.is_empty())
                .ok_or_else(|| format!("unknown ner action {n:?}"))?;
            let id = match labels.iter().position(|x| x == label) {
                Some(i) => i as u16,
                None => {
                    labels.push(label.to_owned());
                    (labels.len() - 1) as u16
                }
            };
            moves.push(match letter {
                "B" => Move::Begin(id),
                "I" => Move::In(id),
                "L" => Move::Last(id),
                "U" => Move::Unit(id),
                _ => return Err(format!("unknown ner action {n:?}")),
            });
        }
        Ok(Biluo {
            moves,
            labels,
            names,
        })
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Finds the entities of one doc. `sent_start` comes from the parser;
    /// `is_space` marks whitespace tokens.
    pub fn run(
        &self,
        net: &TransitionNet,
        table: &TableView<'_>,
        sent_start: &[bool],
        is_space: &[bool],
    ) -> Entities {
        let n = is_space.len();
        let ss = |j: usize| j < n && sent_start[j];
        let mut scratch = Scratch::default();
        let mut valid = vec![false; self.moves.len()];
        let mut actions = Vec::with_capacity(n);
        // (start, end or None while open, label)
        let mut ents: Vec<(usize, Option<usize>, u16)> = Vec::new();
        let mut b0 = 0usize;
        while b0 < n {
            let open = ents.last().filter(|e| e.1.is_none()).map(|e| (e.0, e.2));
            let start = open.map_or(-1, |o| o.0 as i32);
            let ids = [
                b0 as i32,
                start,
                if start >= 0 { b0 as i32 - 1 } else { -1 },
            ];
            let blen = n - b0;
            for (v, m) in valid.iter_mut().zip(&self.moves) {
                *v = match (*m, open) {
                    (Move::Begin(_), None) => blen >= 2 && !ss(b0 + 1) && !is_space[b0],
                    (Move::In(x), Some((_, l))) => x == l && blen >= 2 && !ss(b0 + 1),
                    (Move::Last(x), Some((_, l))) => x == l,
                    (Move::Unit(_), None) => !is_space[b0],
                    (Move::Out, None) => true,
                    _ => false,
                };
            }
            // With one valid action (inside an entity at a sentence end,
            // whitespace outside one) the scores cannot change the choice.
            let best = if let Some(only) = only_valid(&valid) {
                only
            } else {
                net.score(table, &ids[..net.n_feats()], &mut scratch);
                argmax_valid(&scratch.scores, &valid)
            };
            let Some(best) = best else {
                break;
            };
            actions.push(best);
            match self.moves[best] {
                Move::Begin(x) => ents.push((b0, None, x)),
                Move::Last(_) => {
                    if let Some(e) = ents.last_mut() {
                        e.1 = Some(b0 + 1);
                    }
                }
                Move::Unit(x) => ents.push((b0, Some(b0 + 1), x)),
                Move::In(_) | Move::Out | Move::UnitNone => {}
            }
            b0 += 1;
        }
        let spans = ents
            .into_iter()
            .filter_map(|(s, e, l)| e.map(|e| (s, e, self.labels[l as usize].clone())))
            .collect();
        Entities { spans, actions }
    }
}
