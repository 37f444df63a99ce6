//! dyad-kb: what dyad knows about the world — the CAMEO/PLOVER ontology,
//! actor dictionaries with date windows, and actor resolution.
