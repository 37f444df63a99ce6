//! Tokenizer: spaCy-compatible rule tokenizer (prefix/suffix/infix, special cases, URL match).
