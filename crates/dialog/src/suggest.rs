//! The routing-suggestion seam: the classify crate (or a test fake) proposes agencies for a text.

/// Proposes agencies (OPD) for a complaint text, best first or in any order.
pub trait Suggester {
    fn suggest(&self, text: &str) -> Vec<Suggestion>;
}

/// One proposed agency.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub code: String,
    pub name: String,
    /// 0.0 ..= 1.0.
    pub confidence: f32,
    /// A sentence shown after the name, e.g. "PLN berada di luar Pemerintah Kota."
    pub external_note: Option<String>,
    /// The name SMS shows, whole (e.g. the catalogue's `short_name` "DPUPR"); `None`: the name.
    pub short_name: Option<String>,
}
