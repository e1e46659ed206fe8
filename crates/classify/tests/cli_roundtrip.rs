//! `train`/`eval`/`predict` round trip through the cli functions on a label set unrelated to OPDs.

mod common;

use kentongan_classify::{LabelSet, cli};
use std::path::{Path, PathBuf};

const TOPICS: [(&str, [&str; 6]); 3] = [
    ("fruit", ["mangga", "pisang", "jeruk manis", "apel merah", "semangka", "durian"]),
    ("vehicle", ["motor", "mobil", "truk", "sepeda", "bus kota", "kereta api"]),
    ("weather", ["hujan deras", "panas terik", "mendung", "angin kencang", "gerimis", "kabut tebal"]),
];
/// Training sentences put the topic words in these frames …
const TRAIN_FRAMES: [&str; 5] =
    ["saya suka {}", "hari ini {} sekali", "lihat {} itu", "kemarin ada {} di sini", "{} lagi lagi"];
/// … and test sentences in these, so no test row is a training row: the model must generalise.
const TEST_FRAMES: [&str; 2] = ["tadi pagi ada {} dekat pasar", "katanya {} datang besok"];

/// Every topic word in every frame, labelled with `label_of` (the true topic, or a wrong one for a
/// control); returns the texts written.
fn write_csv(path: &Path, frames: &[&str], label_of: impl Fn(usize) -> usize) -> Vec<String> {
    let mut csv = String::from("id,text,label\n");
    let mut texts = Vec::new();
    for (f, frame) in frames.iter().enumerate() {
        for (t, (_, words)) in TOPICS.iter().enumerate() {
            for (w, word) in words.iter().enumerate() {
                let text = frame.replace("{}", word);
                csv += &format!("{},\"{text}\",{}\n", (f * 3 + t) * 6 + w, TOPICS[label_of(t)].0);
                texts.push(text);
            }
        }
    }
    std::fs::write(path, csv).expect("write csv");
    texts
}

fn accuracy(test_csv: &Path, model: &Path) -> serde_json::Value {
    let mut out = Vec::new();
    cli::eval(test_csv, Some(model), Path::new("no-catalogue.toml"), true, &mut out).expect("eval");
    serde_json::from_slice(&out).expect("json")
}

#[test]
fn train_then_eval_and_predict_work_on_an_unrelated_label_set_with_unseen_sentences() {
    let dir: PathBuf = std::env::temp_dir().join(format!("kentongan-classify-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (train_csv, test_csv, model) = (dir.join("train.csv"), dir.join("test.csv"), dir.join("model.json"));
    let trained = write_csv(&train_csv, &TRAIN_FRAMES, |t| t);
    let tested = write_csv(&test_csv, &TEST_FRAMES, |t| t);
    assert!(tested.iter().all(|t| !trained.contains(t)), "a test row is also a training row");
    let mut out = Vec::new();
    cli::train(&train_csv, &model, None, LabelSet::Data, None, &mut out).expect("train");
    assert!(String::from_utf8_lossy(&out).contains("3 labels"));

    let report = accuracy(&test_csv, &model);
    assert_eq!(report["n"], 36);
    assert!(report["accuracy"].as_f64().unwrap_or(0.0) >= 0.9, "{report}");
    assert!(report["per_label"]["fruit"]["f1"].is_number());

    let mut out = Vec::new();
    cli::predict(&test_csv, Some(&model), Path::new("no-catalogue.toml"), &mut out).expect("predict");
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out).lines().map(|l| serde_json::from_str(l).expect("line")).collect();
    assert_eq!(lines.len(), 36);
    assert_eq!(lines[0]["row"], 1);
    assert_eq!(lines[0]["top"].as_array().map(Vec::len), Some(3));

    // The control: the same sentences trained under the wrong labels score far below the bar, so the bar
    // above measures what the model learned, not what any model would get.
    let (wrong_csv, wrong_model) = (dir.join("wrong.csv"), dir.join("wrong.json"));
    write_csv(&wrong_csv, &TRAIN_FRAMES, |t| (t + 1) % 3);
    cli::train(&wrong_csv, &wrong_model, None, LabelSet::Data, None, &mut Vec::new()).expect("train");
    let wrong = accuracy(&test_csv, &wrong_model);
    assert!(wrong["accuracy"].as_f64().unwrap_or(1.0) < 0.5, "{wrong}");
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
