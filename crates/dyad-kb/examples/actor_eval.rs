//! Scores the built-in dictionaries on an NGEC-format gold file:
//! `cargo run -p dyad-kb --example actor_eval -- FILE` (same figures as `dyad actor --eval`).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: actor_eval GOLD.jsonl")?;
    let text = std::fs::read_to_string(&path)?;
    let mut recs = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if !l.trim().is_empty() {
            recs.push((
                i + 1,
                serde_json::from_str(l).map_err(|e| format!("{path}:{}: {e}", i + 1))?,
            ));
        }
    }
    let kb = dyad_kb::KnowledgeBase::builtin()?;
    let r = dyad_kb::eval::evaluate(&kb, &path, &recs)?;
    let pct = |(n, ok): (usize, usize)| {
        if n == 0 {
            0.0
        } else {
            100.0 * ok as f64 / n as f64
        }
    };
    println!(
        "country accuracy:      {}/{} = {:.1}%",
        r.country.1,
        r.country.0,
        pct(r.country)
    );
    println!(
        "first sector accuracy: {}/{} = {:.1}%",
        r.sector.1,
        r.sector.0,
        pct(r.sector)
    );
    for m in &r.misses {
        println!("  {m}");
    }
    Ok(())
}
