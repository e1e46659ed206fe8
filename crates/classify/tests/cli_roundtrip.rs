//! `train`/`eval`/`predict` round trip through the cli functions on a label set unrelated to OPDs.

mod common;

use kentongan_classify::cli;
use std::path::{Path, PathBuf};

/// Deterministic sentences about fruit, vehicles and weather, recombined from small word lists.
fn write_csv(path: &Path, offset: usize, n: usize) {
    let topics: [(&str, [&str; 6]); 3] = [
        ("fruit", ["mangga", "pisang", "jeruk manis", "apel merah", "semangka", "durian"]),
        ("vehicle", ["motor", "mobil", "truk", "sepeda", "bus kota", "kereta api"]),
        ("weather", ["hujan deras", "panas terik", "mendung", "angin kencang", "gerimis", "kabut tebal"]),
    ];
    let frames = ["saya suka {}", "hari ini {} sekali", "lihat {} itu", "kemarin ada {} di sini", "{} lagi lagi"];
    let mut csv = String::from("id,text,label\n");
    for i in offset..offset + n {
        let (label, words) = &topics[i % 3];
        let text = frames[(i / 3) % frames.len()].replace("{}", words[(i / 15 + i) % 6]);
        csv += &format!("{i},\"{text}\",{label}\n");
    }
    std::fs::write(path, csv).expect("write csv");
}

#[test]
fn train_then_eval_and_predict_work_on_an_unrelated_label_set() {
    let dir: PathBuf = std::env::temp_dir().join(format!("kentongan-classify-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (train_csv, test_csv, model) = (dir.join("train.csv"), dir.join("test.csv"), dir.join("model.json"));
    write_csv(&train_csv, 0, 90);
    write_csv(&test_csv, 1000, 30);
    let mut out = Vec::new();
    cli::train(&train_csv, &model, None, &mut out).expect("train");
    assert!(String::from_utf8_lossy(&out).contains("3 labels"));

    let mut out = Vec::new();
    let unused = dir.join("no-catalogue.toml");
    cli::eval(&test_csv, Some(&model), &unused, true, &mut out).expect("eval");
    let report: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(report["n"], 30);
    assert!(report["accuracy"].as_f64().unwrap_or(0.0) >= 0.9, "{report}");
    assert!(report["per_label"]["fruit"]["f1"].is_number());

    let mut out = Vec::new();
    cli::predict(&test_csv, Some(&model), &unused, &mut out).expect("predict");
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out).lines().map(|l| serde_json::from_str(l).expect("line")).collect();
    assert_eq!(lines.len(), 30);
    assert_eq!(lines[0]["row"], 1);
    assert_eq!(lines[0]["top"].as_array().map(Vec::len), Some(3));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn classify_text_prints_top_three_reasons_and_the_external_note() {
    let mut out = Vec::new();
    cli::classify_text("listrik rumah padam dari pagi", None, &common::catalogue_path(), &mut out).expect("classify");
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("1. EXT-PLN"), "{text}");
    assert!(text.contains("catatan: Ditangani PLN"), "{text}");
    assert!(text.contains("alasan: "), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with(char::is_numeric)).count(), 3);
}

#[test]
fn a_csv_without_text_and_label_columns_is_refused_with_its_name() {
    let dir = std::env::temp_dir().join(format!("kentongan-classify-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "kalimat,kelas\nhalo,a\n").expect("write");
    let err = kentongan_classify::csvdata::read(&bad).expect_err("must fail");
    assert!(err.contains("bad.csv:1:"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
