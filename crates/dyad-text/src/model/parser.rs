//! Greedy arc-eager dependency parsing (SPEC §6.3–6.5): the transition
//! system, writing arcs to the doc, deprojectivisation and sentence starts.

use super::nn::{argmax_valid, only_valid};
use super::transition::{Scratch, TableView, TransitionNet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Shift,
    Reduce,
    Left(u16),
    Right(u16),
    Break,
}

/// The parser's action inventory, in class order.
pub struct ArcEager {
    moves: Vec<Move>,
    labels: Vec<String>,
    names: Vec<String>,
}

/// A finished parse of one doc.
pub struct Parse {
    pub heads: Vec<usize>,
    pub deps: Vec<String>,
    pub sent_starts: Vec<bool>,
    /// Classes taken, in order (for parity checks against spaCy's action log).
    pub actions: Vec<usize>,
}

impl ArcEager {
    /// Builds the inventory from class names (`S`, `D`, `L-x`, `R-x`, `B-ROOT`).
    pub fn new(names: Vec<String>) -> Result<ArcEager, String> {
        let mut labels: Vec<String> = Vec::new();
        let mut label_id = |l: &str| -> u16 {
            if let Some(i) = labels.iter().position(|x| x == l) {
                return i as u16;
            }
            labels.push(l.to_owned());
            (labels.len() - 1) as u16
        };
        let mut moves = Vec::with_capacity(names.len());
        for n in &names {
            let m = match n.as_str() {
                "S" => Move::Shift,
                "D" => Move::Reduce,
                _ if n.starts_with("L-") => Move::Left(label_id(&n[2..])),
                _ if n.starts_with("R-") => Move::Right(label_id(&n[2..])),
                _ if n.starts_with("B-") => Move::Break,
                _ => return Err(format!("unknown parser action {n:?}")),
            };
            moves.push(m);
        }
        Ok(ArcEager {
            moves,
            labels,
            names,
        })
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Parses one doc of `n` tokens; `is_space[i]` marks whitespace tokens.
    pub fn parse(&self, net: &TransitionNet, table: &TableView<'_>, is_space: &[bool]) -> Parse {
        let n = is_space.len();
        let mut st = State::new(n);
        let mut scratch = Scratch::default();
        let mut valid = vec![false; self.moves.len()];
        let mut actions = Vec::with_capacity(2 * n);
        let mut ids = [0i32; 8];
        while !st.is_final() {
            let can = st.validity();
            for (v, m) in valid.iter_mut().zip(&self.moves) {
                *v = can[kind(*m)];
            }
            // With one valid action (e.g. the final reduces) the scores
            // cannot change the choice, so they are not computed.
            let best = if let Some(only) = only_valid(&valid) {
                only
            } else {
                st.features(&mut ids);
                net.score(table, &ids[..net.n_feats()], &mut scratch);
                argmax_valid(&scratch.scores, &valid)
            };
            let Some(best) = best else {
                break; // spaCy forces a state with no valid action to be final
            };
            actions.push(best);
            st.apply(self.moves[best]);
        }
        let (heads, deps, sent_starts) = self.finish(&st, is_space);
        Parse {
            heads,
            deps,
            sent_starts,
            actions,
        }
    }

    /// SPEC §6.5: arcs to heads/labels, roots labelled ROOT, deprojectivised,
    /// sentence starts from the final tree.
    fn finish(&self, st: &State, is_space: &[bool]) -> (Vec<usize>, Vec<String>, Vec<bool>) {
        let n = st.heads.len();
        let mut heads: Vec<usize> = Vec::with_capacity(n);
        let mut deps: Vec<String> = Vec::with_capacity(n);
        for i in 0..n {
            if st.heads[i] < 0 || st.heads[i] as usize == i {
                heads.push(i);
                deps.push("ROOT".to_owned());
            } else {
                heads.push(st.heads[i] as usize);
                deps.push(self.labels[st.labels[i] as usize].clone());
            }
        }
        let (l_edge, r_edge) = edges(&heads);
        for i in 0..n {
            let Some((new_label, head_label)) = deps[i].split_once("||") else {
                continue;
            };
            let (new_label, head_label) = (new_label.to_owned(), head_label.to_owned());
            if let Some(h) =
                find_new_head(i, &head_label, &heads, &deps, &l_edge, &r_edge, is_space)
            {
                heads[i] = h;
            }
            deps[i] = new_label;
        }
        let (l_edge, _) = edges(&heads);
        let mut starts = vec![false; n];
        for i in 0..n {
            if heads[i] == i {
                starts[l_edge[i]] = true;
            }
        }
        if n > 0 {
            starts[0] = true;
        }
        (heads, deps, starts)
    }
}

/// Breadth-first search below the current head of `i` for a child labelled
/// `head_label` (spaCy `nonproj._find_new_head`), using the stale edges.
fn find_new_head(
    i: usize,
    head_label: &str,
    heads: &[usize],
    deps: &[String],
    l_edge: &[usize],
    r_edge: &[usize],
    is_space: &[bool],
) -> Option<usize> {
    let mut queue = vec![heads[i]];
    let mut visited = 0usize;
    while !queue.is_empty() {
        let mut next = Vec::new();
        for &q in &queue {
            let children = (l_edge[q]..q)
                .chain(q + 1..=r_edge[q])
                .filter(|&j| heads[j] == q && j != q);
            for c in children {
                if is_space[c] || c == i {
                    continue;
                }
                if deps[c] == head_label {
                    return Some(c);
                }
                next.push(c);
            }
        }
        // A tree has at most n nodes; this guards against a malformed one.
        visited += next.len();
        if visited > heads.len() {
            return None;
        }
        queue = next;
    }
    None
}

/// Left and right edges of every subtree, as spaCy's `set_children_from_heads`
/// computes them: alternating forward/backward passes until the sentence
/// check passes, at most 12 rounds.
fn edges(heads: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let n = heads.len();
    let mut l: Vec<usize> = (0..n).collect();
    let mut r: Vec<usize> = (0..n).collect();
    let mut count = 0;
    loop {
        for i in (0..n).chain((0..n).rev()) {
            let h = heads[i];
            l[h] = l[h].min(l[i]);
            r[h] = r[h].max(r[i]);
        }
        if count > 10 || sentences_consistent(heads, &l) {
            break;
        }
        count += 1;
    }
    (l, r)
}

fn sentences_consistent(heads: &[usize], l_edge: &[usize]) -> bool {
    let n = heads.len();
    let mut is_start = vec![false; n];
    for (i, &h) in heads.iter().enumerate() {
        if h == i {
            is_start[l_edge[i]] = true;
        }
    }
    let mut cs = 0;
    for (i, &start) in is_start.iter().enumerate() {
        if (i > 0 && start) || i + 1 == n {
            if (cs..i).any(|j| heads[j] < cs || heads[j] > i) {
                return false;
            }
            cs = i;
        }
    }
    true
}

/// Index of a move kind in [`State::validity`]'s result.
fn kind(m: Move) -> usize {
    match m {
        Move::Shift => 0,
        Move::Reduce => 1,
        Move::Left(_) => 2,
        Move::Right(_) => 3,
        Move::Break => 4,
    }
}

struct State {
    n: usize,
    stack: Vec<usize>,
    /// Next buffer token when `rebuffer` is empty.
    b_i: usize,
    /// Tokens pushed back by REDUCE; popped from the back first.
    rebuffer: Vec<usize>,
    heads: Vec<i32>,
    labels: Vec<u16>,
    unshiftable: Vec<bool>,
    sent_start: Vec<bool>,
    /// Per head, its arcs' children in insertion order (left: child < head).
    left_arcs: Vec<Vec<usize>>,
    right_arcs: Vec<Vec<usize>>,
}

impl State {
    fn new(n: usize) -> State {
        let mut sent_start = vec![false; n];
        if n > 0 {
            sent_start[0] = true;
        }
        State {
            n,
            stack: Vec::new(),
            b_i: 0,
            rebuffer: Vec::new(),
            heads: vec![-1; n],
            labels: vec![0; n],
            unshiftable: vec![false; n],
            sent_start,
            left_arcs: vec![Vec::new(); n],
            right_arcs: vec![Vec::new(); n],
        }
    }

    fn s(&self, i: usize) -> i32 {
        if i < self.stack.len() {
            self.stack[self.stack.len() - 1 - i] as i32
        } else {
            -1
        }
    }

    fn b(&self, i: usize) -> i32 {
        if i < self.rebuffer.len() {
            return self.rebuffer[self.rebuffer.len() - 1 - i] as i32;
        }
        let j = self.b_i + (i - self.rebuffer.len());
        if j < self.n {
            j as i32
        } else {
            -1
        }
    }

    fn buffer_length(&self) -> usize {
        (self.n - self.b_i) + self.rebuffer.len()
    }

    fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buffer_length() == 0
    }

    fn is_sent_start(&self, w: i32) -> bool {
        w >= 0 && (w as usize) < self.n && self.sent_start[w as usize]
    }

    /// Most recently attached child on the left (`L(h,1)`) or right.
    fn last_child(arcs: &[Vec<usize>], h: i32) -> i32 {
        if h < 0 {
            return -1;
        }
        arcs[h as usize].last().map_or(-1, |&c| c as i32)
    }

    fn features(&self, ids: &mut [i32; 8]) {
        let b0 = self.b(0);
        let s0 = self.s(0);
        *ids = [
            b0,
            self.b(1),
            s0,
            self.s(1),
            self.s(2),
            Self::last_child(&self.left_arcs, b0),
            Self::last_child(&self.left_arcs, s0),
            Self::last_child(&self.right_arcs, s0),
        ];
    }

    /// Whether Shift, Reduce, Left, Right and Break are valid (labels play no part).
    fn validity(&self) -> [bool; 5] {
        let blen = self.buffer_length();
        let b0 = self.b(0);
        let has_stack = !self.stack.is_empty();
        let shift = !has_stack
            || (blen >= 2
                && !self.is_sent_start(b0)
                && !(b0 >= 0 && self.unshiftable[b0 as usize]));
        let arc = has_stack && blen >= 1 && !self.is_sent_start(b0);
        let b1 = self.b(1);
        let brk = blen >= 2 && b1 == b0 + 1 && !self.is_sent_start(b1);
        [shift, has_stack, arc, arc, brk]
    }

    fn push(&mut self) {
        let t = match self.rebuffer.pop() {
            Some(t) => t,
            None => {
                self.b_i += 1;
                self.b_i - 1
            }
        };
        self.stack.push(t);
    }

    fn add_arc(&mut self, head: usize, child: usize, label: u16) {
        let old = self.heads[child];
        if old >= 0 {
            // spaCy removes the old arc only when it is the last one of its
            // list; otherwise its deletion is a no-op (SPEC §6.4).
            let old = old as usize;
            let arcs = if old > child {
                &mut self.left_arcs[old]
            } else {
                &mut self.right_arcs[old]
            };
            if arcs.last() == Some(&child) {
                arcs.pop();
            }
        }
        if head > child {
            self.left_arcs[head].push(child);
        } else {
            self.right_arcs[head].push(child);
        }
        self.heads[child] = head as i32;
        self.labels[child] = label;
    }

    fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => self.push(),
            Move::Reduce => {
                let s0 = self.s(0) as usize;
                if self.heads[s0] >= 0 || self.stack.len() == 1 {
                    self.stack.pop();
                } else {
                    self.unshiftable[s0] = true;
                    self.stack.pop();
                    self.rebuffer.push(s0);
                }
            }
            Move::Left(label) => {
                let (b0, s0) = (self.b(0) as usize, self.s(0) as usize);
                self.add_arc(b0, s0, label);
                self.unshiftable[b0] = false;
                self.stack.pop();
            }
            Move::Right(label) => {
                let (b0, s0) = (self.b(0) as usize, self.s(0) as usize);
                self.add_arc(s0, b0, label);
                self.push();
            }
            Move::Break => {
                let b1 = self.b(1) as usize;
                self.sent_start[b1] = true;
            }
        }
    }
}
