//! Determinism: the same input gives the same output, and training twice saves byte-identical models.

mod common;

use kentongan_classify::Classifier;

#[test]
fn the_same_text_always_gets_the_same_prediction() {
    let text = "lampu jalan mati di Medono, gelap";
    let first = common::model().classify(text);
    for _ in 0..5 {
        assert_eq!(common::model().classify(text), first);
    }
}

#[test]
fn training_twice_saves_byte_identical_models_that_reload_to_the_same_predictions() {
    let dir = std::env::temp_dir().join(format!("kentongan-classify-det-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let catalogue = common::catalogue();
    let (a, b) = (dir.join("a.json"), dir.join("b.json"));
    Classifier::train(Some(&catalogue), &[]).save(&a).expect("save a");
    Classifier::train(Some(&catalogue), &[]).save(&b).expect("save b");
    let (bytes_a, bytes_b) = (std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    assert!(bytes_a == bytes_b, "saved models differ");
    let loaded = Classifier::load(&a).expect("load");
    for text in ["air pdam mati", "ktp belum jadi", "ada pungli di kelurahan"] {
        assert_eq!(loaded.classify(text), common::model().classify(text));
    }
    std::fs::remove_dir_all(&dir).ok();
}
