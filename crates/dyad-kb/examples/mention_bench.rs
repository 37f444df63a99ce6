//! Times dictionary matching over a tokenised sentence:
//! `cargo run --release -p dyad-kb --example mention_bench`.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let kb = dyad_kb::KnowledgeBase::builtin()?;
    println!("load: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let text = "Russian President Vladimir Putin met his Turkish counterpart in Ankara on Tuesday , the Kremlin said , as Ukrainian troops and NATO officials watched";
    let raw: Vec<&str> = text.split(' ').collect();
    let n = 100_000;
    let t = Instant::now();
    let mut k = 0;
    for _ in 0..n {
        k += dyad_kb::norm::tokenize(text).len();
    }
    println!(
        "tokenize: {:.2} µs ({k})",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    let toks = dyad_kb::norm::tokenize(text);
    let t = Instant::now();
    for _ in 0..n {
        k += kb.find_in(&toks).len();
    }
    println!(
        "find_in: {:.2} µs",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    let t = Instant::now();
    for _ in 0..n {
        k += kb.find_mentions(&raw).len();
    }
    println!(
        "find_mentions: {:.2} µs ({k})",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    Ok(())
}
