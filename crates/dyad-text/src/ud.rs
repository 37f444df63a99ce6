//! Universal Dependencies output: ClearNLP -> UD v2 relation conversion and CoNLL-U writing.
