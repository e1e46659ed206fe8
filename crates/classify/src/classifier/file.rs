//! Saving and loading a trained model as JSON, with its format version checked.

use super::{Classifier, FORMAT, ModelError};
use std::path::Path;

impl Classifier {
    /// Writes the model as compact JSON (byte-identical for identical training input).
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let json = serde_json::to_string(self).map_err(|e| format_error(path, e))?;
        std::fs::write(path, json).map_err(|source| ModelError::Io { path: path.display().to_string(), source })
    }

    /// Reads a model written by [`Classifier::save`].
    pub fn load(path: &Path) -> Result<Classifier, ModelError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ModelError::Io { path: path.display().to_string(), source })?;
        let mut model: Classifier = serde_json::from_str(&text).map_err(|e| format_error(path, e))?;
        if model.format != FORMAT {
            return Err(format_error(path, format!("format {} (expected {FORMAT})", model.format)));
        }
        model.vocab.reindex();
        model.keywords.rebuild();
        model.speller.reindex();
        Ok(model)
    }
}

fn format_error(path: &Path, e: impl std::fmt::Display) -> ModelError {
    ModelError::Format { path: path.display().to_string(), message: e.to_string() }
}
