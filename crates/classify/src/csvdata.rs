//! Labelled CSV data: RFC 4180 with a header naming `text` and `label` (other columns ignored, an optional
//! `weight` column read when present).

use crate::Example;
use std::path::Path;

/// Reads labelled examples; fails naming the file and the 1-based line of the first bad row.
pub fn read(path: &Path) -> Result<Vec<Example>, String> {
    let name = path.display();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path).map_err(|e| format!("{name}: {e}"))?;
    let headers = reader.headers().map_err(|e| format!("{name}: {e}"))?.clone();
    let column = |wanted: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(wanted));
    let (Some(text), Some(label)) = (column("text"), column("label")) else {
        return Err(format!("{name}:1: header must name `text` and `label` columns"));
    };
    let weight = column("weight");
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{name}: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).map(str::trim).unwrap_or("");
        if field(label).is_empty() || field(text).is_empty() {
            return Err(format!("{name}:{line}: empty `text` or `label`"));
        }
        let weight = match weight.map(field).filter(|w| !w.is_empty()) {
            Some(w) => w
                .parse::<f32>()
                .ok()
                .filter(|w| w.is_finite() && *w > 0.0)
                .ok_or_else(|| format!("{name}:{line}: bad weight `{w}`"))?,
            None => 1.0,
        };
        out.push(Example { text: field(text).to_string(), label: field(label).to_string(), weight });
    }
    Ok(out)
}
