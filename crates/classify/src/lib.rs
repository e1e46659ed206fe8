//! kentongan-classify: routes a citizen's complaint text to the right OPD, explainably and in microseconds.
//!
//! Everything about the OPDs comes from a catalogue file (`deploy/<city>/opd.toml`); the code knows no agency
//! by name. A [`Classifier`] combines the catalogue's keyword/phrase/pattern evidence with a linear model
//! (multinomial logistic regression over TF-IDF word uni/bigrams and character n-grams) trained from the
//! catalogue examples and, when given, labelled history.

mod catalogue;
mod catalogue_check;
mod classifier;
pub mod cli;
pub mod csvdata;
pub mod eval;
mod fasthash;
mod features;
mod keywords;
mod linear;
mod normalize;
mod problem;
mod reasons;
pub mod reliability;
mod spell;
mod stem;
mod vocab;

pub use catalogue::{Catalogue, Opd};
pub use classifier::{Classifier, LabelSet, ModelError, Prediction, Scored};
pub use keywords::KeywordModel;
pub use normalize::normalize;
pub use problem::Problem;
pub use stem::stem;

/// One labelled text for training or evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The complaint as the citizen wrote it.
    pub text: String,
    /// The label (an OPD code, or any free string for pure data training).
    pub label: String,
    /// How much this example counts in training (1.0 = a catalogue example).
    pub weight: f32,
}
