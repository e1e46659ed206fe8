//! Train on one labelled CSV and evaluate on others, without building the gateway: quick model iterations.
//! `cargo run --release -p kentongan-classify --example train_eval -- TRAIN.csv [--catalogue] [--calibrate=CSV] TEST.csv…`
//! (an empty TRAIN.csv with --catalogue: the catalogue-only deployment model).

use kentongan_classify::{Catalogue, Classifier, LabelSet, csvdata, eval};
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let with_catalogue = args.iter().any(|a| a == "--catalogue");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some((train, tests)) = files.split_first() else {
        eprintln!("usage: train_eval TRAIN.csv [--catalogue] TEST.csv…");
        std::process::exit(2);
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let catalogue =
        with_catalogue.then(|| Catalogue::load(&root.join("../../deploy/pekalongan/opd.toml")).expect("catalogue"));
    let rows = csvdata::read(Path::new(train)).expect("train csv");
    let started = std::time::Instant::now();
    let mut model = if rows.is_empty() {
        Classifier::train(catalogue.as_ref(), &[])
    } else {
        Classifier::train_with(catalogue.as_ref(), &rows, LabelSet::Data)
    };
    if let Some(cal) = args.iter().find_map(|a| a.strip_prefix("--calibrate=")) {
        let t = model.calibrate(&csvdata::read(Path::new(cal)).expect("calibration csv"));
        println!("temperature {t:.2} from {cal}");
    }
    println!("trained on {} rows in {:.0} ms", rows.len(), started.elapsed().as_secs_f64() * 1e3);
    for test in tests {
        let report = eval::evaluate(&model, &csvdata::read(Path::new(test)).expect("test csv"));
        let ece = report.reliability.as_ref().map_or(f64::NAN, |r| r.ece);
        println!(
            "{test}: macro_f1 {:.3} accuracy {:.3} ece {ece:.3} {:.0} rows/s",
            report.macro_f1,
            report.accuracy,
            report.rows_per_second.unwrap_or(0.0)
        );
    }
}
