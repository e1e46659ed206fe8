//! Shared helpers for the classify tests: paths to the shipped catalogue and held-out data, a trained model.

#![allow(dead_code, reason = "each test binary uses a different subset of these helpers")]

use kentongan_classify::{Catalogue, Classifier};
use std::path::PathBuf;
use std::sync::OnceLock;

pub fn catalogue_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../deploy/pekalongan/opd.toml")
}

pub fn heldout_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/heldout.csv")
}

/// Hand-written complaints (not from the synthetic templates), never trained on.
pub fn handwritten_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/handwritten.csv")
}

pub fn catalogue() -> Catalogue {
    Catalogue::load(&catalogue_path()).unwrap_or_else(|p| panic!("{p:?}"))
}

/// The model trained from the shipped catalogue only (once per test binary).
pub fn model() -> &'static Classifier {
    static MODEL: OnceLock<Classifier> = OnceLock::new();
    MODEL.get_or_init(|| Classifier::train(Some(&catalogue()), &[]))
}

pub fn top1(text: &str) -> String {
    model().classify(text).top[0].label.clone()
}
