//! Benchmark: model vs keywords-only baseline on the held-out set (quality and speed), p99 latency,
//! training time on 10,000 recombined catalogue examples, and model size. Run with `cargo bench`.

use kentongan_classify::{Catalogue, Classifier, Example, KeywordModel, csvdata, eval};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let catalogue = Catalogue::load(&root.join("../../deploy/pekalongan/opd.toml")).expect("catalogue");
    let heldout = csvdata::read(&root.join("data/heldout.csv")).expect("heldout");
    let texts: Vec<&str> = heldout.iter().map(|e| e.text.as_str()).collect();

    let model = Classifier::train(Some(&catalogue), &[]);
    let report = eval::evaluate(&model, &heldout);
    let (rate, p99) = speed(&texts, |t| model.classify(t).top.len());
    println!(
        "model     heldout n={} accuracy={:.3} macro_f1={:.3} top3={:.3}",
        report.n, report.accuracy, report.macro_f1, report.top3_accuracy
    );
    println!("model     {rate:.0} classifications/s (1 core), p99 {:.1} µs", p99.as_secs_f64() * 1e6);

    let keywords = KeywordModel::from_catalogue(&catalogue);
    let base = eval::evaluate_ranking(&heldout, |t| keywords.rank(t).into_iter().map(|(l, _)| l).collect());
    let (rate, p99) = speed(&texts, |t| keywords.rank(t).len());
    println!(
        "keywords  heldout n={} accuracy={:.3} macro_f1={:.3} top3={:.3}",
        base.n, base.accuracy, base.macro_f1, base.top3_accuracy
    );
    println!("keywords  {rate:.0} classifications/s (1 core), p99 {:.1} µs", p99.as_secs_f64() * 1e6);

    let big = recombine(&catalogue, 10_000);
    let started = Instant::now();
    let trained = Classifier::train(Some(&catalogue), &big);
    println!("training  {} examples (+ catalogue) in {:.0} ms", big.len(), started.elapsed().as_secs_f64() * 1e3);
    let path = std::env::temp_dir().join(format!("kentongan-bench-{}.json", std::process::id()));
    for (name, m) in [("catalogue-only", &model), ("10k-trained", &trained)] {
        m.save(&path).expect("save");
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!("size      {name} model: {:.1} KiB serialized JSON (proxy for loaded memory)", bytes as f64 / 1024.0);
    }
    std::fs::remove_file(&path).ok();
}

/// Throughput over repeated passes and the 99th-percentile single-call latency.
fn speed(texts: &[&str], f: impl Fn(&str) -> usize) -> (f64, Duration) {
    let mut sink = 0;
    for t in texts {
        sink += f(t);
    }
    let mut times = Vec::with_capacity(texts.len() * 20);
    let started = Instant::now();
    for _ in 0..20 {
        for t in texts {
            let s = Instant::now();
            sink += f(t);
            times.push(s.elapsed());
        }
    }
    let rate = times.len() as f64 / started.elapsed().as_secs_f64();
    times.sort_unstable();
    std::hint::black_box(sink);
    (rate, times[(times.len() * 99 / 100).min(times.len() - 1)])
}

/// `n` examples made by joining the first half of one catalogue example with the second half of another
/// of the same OPD (deterministic).
fn recombine(catalogue: &Catalogue, n: usize) -> Vec<Example> {
    let opds = catalogue.opds();
    (0..n)
        .map(|i| {
            let opd = &opds[i % opds.len()];
            let a: Vec<&str> = opd.examples[(i / opds.len()) % opd.examples.len()].split_whitespace().collect();
            let b: Vec<&str> = opd.examples[(i * 7 + 3) % opd.examples.len()].split_whitespace().collect();
            let text = [&a[..a.len() / 2], &b[b.len() / 2..]].concat().join(" ");
            Example { text, label: opd.code.clone(), weight: 1.0 }
        })
        .collect()
}
