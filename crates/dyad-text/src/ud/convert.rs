//! ClearNLP -> UD v2 tree conversion (the mapping table is in the module
//! docs of [`crate::ud`]).

use std::ops::Range;

use crate::rules::pyfn;
use crate::Doc;

/// A document's UD dependency tree, indexed like [`Doc::tokens`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UdTree {
    /// UD head of each token as a token index; `None` for a sentence root
    /// and for whitespace tokens.
    pub head: Vec<Option<usize>>,
    /// UD relation of each token (`root` for roots, empty for whitespace).
    pub deprel: Vec<String>,
    /// True for whitespace tokens, which have no place in the tree.
    pub skipped: Vec<bool>,
    /// How many tokens had a ClearNLP label with no UD mapping (now `dep`).
    pub unmapped: usize,
}

/// Converts the parse in `doc` (ClearNLP labels) to UD v2.
pub fn to_ud(doc: &Doc) -> UdTree {
    let n = doc.tokens.len();
    let mut w = Work {
        doc,
        h: doc
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| if t.head < n { t.head } else { i })
            .collect(),
        l: doc.tokens.iter().map(|t| t.dep.clone()).collect(),
        skip: (0..n).map(|i| pyfn::is_space(doc.token_text(i))).collect(),
        moved: vec![false; n],
        done: vec![false; n],
        unmapped: 0,
    };
    for i in 0..n {
        if w.is_root(i) {
            w.l[i] = "ROOT".into();
        }
    }
    for sent in doc.sentences() {
        w.sentence(sent);
    }
    let mut tree = UdTree {
        head: vec![None; n],
        deprel: vec![String::new(); n],
        skipped: w.skip.clone(),
        unmapped: w.unmapped,
    };
    for sent in doc.sentences() {
        w.finish(sent, &mut tree);
    }
    tree
}

struct Work<'a> {
    doc: &'a Doc,
    /// Heads as token indices; a root is its own head.
    h: Vec<usize>,
    /// Labels, ClearNLP until [`Work::relabel`], UD after.
    l: Vec<String>,
    skip: Vec<bool>,
    /// Moved from a copula to its predicate: a clause-level dependent.
    moved: Vec<bool>,
    /// Already restructured as part of a multi-word preposition.
    done: Vec<bool>,
    unmapped: usize,
}

impl Work<'_> {
    fn is_root(&self, i: usize) -> bool {
        self.h[i] == i
    }

    fn children(&self, x: usize, range: &Range<usize>) -> Vec<usize> {
        range
            .clone()
            .filter(|&j| j != x && self.h[j] == x)
            .collect()
    }

    fn child_with(&self, x: usize, range: &Range<usize>, labels: &[&str]) -> Option<usize> {
        self.children(x, range)
            .into_iter()
            .find(|&c| labels.contains(&self.l[c].as_str()))
    }

    fn pos(&self, i: usize) -> &str {
        &self.doc.tokens[i].pos
    }

    fn nominal(&self, i: usize) -> bool {
        matches!(self.pos(i), "NOUN" | "PROPN" | "PRON" | "NUM" | "SYM")
    }

    /// `new` takes `old`'s place in the tree (its head and label, or root).
    fn replace(&mut self, old: usize, new: usize) {
        if self.is_root(old) {
            self.h[new] = new;
        } else {
            self.h[new] = self.h[old];
        }
        self.l[new] = std::mem::take(&mut self.l[old]);
    }

    fn sentence(&mut self, r: Range<usize>) {
        self.coordination(&r);
        self.names(&r);
        self.dates(&r);
        self.copulas(&r);
        self.prepositions(&r);
        self.coordinated_prepositions(&r);
        for i in r.clone() {
            if !self.skip[i] {
                self.relabel(i, &r);
            }
        }
    }

    fn coordination(&mut self, r: &Range<usize>) {
        // `cc` and separating punctuation go to the conjunct after them.
        for c in r.clone() {
            let x = self.h[c];
            let text = self.doc.token_text(c);
            let is_sep = self.l[c] == "cc" || (self.l[c] == "punct" && matches!(text, "," | ";"));
            if !is_sep || x == c || x > c {
                continue;
            }
            if let Some(k) = r
                .clone()
                .find(|&k| k > c && self.h[k] == x && self.l[k] == "conj")
            {
                self.h[c] = k;
            }
        }
        // Conjunct chains become siblings under the first conjunct.
        for j in r.clone() {
            while self.l[j] == "conj" && self.l[self.h[j]] == "conj" && !self.is_root(self.h[j]) {
                self.h[j] = self.h[self.h[j]];
            }
        }
    }

    fn names(&mut self, r: &Range<usize>) {
        for e in &self.doc.ents {
            if e.label != "PERSON" || e.start < r.start || e.end > r.end {
                continue;
            }
            let span = e.start..e.end;
            let last = e.end - 1;
            // A title before a name ("President", "Ambassador") describes it.
            for c in self.children(last, r) {
                if c < e.start && self.l[c] == "compound" && matches!(self.pos(c), "PROPN" | "NOUN")
                {
                    self.l[c] = "nmod:desc".into();
                }
            }
            if e.end - e.start < 2 {
                continue;
            }
            let chain = span.clone().all(|i| self.pos(i) == "PROPN")
                && (e.start..last).all(|i| self.l[i] == "compound" && span.contains(&self.h[i]))
                && !span.contains(&self.h[last]);
            if !chain {
                continue;
            }
            let first = e.start;
            self.replace(last, first);
            for i in span.clone().skip(1) {
                self.h[i] = first;
                self.l[i] = "flat".into();
            }
            for c in self.children(last, r) {
                if !span.contains(&c) {
                    self.h[c] = first;
                }
            }
        }
    }

    /// "July 21, 2017": the day number heads the date, the month is its
    /// `compound` and the year its `nmod:unmarked` (UD English).
    fn dates(&mut self, r: &Range<usize>) {
        for m in r.clone() {
            if !is_month(self.doc.token_text(m)) {
                continue;
            }
            let day = self.children(m, r).into_iter().find(|&d| {
                d == m + 1
                    && self.l[d] == "nummod"
                    && self
                        .doc
                        .token_text(d)
                        .parse::<u32>()
                        .is_ok_and(|v| (1..=31).contains(&v))
            });
            let Some(day) = day else { continue };
            let others: Vec<usize> = self
                .children(m, r)
                .into_iter()
                .filter(|&c| c != day)
                .collect();
            self.replace(m, day);
            self.h[m] = day;
            self.l[m] = "compound".into();
            for c in others {
                self.h[c] = day;
                if self.l[c] == "nummod" && c > day {
                    self.l[c] = "npadvmod".into();
                }
            }
        }
    }

    fn copulas(&mut self, r: &Range<usize>) {
        for b in r.clone() {
            let t = &self.doc.tokens[b];
            if t.lemma != "be" || matches!(self.l[b].as_str(), "aux" | "auxpass") {
                continue;
            }
            if self.child_with(b, r, &["expl"]).is_some() {
                continue;
            }
            let mut case = None;
            let pred = match self.child_with(b, r, &["attr", "acomp"]) {
                Some(p) => p,
                None => {
                    if self
                        .child_with(b, r, &["dobj", "ccomp", "xcomp", "csubj", "oprd"])
                        .is_some()
                    {
                        continue;
                    }
                    let Some(p) = self
                        .children(b, r)
                        .into_iter()
                        .find(|&p| p > b && self.l[p] == "prep")
                    else {
                        continue;
                    };
                    let Some(n) = self.child_with(p, r, &["pobj"]) else {
                        continue;
                    };
                    case = Some(p);
                    n
                }
            };
            let deps = self.children(b, r);
            self.replace(b, pred);
            for c in deps {
                if c != pred && Some(c) != case {
                    self.h[c] = pred;
                    self.moved[c] = true;
                }
            }
            self.h[b] = pred;
            self.l[b] = "cop".into();
            if let Some(p) = case {
                for c in self.children(p, r) {
                    if c != pred {
                        self.h[c] = pred;
                    }
                }
                self.h[p] = pred;
                self.l[p] = "case".into();
            }
        }
    }

    fn prepositions(&mut self, r: &Range<usize>) {
        for p in r.clone() {
            let label = self.l[p].clone();
            if self.done[p] || !matches!(label.as_str(), "prep" | "agent" | "dative") {
                continue;
            }
            let agent = label == "agent";
            let mut fixed = None;
            let obj = match self.child_with(p, r, &["pobj"]) {
                Some(n) => Some(n),
                None => self
                    .children(p, r)
                    .into_iter()
                    .find(|&q| self.l[q] == "prep" && q == p + 1)
                    .and_then(|q| {
                        let n = self.child_with(q, r, &["pobj"])?;
                        fixed = Some(q);
                        Some(n)
                    }),
            };
            if let Some(n) = obj {
                let head = if self.is_root(p) {
                    None
                } else {
                    Some(self.h[p])
                };
                let rel = match head {
                    None => "ROOT",
                    Some(_) if agent => "obl:agent",
                    Some(hd) if self.nominal(hd) && !self.moved[p] => "nmod",
                    Some(_) => "obl",
                };
                let others: Vec<usize> = self
                    .children(p, r)
                    .into_iter()
                    .filter(|&c| c != n)
                    .collect();
                self.h[n] = head.unwrap_or(n);
                self.l[n] = rel.into();
                self.h[p] = n;
                self.l[p] = "case".into();
                for c in others {
                    self.h[c] = n;
                }
                if let Some(q) = fixed {
                    for c in self.children(q, r) {
                        self.h[c] = n;
                    }
                    self.h[q] = p;
                    self.l[q] = "fixed".into();
                    self.done[q] = true;
                }
                continue;
            }
            if label == "dative" {
                continue;
            }
            if let Some(c) = self.child_with(p, r, &["pcomp"]) {
                let head = if self.is_root(p) {
                    None
                } else {
                    Some(self.h[p])
                };
                let verbal = self.pos(c) == "VERB" || self.pos(c) == "AUX";
                let rel = match head {
                    None => "ROOT",
                    Some(hd) if self.nominal(hd) && !self.moved[p] => {
                        if verbal {
                            "acl"
                        } else {
                            "nmod"
                        }
                    }
                    Some(_) => {
                        if verbal {
                            "advcl"
                        } else {
                            "obl"
                        }
                    }
                };
                let others: Vec<usize> = self
                    .children(p, r)
                    .into_iter()
                    .filter(|&x| x != c)
                    .collect();
                self.h[c] = head.unwrap_or(c);
                self.l[c] = rel.into();
                self.h[p] = c;
                self.l[p] = if verbal { "mark" } else { "case" }.into();
                for x in others {
                    self.h[x] = c;
                }
            }
        }
    }

    /// A preposition coordinated with a converted one ("in X or in Y"):
    /// its object becomes the conjunct of the first object.
    fn coordinated_prepositions(&mut self, r: &Range<usize>) {
        for q in r.clone() {
            let p = self.h[q];
            if self.l[q] != "conj" || p == q || self.l[p] != "case" || self.pos(q) != "ADP" {
                continue;
            }
            let Some(n) = self.child_with(q, r, &["pobj"]) else {
                continue;
            };
            let n1 = self.h[p];
            let others: Vec<usize> = self
                .children(q, r)
                .into_iter()
                .filter(|&c| c != n)
                .collect();
            self.h[n] = n1;
            self.l[n] = "conj".into();
            self.h[q] = n;
            self.l[q] = "case".into();
            for c in others {
                self.h[c] = n;
            }
        }
    }

    fn relabel(&mut self, i: usize, r: &Range<usize>) {
        let hd = self.h[i];
        let nominal_head = !self.is_root(i) && self.nominal(hd);
        let new = match self.l[i].as_str() {
            "ROOT" => "root",
            "nsubjpass" => "nsubj:pass",
            "csubjpass" => "csubj:pass",
            "auxpass" => "aux:pass",
            "dobj" => "obj",
            "dative" => "iobj",
            "aux" if self.doc.tokens[i].tag == "TO" => "mark",
            "poss" => "nmod:poss",
            "relcl" => "acl:relcl",
            "prt" => "compound:prt",
            "neg" | "quantmod" => "advmod",
            "npadvmod" if nominal_head => "nmod:unmarked",
            "npadvmod" => "obl:unmarked",
            "attr" if self.child_with(hd, r, &["expl"]).is_some() => "nsubj",
            "attr" | "acomp" | "oprd" => "xcomp",
            "pobj" | "prep" => "obl",
            "pcomp" => "advcl",
            "agent" => "obl:agent",
            "intj" => "discourse",
            "predet" => "det:predet",
            "preconj" => "cc:preconj",
            "meta" => "dep",
            // ClearNLP `nmod` is mostly a pre-nominal modifier: UD `compound`.
            "nmod" if i < hd => "compound",
            "compound" if self.pos(i) == "ADJ" || adjectival_name_part(self.doc.token_text(i)) => {
                "amod"
            }
            "nsubj" | "csubj" | "aux" | "det" | "amod" | "advmod" | "advcl" | "acl" | "appos"
            | "ccomp" | "xcomp" | "compound" | "mark" | "expl" | "nummod" | "parataxis"
            | "punct" | "case" | "cc" | "conj" | "nmod" | "dep" => return,
            // Produced by the restructuring steps above.
            "cop" | "flat" | "fixed" | "obl" | "obl:agent" | "nmod:desc" => return,
            _ => {
                self.unmapped += 1;
                "dep"
            }
        };
        self.l[i] = new.into();
    }

    /// Writes the sentence into `tree`, skipping whitespace and making sure
    /// it is a tree with one root.
    fn finish(&self, r: Range<usize>, tree: &mut UdTree) {
        let resolve = |mut j: usize| -> Option<usize> {
            // Follow heads past whitespace tokens; stop on leaving the
            // sentence or a cycle.
            for _ in 0..r.len() {
                if self.h[j] == j || !r.contains(&self.h[j]) {
                    return None;
                }
                j = self.h[j];
                if !self.skip[j] {
                    return Some(j);
                }
            }
            None
        };
        let mut root = None;
        for i in r.clone() {
            if self.skip[i] {
                continue;
            }
            let mut head = resolve(i);
            let mut rel = self.l[i].clone();
            if head.is_none() {
                match root {
                    None => {
                        root = Some(i);
                        rel = "root".into();
                    }
                    Some(first) => {
                        head = Some(first);
                        if rel == "root" {
                            rel = "parataxis".into();
                        }
                    }
                }
            } else if rel == "root" {
                rel = "dep".into();
            }
            tree.head[i] = head;
            tree.deprel[i] = rel;
        }
        // Break any cycle the restructuring might have made by hanging its
        // entry point on the root.
        let Some(root) = root else { return };
        self.break_cycles(&r, root, tree);
        let words: Vec<usize> = r.clone().filter(|&i| !self.skip[i]).collect();
        self.fix_punct(&words, tree);
        self.break_cycles(&r, root, tree);
    }

    fn break_cycles(&self, r: &Range<usize>, root: usize, tree: &mut UdTree) {
        for i in r.clone() {
            if self.skip[i] {
                continue;
            }
            let mut j = i;
            let mut steps = 0;
            while let Some(h) = tree.head[j] {
                j = h;
                steps += 1;
                if steps > r.len() {
                    tree.head[i] = Some(root);
                    tree.deprel[i] = "dep".into();
                    break;
                }
            }
        }
    }

    /// Re-attaches punctuation as UD treebanks do (the rule of Udapi's
    /// `ud.FixPunct`): a matching pair of brackets or quotes goes to the one
    /// head of what it encloses; any other mark goes to the lower of the
    /// highest left and right neighbours it can reach without crossing
    /// itself.
    fn fix_punct(&self, words: &[usize], tree: &mut UdTree) {
        let m = words.len();
        let local: std::collections::HashMap<usize, usize> =
            words.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let mut head: Vec<Option<usize>> = words
            .iter()
            .map(|&i| tree.head[i].and_then(|h| local.get(&h).copied()))
            .collect();
        let punct: Vec<bool> = words.iter().map(|&i| tree.deprel[i] == "punct").collect();
        if (0..m).any(|k| punct[k] && head[k].is_none()) {
            return;
        }
        // Punctuation has no dependents: hand them to the nearest non-punct ancestor.
        for k in 0..m {
            let mut h = head[k];
            let mut steps = 0;
            while let Some(x) = h {
                if !punct[x] || steps > m {
                    break;
                }
                h = head[x];
                steps += 1;
            }
            if !punct[k] {
                head[k] = h;
            }
        }
        // Subtree extents over non-punct nodes (punct stay leaves below).
        let mut lo: Vec<usize> = (0..m).collect();
        let mut hi: Vec<usize> = (0..m).collect();
        for k in (0..m).filter(|&k| !punct[k]) {
            let mut h = head[k];
            let mut steps = 0;
            while let Some(x) = h {
                lo[x] = lo[x].min(k);
                hi[x] = hi[x].max(k);
                h = head[x];
                steps += 1;
                if steps > m {
                    break;
                }
            }
        }
        let is_desc = |a: usize, b: usize, head: &[Option<usize>]| {
            let mut h = head[a];
            for _ in 0..m {
                match h {
                    Some(x) if x == b => return true,
                    Some(x) => h = head[x],
                    None => return false,
                }
            }
            false
        };
        let text = |k: usize| self.doc.token_text(words[k]);
        let mut done = vec![false; m];
        // Paired marks.
        let mut open: Vec<usize> = Vec::new();
        let mut straight: Option<usize> = None;
        let mut single: Option<usize> = None;
        for k in (0..m).filter(|&k| punct[k]) {
            let t = text(k);
            let close = match t {
                "(" | "[" | "{" | "“" => {
                    open.push(k);
                    None
                }
                ")" | "]" | "}" | "”" => {
                    let want = match t {
                        ")" => "(",
                        "]" => "[",
                        "}" => "{",
                        _ => "“",
                    };
                    match open.iter().rposition(|&o| text(o) == want) {
                        Some(p) => {
                            let o = open[p];
                            open.truncate(p);
                            Some(o)
                        }
                        None => None,
                    }
                }
                "'" => match single.take() {
                    Some(o) => Some(o),
                    None => {
                        single = Some(k);
                        None
                    }
                },
                "\"" => match straight.take() {
                    Some(o) => Some(o),
                    None => {
                        straight = Some(k);
                        None
                    }
                },
                _ => None,
            };
            let Some(o) = close else { continue };
            let roots: Vec<usize> = (o + 1..k)
                .filter(|&x| !punct[x] && !matches!(head[x], Some(h) if h > o && h < k))
                .collect();
            if let [r] = roots.as_slice() {
                head[o] = Some(*r);
                head[k] = Some(*r);
                done[o] = true;
                done[k] = true;
            }
        }
        for p in 0..m {
            if !punct[p] || done[p] {
                continue;
            }
            let left = (0..p).rev().find(|&x| !punct[x]);
            let right = (p + 1..m).find(|&x| !punct[x]);
            let mut l_path = Vec::new();
            if let Some(mut c) = left {
                l_path.push(c);
                while let Some(par) = head[c] {
                    if par > p || hi[c] > p {
                        break;
                    }
                    c = par;
                    l_path.push(c);
                }
            }
            let mut r_path = Vec::new();
            if let Some(mut c) = right {
                r_path.push(c);
                while let Some(par) = head[c] {
                    if par < p || lo[c] < p {
                        break;
                    }
                    c = par;
                    r_path.push(c);
                }
            }
            // The lower of the two candidates (the one inside the other's
            // subtree); the left one when neither is.
            head[p] = match (l_path.last(), r_path.last()) {
                (None, None) => continue,
                (Some(&l), None) => Some(l),
                (None, Some(&r)) => Some(r),
                (Some(&l), Some(&r)) => Some(if is_desc(r, l, &head) && !is_desc(l, r, &head) {
                    r
                } else {
                    l
                }),
            };
        }
        for k in 0..m {
            tree.head[words[k]] = head[k].map(|h| words[h]);
        }
    }
}

fn is_month(s: &str) -> bool {
    s.starts_with(char::is_uppercase) && dyad_ingest::month_prefix(s).is_some()
}

/// A capitalised word inside a name that UD English treats as an adjective
/// (`amod`) although the tagger calls it NNP: "United", "American",
/// "Chinese", "British", "National"…, recognised by their endings.
fn adjectival_name_part(s: &str) -> bool {
    if !s.starts_with(char::is_uppercase) || s.len() < 5 || s.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    let l = s.to_lowercase();
    ["ian", "can", "ese", "ish", "ic", "al", "ed"]
        .iter()
        .any(|suf| l.ends_with(suf))
}
