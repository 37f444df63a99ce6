//! Lexical attributes: NORM, PREFIX, SUFFIX, SHAPE, string ids (MurmurHash64A / symbol table).
