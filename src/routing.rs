//! OPD routing suggestions for the dialog: the classifier trained on the catalogue, behind the
//! engine's `Suggester` trait so the engine stays pure.

use std::sync::Arc;

use kentongan_classify::{Catalogue, Classifier, Example};
use kentongan_dialog::{Dialogs, Suggester, Suggestion};
use tracing::info;

use crate::config::ClassifySettings;
use crate::store::Store;

/// The trained classifier plus the catalogue's display names.
pub struct OpdSuggester {
    classifier: Classifier,
    catalogue: Catalogue,
}

impl OpdSuggester {
    /// Loads the catalogue and the model file, or trains from the catalogue plus `history`
    /// (routing corrections from the store, weighted above catalogue examples).
    pub fn load(settings: &ClassifySettings, history: &[Example]) -> anyhow::Result<Option<Self>> {
        if !settings.catalogue.exists() {
            info!(path = %settings.catalogue.display(), "no OPD catalogue; routing suggestions are off");
            return Ok(None);
        }
        let catalogue = Catalogue::load(&settings.catalogue).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            anyhow::anyhow!("classify.catalogue is invalid:\n{}", lines.join("\n"))
        })?;
        let classifier = match &settings.model {
            Some(path) => Classifier::load(path).map_err(|e| anyhow::anyhow!("classify.model: {e}"))?,
            None => Classifier::train(Some(&catalogue), history),
        };
        Ok(Some(Self { classifier, catalogue }))
    }
}

impl Suggester for OpdSuggester {
    fn suggest(&self, text: &str) -> Vec<Suggestion> {
        let prediction = self.classifier.classify(text);
        prediction
            .top
            .iter()
            .filter_map(|scored| {
                let opd = self.catalogue.opds().iter().find(|o| o.code == scored.label)?;
                Some(Suggestion {
                    code: opd.code.clone(),
                    name: opd.name.clone(),
                    confidence: scored.confidence,
                    external_note: opd.external_note.clone(),
                    short_name: Some(opd.short_name.clone()).filter(|s| !s.trim().is_empty()),
                })
            })
            .collect()
    }
}

/// OPD code → Open311 service code, from the catalogue (empty without one).
pub fn service_codes(settings: &ClassifySettings) -> std::collections::BTreeMap<String, String> {
    match Catalogue::load(&settings.catalogue) {
        Ok(c) => c.opds().iter().filter_map(|o| Some((o.code.clone(), o.service_code.clone()?))).collect(),
        Err(_) => Default::default(),
    }
}

/// Every OPD code of the catalogue (empty without one).
pub fn opd_codes(settings: &ClassifySettings) -> Vec<String> {
    match Catalogue::load(&settings.catalogue) {
        Ok(c) => c.opds().iter().map(|o| o.code.clone()).collect(),
        Err(_) => Vec::new(),
    }
}

/// Routing corrections stored so far, as training examples.
pub async fn history(store: &dyn Store) -> anyhow::Result<Vec<Example>> {
    let corrections = store.routing_corrections().await?;
    if !corrections.is_empty() {
        info!(examples = corrections.len(), "training the OPD classifier with routing corrections");
    }
    Ok(corrections.into_iter().map(|(text, label)| Example { text, label, weight: CORRECTION_WEIGHT }).collect())
}

/// A correction outweighs a catalogue example (the classifier boosts history on top of this).
const CORRECTION_WEIGHT: f32 = 2.0;

/// Gives the dialogs a suggester when a catalogue is configured, trained with `history`.
pub fn attach(dialogs: Dialogs, settings: &ClassifySettings, history: &[Example]) -> anyhow::Result<Dialogs> {
    Ok(match OpdSuggester::load(settings, history)? {
        Some(s) => dialogs.with_suggester(Arc::new(s)),
        None => dialogs,
    })
}
