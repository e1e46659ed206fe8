//! The classifier: catalogue evidence + TF-IDF features into a calibrated softmax model; top-3 and reasons.

use crate::features::{Analyzed, analyze, analyze_with, term_hashes, terms};
use crate::keywords::{Hit, KeywordModel};
use crate::linear::{Linear, Row, fit_temperature, softmax_in_place};
use crate::spell::Speller;
use crate::vocab::{Sparse, Vocab};
use crate::{Catalogue, Example};
use serde::{Deserialize, Serialize};

mod file;
mod labels;

use labels::{balance, label_order};

/// History from the field counts this much more than a catalogue example of the same weight.
const HISTORY_BOOST: f32 = 2.0;
/// How much flatter the confidences are when no keyword and no known word fired.
const UNKNOWN_FLATTEN: f32 = 20.0;
/// Saved-model format version.
const FORMAT: u32 = 1;

/// A label with its calibrated confidence in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    pub label: String,
    pub confidence: f32,
}

/// The best three labels and the words that drove the first one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    pub top: Vec<Scored>,
    pub reasons: Vec<String>,
}

/// Why a model could not be saved or loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: not a kentongan-classify model: {message}")]
    Format { path: String, message: String },
}

/// Which labels a model trained with a catalogue can output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSet {
    /// Every catalogue code, then any other label the examples carry (a deployment model).
    Catalogue,
    /// Only the labels the examples carry; the catalogue lends keywords and examples for those labels alone.
    Data,
}

/// A trained model; cheap to clone, deterministic to train and to apply.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Classifier {
    format: u32,
    labels: Vec<String>,
    vocab: Vocab,
    keywords: KeywordModel,
    linear: Linear,
    temperature: f32,
    speller: Speller,
}

impl Classifier {
    /// Trains from the catalogue (keywords and examples) and labelled `examples` (weighted above the
    /// catalogue's); with no catalogue it is pure data training over whatever labels the examples carry.
    /// Every catalogue code stays a possible answer ([`LabelSet::Catalogue`]).
    pub fn train(catalogue: Option<&Catalogue>, examples: &[Example]) -> Classifier {
        Classifier::train_with(catalogue, examples, LabelSet::Catalogue)
    }

    /// As [`Classifier::train`], choosing which labels the model can output.
    pub fn train_with(catalogue: Option<&Catalogue>, examples: &[Example], set: LabelSet) -> Classifier {
        let labels = label_order(catalogue.filter(|_| set == LabelSet::Catalogue), examples);
        let mut data = catalogue.map(Catalogue::examples).unwrap_or_default();
        data.retain(|e| labels.contains(&e.label));
        let boost = if catalogue.is_some() { HISTORY_BOOST } else { 1.0 };
        data.extend(examples.iter().map(|e| Example { weight: e.weight * boost, ..e.clone() }));
        if set == LabelSet::Data {
            balance(&mut data);
        }
        let keywords = catalogue.map(|c| KeywordModel::for_labels(c, &labels)).unwrap_or_default();
        let analyzed: Vec<Analyzed> = data.iter().map(|e| analyze(&e.text)).collect();
        let docs: Vec<Vec<String>> = analyzed.iter().map(terms).collect();
        let vocab = Vocab::fit(&docs);
        let mut model = Classifier {
            format: FORMAT,
            labels,
            vocab,
            keywords,
            linear: Linear::train(&[], 0, 0),
            temperature: 1.0,
            speller: Speller::fit(
                analyzed.iter().flat_map(|a| a.content.iter().map(String::as_str)),
                crate::normalize::map_words().chain(crate::features::stopwords()),
            ),
        };
        let rows: Vec<Row> = data
            .iter()
            .zip(&analyzed)
            .zip(&docs)
            .filter_map(|((e, a), d)| Some((model.vector(a, d), model.label_index(&e.label)?, e.weight)))
            .collect();
        model.fit(&rows);
        model
    }

    /// Calibrates on every fifth row with a model trained on the rest, then trains on everything.
    fn fit(&mut self, rows: &[Row]) {
        let (k, dim) = (self.labels.len(), self.vocab.len() + self.labels.len());
        let is_held = |i: usize| i % 5 == 4;
        let held: Vec<&Row> = rows.iter().enumerate().filter(|(i, _)| is_held(*i)).map(|(_, r)| r).collect();
        if held.len() >= 10 {
            let rest: Vec<Row> =
                rows.iter().enumerate().filter(|(i, _)| !is_held(*i)).map(|(_, r)| r.clone()).collect();
            let probe = Linear::train(&rest, k, dim);
            let scored: Vec<(Vec<f32>, usize)> = held.iter().map(|r| (probe.logits(&r.0), r.1)).collect();
            self.temperature = fit_temperature(&scored);
        }
        self.linear = Linear::train(rows, k, dim);
    }

    /// Refits the temperature on labelled rows kept apart from training (and from any test rows), so
    /// confidences match how often the top label is right on text like them. Weights are untouched, so the
    /// ranking is too. Returns the temperature.
    pub fn calibrate(&mut self, rows: &[Example]) -> f32 {
        let scored: Vec<(Vec<f32>, usize)> = rows
            .iter()
            .filter_map(|e| {
                let (_, _, x, _) = self.score(&e.text);
                Some((self.linear.logits(&x), self.label_index(&e.label)?))
            })
            .collect();
        if !scored.is_empty() {
            self.temperature = fit_temperature(&scored);
        }
        self.temperature
    }

    fn label_index(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == label)
    }

    /// TF-IDF features, then one keyword-evidence feature per label (log-damped summed weights).
    fn vector(&self, a: &Analyzed, doc: &[String]) -> Sparse {
        self.vector_with_hits(doc, &self.keywords.hits(a))
    }

    fn vector_with_hits(&self, doc: &[String], hits: &[Hit]) -> Sparse {
        self.with_hits(self.vocab.vectorize(doc), hits)
    }

    fn vector_hashed(&self, doc: &[u64], hits: &[Hit]) -> Sparse {
        self.with_hits(self.vocab.vectorize_hashed(doc), hits)
    }

    fn with_hits(&self, mut v: Sparse, hits: &[Hit]) -> Sparse {
        let base = self.vocab.len() as u32;
        for (c, s) in self.keywords.label_scores(hits).into_iter().enumerate() {
            if s > 0.0 {
                v.push((base + c as u32, (1.0 + s).ln()));
            }
        }
        v
    }

    /// The labels this model can output, in its internal order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Top-3 labels with calibrated confidences, and the reasons for the first.
    pub fn classify(&self, text: &str) -> Prediction {
        let (a, hits, x, p) = self.score(text);
        let top = self.top3(&p);
        let best = self.label_index(&top[0].label).unwrap_or(0);
        let reasons = crate::reasons::explain(self, &a, &x, &hits, best);
        Prediction { top, reasons }
    }

    /// Top-3 labels with calibrated confidences, without reasons (batch prediction and evaluation).
    pub fn rank(&self, text: &str) -> Vec<Scored> {
        self.top3(&self.score(text).3)
    }

    /// The analyzed text, keyword hits, feature vector and calibrated probabilities.
    fn score(&self, text: &str) -> (Analyzed, Vec<Hit>, Sparse, Vec<f32>) {
        let a = analyze_with(text, |t| self.speller.correct(t));
        let hits = self.keywords.hits(&a);
        let x = self.vector_hashed(&term_hashes(&a), &hits);
        let mut p = self.linear.logits(&x);
        // No keyword and no known word: only char n-grams or nothing fired, so the model knows nearly nothing
        // about this text; the ranking stays, the confidences go near uniform so nobody mistakes it for news.
        let known = !hits.is_empty() || x.iter().any(|&(f, _)| self.vocab.is_word(f));
        softmax_in_place(&mut p, if known { self.temperature } else { self.temperature * UNKNOWN_FLATTEN });
        (a, hits, x, p)
    }

    /// The three most probable labels, ties broken by label order.
    fn top3(&self, p: &[f32]) -> Vec<Scored> {
        let mut top: Vec<usize> = Vec::with_capacity(4);
        for i in 0..p.len() {
            let at = top.iter().position(|&j| p[i] > p[j]).unwrap_or(top.len());
            if at < 3 {
                top.insert(at, i);
                top.truncate(3);
            }
        }
        top.into_iter().map(|i| Scored { label: self.labels[i].clone(), confidence: p[i] }).collect()
    }

    pub(crate) fn parts(&self) -> (&Vocab, &Linear) {
        (&self.vocab, &self.linear)
    }
}
