//! Maps a central API's status word to the gateway's lifecycle through one configurable table.
//!
//! Gateway states: diterima, diteruskan, diverifikasi, didisposisikan, ditindaklanjuti, selesai, ditunda,
//! bukan_wewenang, ditolak, diarsipkan.

use std::collections::BTreeMap;

/// Looks `central` up in `table`, ignoring case, surrounding space, and `-`/space versus `_`
/// (`Tindak Lanjut`, `tindak-lanjut` and `tindak_lanjut` are one word). `None` for an unknown word:
/// the worker keeps the ticket's state and logs the word.
pub fn map_status(central: &str, table: &BTreeMap<String, String>) -> Option<String> {
    let wanted = normalise(central);
    if wanted.is_empty() {
        return None;
    }
    table.iter().find(|(word, _)| normalise(word) == wanted).map(|(_, state)| state.clone())
}

fn normalise(word: &str) -> String {
    let lower = word.trim().to_lowercase();
    lower.split([' ', '-', '_']).filter(|part| !part.is_empty()).collect::<Vec<_>>().join("_")
}

/// The default table for an adapter (`json`, `open311`); empty for an unknown adapter.
///
/// - `open311`: `open` → `diverifikasi` (the city accepted the request; the spec says no more), `closed` →
///   `selesai`; plus the common extensions `acknowledged` → `diverifikasi`, `in_progress` → `ditindaklanjuti`.
/// - `json`: every gateway state maps to itself, except `diterima`, which the central can only mean as
///   "received by the central", i.e. `diteruskan`; plus the LAPOR! admin words (`verifikasi`, `disposisi`,
///   `tindak_lanjut`, `selesai`, `tunda`, `tolak`, `arsip`, …).
pub fn default_status_map(adapter: &str) -> BTreeMap<String, String> {
    let pairs: &[(&str, &str)] = match adapter.trim().to_ascii_lowercase().as_str() {
        "open311" => &[
            ("open", "diverifikasi"),
            ("closed", "selesai"),
            ("acknowledged", "diverifikasi"),
            ("in_progress", "ditindaklanjuti"),
        ],
        "json" => &[
            ("diterima", "diteruskan"),
            ("diteruskan", "diteruskan"),
            ("diverifikasi", "diverifikasi"),
            ("didisposisikan", "didisposisikan"),
            ("ditindaklanjuti", "ditindaklanjuti"),
            ("selesai", "selesai"),
            ("ditunda", "ditunda"),
            ("bukan_wewenang", "bukan_wewenang"),
            ("ditolak", "ditolak"),
            ("diarsipkan", "diarsipkan"),
            ("belum_diverifikasi", "diteruskan"),
            ("verifikasi", "diverifikasi"),
            ("terverifikasi", "diverifikasi"),
            ("disposisi", "didisposisikan"),
            ("tindak_lanjut", "ditindaklanjuti"),
            ("tunda", "ditunda"),
            ("tolak", "ditolak"),
            ("arsip", "diarsipkan"),
        ],
        _ => &[],
    };
    pairs.iter().map(|(word, state)| (word.to_string(), state.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATES: [&str; 10] = [
        "diterima",
        "diteruskan",
        "diverifikasi",
        "didisposisikan",
        "ditindaklanjuti",
        "selesai",
        "ditunda",
        "bukan_wewenang",
        "ditolak",
        "diarsipkan",
    ];

    #[test]
    fn lookups_ignore_case_space_and_separators() {
        let json = default_status_map("json");
        assert_eq!(map_status("Tindak Lanjut", &json).as_deref(), Some("ditindaklanjuti"));
        assert_eq!(map_status(" DISPOSISI ", &json).as_deref(), Some("didisposisikan"));
        assert_eq!(map_status("bukan-wewenang", &json).as_deref(), Some("bukan_wewenang"));
        assert_eq!(map_status("entah", &json), None);
        assert_eq!(map_status("", &json), None);
    }

    #[test]
    fn open311_maps_open_and_closed() {
        let open311 = default_status_map("Open311");
        assert_eq!(map_status("open", &open311).as_deref(), Some("diverifikasi"));
        assert_eq!(map_status("CLOSED", &open311).as_deref(), Some("selesai"));
        assert!(default_status_map("smtp").is_empty());
    }

    #[test]
    fn every_default_target_is_a_gateway_state() {
        for adapter in ["json", "open311"] {
            for state in default_status_map(adapter).values() {
                assert!(STATES.contains(&state.as_str()), "{adapter}: {state}");
            }
        }
    }
}
