//! The `kentongan classify …` subcommands; each writes to `out` and returns a printable error.

use crate::{Catalogue, Classifier, LabelSet, csvdata, eval};
use std::io::Write;
use std::path::Path;

fn load_catalogue(path: &Path) -> Result<Catalogue, String> {
    Catalogue::load(path).map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
}

/// The saved model when given, otherwise a model trained from the catalogue.
fn model_or_train(model: Option<&Path>, catalogue: &Path) -> Result<Classifier, String> {
    match model {
        Some(path) => Classifier::load(path).map_err(|e| e.to_string()),
        None => Ok(Classifier::train(Some(&load_catalogue(catalogue)?), &[])),
    }
}

fn io(e: std::io::Error) -> String {
    format!("writing output: {e}")
}

/// Prints the top-3 OPDs with confidences, external notes and the reasons.
pub fn classify_text(text: &str, model: Option<&Path>, catalogue: &Path, out: &mut dyn Write) -> Result<(), String> {
    let classifier = model_or_train(model, catalogue)?;
    // A saved model can name labels on its own; the catalogue only adds names and notes when it loads.
    let names = Catalogue::load(catalogue).ok();
    let prediction = classifier.classify(text);
    for (i, s) in prediction.top.iter().enumerate() {
        let opd = names.as_ref().and_then(|c| c.get(&s.label));
        let name = opd.map(|o| format!(" ({})", o.name)).unwrap_or_default();
        writeln!(out, "{}. {}{} {:.2}", i + 1, s.label, name, s.confidence).map_err(io)?;
        if let Some(note) = opd.filter(|_| i == 0).and_then(|o| o.external_note.as_deref()) {
            writeln!(out, "   catatan: {note}").map_err(io)?;
        }
    }
    writeln!(out, "alasan: {}", prediction.reasons.join(", ")).map_err(io)
}

/// Trains from a labelled CSV (plus the catalogue's evidence when given) and saves the model. The model
/// outputs the CSV's labels only, unless `labels` is [`LabelSet::Catalogue`] (every catalogue code too).
/// With `calibration`, the temperature is refitted on those rows (kept apart from training and testing).
pub fn train(
    data: &Path,
    out_model: &Path,
    catalogue: Option<&Path>,
    labels: LabelSet,
    calibration: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let examples = csvdata::read(data)?;
    let catalogue = catalogue.map(load_catalogue).transpose()?;
    let calibration = calibration.map(csvdata::read).transpose()?;
    let started = std::time::Instant::now();
    let mut classifier = Classifier::train_with(catalogue.as_ref(), &examples, labels);
    let took = started.elapsed();
    if let Some(rows) = &calibration {
        let t = classifier.calibrate(rows);
        writeln!(out, "temperature {t:.2} fitted on {} calibration rows", rows.len()).map_err(io)?;
    }
    classifier.save(out_model).map_err(|e| e.to_string())?;
    writeln!(
        out,
        "trained on {} rows, {} labels in {:.0} ms; saved {}",
        examples.len(),
        classifier.labels().len(),
        took.as_secs_f64() * 1000.0,
        out_model.display()
    )
    .map_err(io)
}

/// Evaluates on a labelled CSV; prints a table or JSON.
pub fn eval(
    data: &Path,
    model: Option<&Path>,
    catalogue: &Path,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), String> {
    let examples = csvdata::read(data)?;
    let classifier = model_or_train(model, catalogue)?;
    let report = eval::evaluate(&classifier, &examples);
    if json {
        writeln!(out, "{}", report.to_json()).map_err(io)
    } else {
        write!(out, "{}", report.to_text()).map_err(io)
    }
}

/// One JSON line per CSV row: `{"row":N,"top":[{"label":…,"confidence":…}, …]}` (rows count from 1).
pub fn predict(data: &Path, model: Option<&Path>, catalogue: &Path, out: &mut dyn Write) -> Result<(), String> {
    let examples = csvdata::read(data)?;
    let classifier = model_or_train(model, catalogue)?;
    for (i, e) in examples.iter().enumerate() {
        let top = classifier.rank(&e.text);
        writeln!(out, "{}", serde_json::json!({"row": i + 1, "top": top})).map_err(io)?;
    }
    Ok(())
}

/// Validates a catalogue; prints each problem as `file:line: message`.
pub fn check(catalogue: &Path, out: &mut dyn Write) -> Result<(), String> {
    match Catalogue::load(catalogue) {
        Ok(c) => writeln!(out, "{}: ok, {} OPDs", catalogue.display(), c.opds().len()).map_err(io),
        Err(problems) => {
            for p in &problems {
                writeln!(out, "{p}").map_err(io)?;
            }
            Err(format!("{} problem(s) in {}", problems.len(), catalogue.display()))
        }
    }
}
