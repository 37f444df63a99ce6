//! Universal Dependencies output: ClearNLP -> UD v2 tree conversion,
//! CoNLL-U writing and reading, and scoring against a UD treebank.
//!
//! The parser gives ClearNLP/OntoNotes-style trees. [`to_ud`] restructures
//! them where UD's analysis differs and renames the relations:
//!
//! | step | ClearNLP | UD v2 |
//! |---|---|---|
//! | coordination | `cc`, `,`/`;` (`punct`) on the first conjunct; `conj` chains | `cc`/`punct` on the following conjunct; every `conj` on the first conjunct |
//! | person names | `compound` chain onto the last name (PERSON entity) | first name is the head, the others `flat` |
//! | titles | `compound` (PROPN/NOUN) before a PERSON entity | `nmod:desc` on the name |
//! | dates | month name + `nummod` day (+ `nummod` year) | the day heads the date; month `compound`, year `nmod:unmarked` |
//! | copula | `attr`/`acomp` (or a `prep`+`pobj` with nothing else) under a form of *be* that is not `aux` | the predicate takes *be*'s head and label, *be* becomes `cop`, *be*'s other dependents move to the predicate; not with an `expl` subject |
//! | prepositions | `prep` + `pobj` | `case` on the noun, which attaches to the preposition's head as `nmod` (nominal head) or `obl` (other heads, and dependents moved from a copula) |
//! | | `prep` + `prep` + `pobj` (*because of*, *out of*) | the noun as above; first preposition `case`, second `fixed` on it |
//! | | `prep` + `pcomp` (verb) | `mark` on the clause, which is `advcl` (or `acl` under a noun) |
//! | | `agent` + `pobj` | `case` + `obl:agent` |
//! | | `dative` + `pobj` | as `prep` |
//! | | `prep` with no object | `obl` |
//! | | `prep` + `conj` `prep` + `pobj` (*in X or in Y*) | second noun `conj` of the first, its preposition `case` |
//! | labels | `ROOT` | `root` |
//! | | `nsubjpass`, `csubjpass`, `auxpass` | `nsubj:pass`, `csubj:pass`, `aux:pass` |
//! | | `dobj`, `dative` | `obj`, `iobj` |
//! | | `aux` on *to* (TO) | `mark` |
//! | | `poss`, `relcl`, `prt` | `nmod:poss`, `acl:relcl`, `compound:prt` |
//! | | `neg`, `quantmod` | `advmod` |
//! | | `npadvmod` | `nmod:unmarked` (nominal head) / `obl:unmarked` |
//! | | `attr` with an `expl` sibling | `nsubj` |
//! | | `attr`, `acomp` (not under *be*), `oprd` | `xcomp` |
//! | | `pobj` left without a preposition | `obl` |
//! | | `pcomp` left over | `advcl` |
//! | | `agent` left over | `obl:agent` |
//! | | `intj` | `discourse` |
//! | | `predet`, `preconj` | `det:predet`, `cc:preconj` |
//! | | `meta` | `dep` |
//! | | `nmod` before its head | `compound` |
//! | | `compound` that is ADJ, or a capitalised name part ending in -ian, -can, -ese, -ish, -ic, -al, -ed (*United*, *American*) | `amod` |
//! | | `nsubj`, `csubj`, `aux`, `det`, `amod`, `advmod`, `advcl`, `acl`, `appos`, `ccomp`, `xcomp`, `compound`, `mark`, `expl`, `nummod`, `parataxis`, `punct`, `case`, `cc`, `conj`, `nmod`, `dep` | unchanged |
//! | | anything else | `dep`, counted as unmapped ([`UdTree::unmapped`]) |
//!
//! | punctuation | wherever the parser put it | a pair of brackets or quotes on the one head of what it encloses; other marks on the lower of the highest left and right neighbours reachable without crossing the mark (Udapi's `ud.FixPunct` rule), so a final period goes to the root |
//!
//! "Nominal" means UPOS NOUN, PROPN, PRON, NUM or SYM. Whitespace tokens are
//! left out of the tree: nothing attaches to them (a dependent of one moves
//! to its head) and they are skipped in CoNLL-U.

mod conllu;
mod convert;
mod eval;
mod spacy_dump;

pub use conllu::{read_conllu, write_conllu, GoldSentence, GoldWord};
pub use convert::{to_ud, UdTree};
pub use eval::{Alignment, UdScores};
pub use spacy_dump::doc_from_spacy_dump;
