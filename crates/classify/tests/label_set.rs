//! Label sets: `train` on a labelled CSV answers only the CSV's labels unless asked for the catalogue's, and
//! `eval` averages macro-F1 over the labels the data has (a predicted label it lacks is an error, not a label).

mod common;

use kentongan_classify::{Classifier, LabelSet, cli, csvdata, eval};
use std::path::Path;

const KEPT: [&str; 3] = ["DINHUB", "DPUPR", "PDAM"];

fn three_opd_rows() -> Vec<kentongan_classify::Example> {
    let rows = csvdata::read(&common::heldout_path()).expect("heldout.csv");
    rows.into_iter().filter(|e| KEPT.contains(&e.label.as_str())).collect()
}

#[test]
fn training_with_the_catalogue_answers_only_the_data_labels_unless_asked() {
    let rows = three_opd_rows();
    let catalogue = common::catalogue();
    let own = Classifier::train_with(Some(&catalogue), &rows, LabelSet::Data);
    assert_eq!(own.labels(), KEPT);
    let all = Classifier::train_with(Some(&catalogue), &rows, LabelSet::Catalogue);
    assert_eq!(all.labels().len(), 24);
    // The catalogue still lends its evidence: a street light the rows never describe this way is DINHUB.
    assert_eq!(own.classify("traffic light perempatan kedip kedip terus").top[0].label, "DINHUB");
    let report = eval::evaluate(&own, &rows);
    assert!(report.absent_predicted.is_empty(), "{report:?}");
    assert_eq!(report.per_label.keys().map(String::as_str).collect::<Vec<_>>(), KEPT);
}

#[test]
fn the_train_command_keeps_the_csv_label_set_and_the_flag_adds_the_catalogue() {
    let dir = std::env::temp_dir().join(format!("kentongan-classify-labels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (csv, model) = (dir.join("three.csv"), dir.join("model.json"));
    let mut text = String::from("text,label\n");
    for e in three_opd_rows() {
        text += &format!("\"{}\",{}\n", e.text.replace('"', "\"\""), e.label);
    }
    std::fs::write(&csv, text).expect("write");
    let catalogue = common::catalogue_path();
    for (set, labels) in [(LabelSet::Data, "3 labels"), (LabelSet::Catalogue, "24 labels")] {
        let mut out = Vec::new();
        cli::train(&csv, &model, Some(&catalogue), set, None, &mut out).expect("train");
        assert!(String::from_utf8_lossy(&out).contains(labels), "{}", String::from_utf8_lossy(&out));
    }
    let mut out = Vec::new();
    cli::eval(&csv, Some(&model), Path::new("unused.toml"), false, &mut out).expect("eval");
    assert!(String::from_utf8_lossy(&out).contains("ECE "), "{}", String::from_utf8_lossy(&out));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn macro_f1_averages_the_data_labels_and_lists_predicted_labels_the_data_lacks() {
    let rows: Vec<kentongan_classify::Example> = [("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B")]
        .iter()
        .map(|(t, l)| kentongan_classify::Example { text: t.to_string(), label: l.to_string(), weight: 1.0 })
        .collect();
    // a1 → A, a2 → Z (absent from the data), b1 → B, b2 → B.
    let report = eval::evaluate_ranking(&rows, |t| vec![if t == "a2" { "Z" } else { &t[..1] }.to_uppercase()]);
    assert_eq!(report.per_label.keys().collect::<Vec<_>>(), ["A", "B"]);
    assert_eq!(report.absent_predicted.get("Z"), Some(&1));
    // A: P=1, R=0.5, F1=2/3; B: P=1, R=1, F1=1 → macro 5/6 (Z would have pulled it to 5/9).
    assert!((report.macro_f1 - 5.0 / 6.0).abs() < 1e-9, "{}", report.macro_f1);
}
