//! The check symbol proved over every position and pair of symbols; old IDs; parsing.

use super::*;
use rand::SeedableRng;

fn sample() -> TrackingId {
    TrackingId::generate("PKL", &mut rand::rngs::StdRng::seed_from_u64(7))
}

fn text(values: &[u8]) -> String {
    values.iter().map(|&v| ALPHABET[v as usize] as char).collect()
}

/// Every single substitution and every swap of neighbours of `values`, as strings.
fn typos(values: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for pos in 0..values.len() {
        for sym in (0..32).filter(|&s| s != values[pos]) {
            let mut v = values.to_vec();
            v[pos] = sym;
            out.push(text(&v));
        }
        if pos + 1 < values.len() && values[pos] != values[pos + 1] {
            let mut v = values.to_vec();
            v.swap(pos, pos + 1);
            out.push(text(&v));
        }
    }
    out
}

#[test]
fn a_generated_id_reads_back_exactly() {
    let id = sample();
    assert_eq!(TrackingId::parse(&id.to_string(), "PKL"), Ok(id.clone()));
    assert!(id.to_string().starts_with("PKL-"));
    assert_eq!(id.to_string().len(), 4 + BODY_LEN + 1);
}

#[test]
fn parsing_forgives_case_spaces_hyphens_and_look_alike_letters() {
    let id = sample();
    let typed = id.to_string().to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
    assert_eq!(TrackingId::parse(&typed, "PKL"), Ok(id.clone()));
    let without_prefix = &id.to_string()[4..];
    assert_eq!(TrackingId::parse(without_prefix, "pkl"), Ok(id.clone()));
    let spaced: String = id.to_string().chars().flat_map(|c| [c, ' ']).collect();
    assert_eq!(TrackingId::parse(&spaced, "PKL"), Ok(id));
}

#[test]
fn alpha_generates_the_whole_field_so_the_seven_weights_are_distinct() {
    let mut seen = std::collections::BTreeSet::new();
    let mut power = 1u8;
    for _ in 0..31 {
        assert!(seen.insert(power), "α has an order below 31");
        power = times_alpha(power);
    }
    assert_eq!(power, 1, "α^31 = 1");
    assert_eq!(seen.len(), 31, "every non-zero element is a power of α");
}

// Both checks are sums over positions of a per-position term (XOR of α^k·v; Luhn's addends mod 32), so
// whether a change at some positions is caught depends only on those positions and their symbols, never
// on the others: trying every position and every pair of symbols, with any rest, covers every ID. The
// rest is drawn at random per case, so a check that did depend on it would show here.

#[test]
fn the_check_catches_every_substitution_and_every_swap_at_every_position_exhaustively() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let mut cases = 0;
    for i in 0..=BODY_LEN {
        for j in i..=BODY_LEN {
            for a in 0..32u8 {
                for b in (0..32u8).filter(|&b| b != a) {
                    let mut v: Vec<u8> = (0..BODY_LEN).map(|_| rng.random_range(0..32)).collect();
                    v.push(0);
                    v[i] = a;
                    v[j] = if i == j { a } else { b };
                    // Make the sum zero through a position the change does not touch (the check symbol,
                    // or the first symbol when the change involves the check symbol).
                    let free = if j == BODY_LEN { if i == 0 { 1 } else { 0 } } else { BODY_LEN };
                    v[free] = 0;
                    let weight = (0..BODY_LEN - free).fold(1, |w, _| times_alpha(w));
                    let need = weighted_sum(&v);
                    v[free] = (0..32).find(|&x| gf_mul(weight, x) == need).unwrap();
                    assert_eq!(weighted_sum(&v), 0);
                    let mut typo = v.clone();
                    if i == j {
                        typo[i] = b;
                    } else {
                        typo.swap(i, j);
                    }
                    assert_ne!(weighted_sum(&typo), 0, "{} -> {}", text(&v), text(&typo));
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, (7 + 21) * 32 * 31);
}

fn gf_mul(a: u8, b: u8) -> u8 {
    (0..5).filter(|k| b >> k & 1 == 1).fold(0, |acc, k| acc ^ (0..k).fold(a, |x, _| times_alpha(x)))
}

#[test]
fn luhn_mod_32_misses_only_the_neighbour_swap_of_0_and_z_which_new_ids_never_contain() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(2);
    let mut missed = Vec::new();
    for pos in 0..=BODY_LEN {
        for a in 0..32u8 {
            for b in (0..32u8).filter(|&b| b != a) {
                // A Luhn-valid ID with `a` at pos (and `b` after it): found by trying check symbols.
                let mut v: Vec<u8> = (0..=BODY_LEN).map(|_| rng.random_range(0..32)).collect();
                v[pos] = a;
                if pos < BODY_LEN {
                    v[pos + 1] = b;
                }
                let free = if pos >= BODY_LEN - 1 { 0 } else { BODY_LEN };
                v[free] = (0..32).find(|&x| luhn_valid(&[&v[..free], &[x], &v[free + 1..]].concat())).unwrap();
                let mut sub = v.clone();
                sub[pos] = b;
                assert!(!luhn_valid(&sub), "substitution {} -> {}", text(&v), text(&sub));
                if pos < BODY_LEN {
                    let mut swapped = v.clone();
                    swapped.swap(pos, pos + 1);
                    if luhn_valid(&swapped) {
                        missed.push((a, b));
                    }
                }
            }
        }
    }
    missed.sort();
    missed.dedup();
    assert_eq!(missed, vec![(ZERO, Z), (Z, ZERO)], "the only neighbour swaps Luhn mod 32 misses");
    // The example: both spellings pass Luhn, so both parse (as old IDs may).
    assert!(TrackingId::parse("PKL-70Z39XG", "PKL").is_ok() && TrackingId::parse("PKL-7Z039XG", "PKL").is_ok());
}

#[test]
fn new_ids_pass_both_checks_have_no_0_beside_z_and_every_typo_of_one_is_refused() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    for _ in 0..500 {
        let id = TrackingId::generate("PKL", &mut rng);
        let values: Vec<u8> = id.code.chars().map(|c| symbol_value(c).unwrap()).collect();
        assert_eq!(weighted_sum(&values), 0, "{id}");
        assert!(luhn_valid(&values), "{id}");
        assert!(!id.code.contains("0Z") && !id.code.contains("Z0"), "{id}");
        for typo in typos(&values) {
            // Refused by the check (or, typed without the prefix as "PK1…", read as prefix + 4 symbols).
            assert!(TrackingId::parse(&typo, "PKL").is_err(), "{id} -> {typo}");
            assert!(TrackingId::parse(&format!("PKL-{typo}"), "PKL").is_err(), "{id} -> PKL-{typo}");
        }
    }
}

#[test]
fn ids_issued_with_the_old_luhn_check_still_parse() {
    // dialogs/messages.toml shows PKL-7Q3K9XW as the example, and it was issued-format before the change.
    for old in ["PKL-7Q3K9XW", "PKL-70Z39XG"] {
        let values: Vec<u8> = old[4..].chars().map(|c| symbol_value(c).unwrap()).collect();
        assert!(luhn_valid(&values) && weighted_sum(&values) != 0, "{old} is an old-check ID");
        assert_eq!(TrackingId::parse(old, "PKL").map(|id| id.to_string()), Ok(old.to_string()));
    }
}

#[test]
fn the_example_in_the_docs_is_a_new_id() {
    // README, config and the example config show this one.
    let values: Vec<u8> = "7Q3KR9P".chars().map(|c| symbol_value(c).unwrap()).collect();
    assert!(weighted_sum(&values) == 0 && luhn_valid(&values));
}

#[test]
fn wrong_lengths_and_foreign_symbols_are_refused_with_a_reason() {
    assert_eq!(TrackingId::parse("PKL-123", "PKL"), Err(TrackingIdError::Length { expected: 7, found: 3 }));
    assert!(matches!(TrackingId::parse("PKL-12345*7", "PKL"), Err(TrackingIdError::Symbol('*'))));
    assert!(TrackingId::parse("", "PKL").is_err());
    assert!(TrackingId::parse("🙂🙂🙂🙂🙂🙂🙂", "PKL").is_err());
}
