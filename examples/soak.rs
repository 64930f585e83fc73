//! Soak: decodes N mutated vendor payloads (default 1,000,000) and counts
//! panics. `cargo run --profile soak --example soak -- [N] [seed]`

use std::time::Instant;

#[path = "../tests/support/mutate.rs"]
mod mutate;

use mutate::{decode, mutated, seeded, SAMPLES};

fn main() {
    let mut args = std::env::args().skip(1);
    let total: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    let samples: Vec<(&str, serde_json::Value)> =
        SAMPLES.iter().filter_map(|(name, text)| serde_json::from_str(text).ok().map(|v| (*name, v))).collect();
    // Count panics instead of printing each one.
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = seeded(seed);
    let (mut panics, mut decoded, mut refused) = (0u64, 0u64, 0u64);
    let start = Instant::now();
    for i in 0..total {
        let (name, doc) = &samples[(i % samples.len() as u64) as usize];
        let body = mutated(doc, &mut rng);
        match std::panic::catch_unwind(|| decode(name, &body)) {
            Ok(true) => decoded += 1,
            Ok(false) => refused += 1,
            Err(_) => {
                panics += 1;
                if panics <= 5 {
                    eprintln!("panic on {name} payload #{i}: {}", body.chars().take(200).collect::<String>());
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("soak: {total} mutated payloads in {secs:.1} s ({:.0}/s), seed {seed}", total as f64 / secs);
    println!("      decoded {decoded}, refused with an error {refused}, panics {panics}");
    if panics > 0 {
        std::process::exit(1);
    }
}
