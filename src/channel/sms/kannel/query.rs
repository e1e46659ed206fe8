//! Kannel's get-url query: the text arrives as bytes in the message's own character set (`%C`), so
//! it is percent-decoded to bytes and decoded by that charset, not read as UTF-8.

use std::collections::HashMap;

/// The query's parameters, values as raw bytes (`+` is a space, as Kannel encodes it).
pub fn params(raw: &str) -> HashMap<String, Vec<u8>> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (String::from_utf8_lossy(&bytes(k)).into_owned(), bytes(v))
        })
        .collect()
}

fn bytes(s: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(&s.replace('+', " ")).collect()
}

/// Decodes the text by Kannel's `%C`: `UTF-16BE` (a UCS-2 SMS), `WINDOWS-1252` / `ISO-8859-1` / `GSM`
/// (Kannel's internal 8-bit form of a GSM-7 SMS), or UTF-8 (no charset given).
pub fn decode_text(bytes: &[u8], charset: Option<&str>) -> Result<String, &'static str> {
    match charset.map(|c| c.trim().to_ascii_uppercase()).as_deref() {
        Some("UTF-16BE" | "UCS-2" | "UTF-16") => {
            if !bytes.len().is_multiple_of(2) {
                return Err("text is not UTF-16BE (odd length)");
            }
            let units = bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
            Ok(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
        }
        Some("WINDOWS-1252" | "ISO-8859-1" | "LATIN1" | "GSM") => Ok(bytes.iter().map(|&b| cp1252(b)).collect()),
        None | Some("UTF-8" | "UTF8" | "") => String::from_utf8(bytes.to_vec()).map_err(|_| "text is not UTF-8"),
        Some(_) => Err("unsupported charset"),
    }
}

/// Windows-1252: Latin-1 plus the printable characters it puts in 0x80–0x9F.
fn cp1252(b: u8) -> char {
    match b {
        0x80 => '€',
        0x85 => '…',
        0x91 => '\u{2018}',
        0x92 => '\u{2019}',
        0x93 => '\u{201C}',
        0x94 => '\u{201D}',
        0x96 => '–',
        0x97 => '—',
        other => char::from(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ucs2_sms_is_decoded_from_utf16be_bytes() {
        let text = "LAPOR lampu mati 🙂";
        let encoded: String = text.encode_utf16().flat_map(u16::to_be_bytes).map(|b| format!("%{b:02X}")).collect();
        let q = params(&format!("text={encoded}&charset=UTF-16BE"));
        assert_eq!(decode_text(&q["text"], Some("UTF-16BE")).unwrap(), text);
    }

    #[test]
    fn a_latin1_sms_keeps_its_accents_and_plus_is_a_space() {
        let q = params("text=caf%E9+%93ok%94&charset=WINDOWS-1252");
        assert_eq!(decode_text(&q["text"], Some("WINDOWS-1252")).unwrap(), "café \u{201C}ok\u{201D}");
    }

    #[test]
    fn without_a_charset_the_text_must_be_utf8() {
        let q = params("text=jalan%20rusak%20%F0%9F%98%A1");
        assert_eq!(decode_text(&q["text"], None).unwrap(), "jalan rusak 😡");
        assert!(decode_text(&[0xff, 0xfe], None).is_err());
        assert!(decode_text(&[0x00], Some("UTF-16BE")).is_err());
    }
}
