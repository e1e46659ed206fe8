//! Known confusions, with the catalogue-trained model: extortion by any official is INSPEKTORAT, a caved-in
//! road is DPUPR even in capitals, a water outage caused by a power cut is PDAM, place words never decide,
//! and English complaints route like Indonesian ones.

mod common;

use common::top1;

fn assert_all(expected: &str, texts: &[&str]) {
    let wrong: Vec<String> =
        texts.iter().filter(|t| top1(t) != expected).map(|t| format!("{t:?} → {}", top1(t))).collect();
    assert!(wrong.is_empty(), "expected {expected}:\n{}", wrong.join("\n"));
}

#[test]
fn extortion_by_any_official_goes_to_inspektorat_not_the_officials_agency() {
    assert_all(
        "INSPEKTORAT",
        &[
            "oknum satpol pp minta uang ke pedagang kaki lima biar boleh jualan",
            "petugas dishub minta setoran tiap hari ke tukang parkir",
            "oknum petugas parkir dishub minta uang damai 100rb",
            "pegawai dukcapil minta uang 300 ribu supaya KTP cepat jadi",
            "oknum guru minta uang supaya anak naik kelas",
            "ada pungli di puskesmas, surat sehat ditarik 50rb padahal gratis",
            "petugas PDAM minta uang rokok waktu pasang meteran baru",
            "oknum lurah minta uang pelicin untuk tanda tangan surat tanah",
            "An officer from the transport agency asked me for a bribe",
        ],
    );
}

#[test]
fn road_subsidence_and_holes_go_to_dpupr_not_dinhub_even_in_capitals() {
    assert_all(
        "DPUPR",
        &[
            "jalan ambles di depan SD, bahaya buat pengendara",
            "JALAN AMBLES DI DEPAN SD, BAHAYA BUAT PENGENDARA",
            "JALAN RAYA BERLUBANG BESAR DEKAT LAMPU MERAH",
            "jalan di dekat terminal berlubang, angkot sering terperosok",
            "aspal jalan ambles dan retak dekat halte bus",
            "The road near the traffic light has caved in",
        ],
    );
}

#[test]
fn a_water_outage_caused_by_a_power_cut_goes_to_pdam() {
    assert_all(
        "PDAM",
        &[
            "air PDAM mati karena listrik padam, pompanya tidak jalan",
            "gara-gara pemadaman listrik air ledeng di rumah ikut mati dua hari",
            "listrik mati dari pagi dan air PDAM juga tidak mengalir sama sekali",
            "No tap water since the power cut yesterday",
        ],
    );
}

#[test]
fn place_words_never_decide_the_agency() {
    let place =
        "di kelurahan Medono kecamatan Pekalongan Barat RT 03 RW 05 desa sebelah, dekat rumah pak camat dan lurah";
    for (expected, complaint) in [
        ("DPUPR", "jalan berlubang besar"),
        ("DINHUB", "lampu jalan mati"),
        ("DPRKPLH", "sampah menumpuk tidak diangkut"),
        ("PDAM", "air PDAM tidak mengalir"),
        ("EXT-PLN", "listrik padam seharian"),
        ("DINKES", "banyak warga kena DBD"),
        ("DINSOS", "bansos tidak cair"),
    ] {
        assert_eq!(top1(&format!("{complaint} {place}")), expected, "{complaint} + place words");
        assert_eq!(top1(&format!("{place}: {complaint}")), expected, "place words + {complaint}");
    }
}

#[test]
fn english_complaints_route_like_indonesian_ones() {
    for (expected, text) in [
        ("DINHUB", "streetlight broken near the mosque"),
        ("DPUPR", "big potholes on the main road"),
        ("PDAM", "no tap water for three days"),
        ("EXT-PLN", "power outage in my street since this morning"),
        ("DPRKPLH", "garbage has not been collected for a week"),
        ("DINKES", "the community health centre has no doctor"),
        ("RSUD", "the hospital emergency room refused my father"),
        ("DINDIK", "the school asks parents to pay illegal fees for uniforms"),
        ("DINDUKCAPIL", "my ID card has not been printed for two months"),
        ("EXT-POLRES", "my motorbike was stolen last night"),
        ("BPBD", "flood water entered our houses, we need evacuation"),
        ("SATPOLPP", "street vendors block the sidewalk"),
        ("DINSOS", "poor families never receive social assistance"),
        ("INSPEKTORAT", "a civil servant asked me for a bribe"),
    ] {
        assert_eq!(top1(text), expected, "{text}");
    }
}
