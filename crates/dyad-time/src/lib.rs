//! dyad-time: temporal expressions in news English, normalised against the
//! story date, and attached to events.
