//! Robustness: the same complaint in capitals, with typos, in slang and in Javanese gets the same top-1.

mod common;

use common::top1;

fn assert_same(expected: &str, variants: &[&str]) {
    for v in variants {
        assert_eq!(top1(v), expected, "{v}");
    }
}

#[test]
fn street_light_complaint_survives_caps_typos_slang_and_javanese() {
    assert_same(
        "DINHUB",
        &[
            "lampu jalan di gang kami mati, gelap sekali",
            "LAMPU JALAN DI GANG KAMI MATI, GELAP SEKALI!!!",
            "lmpu jalam di gang kmi mati, gelp skali",
            "lampu jln di gang kami mati bgt, gelap parah 😡",
            "lampu dalan neng gang ku mati, peteng banget",
        ],
    );
}

#[test]
fn water_outage_complaint_survives_caps_typos_slang_and_javanese() {
    assert_same(
        "PDAM",
        &[
            "air PDAM tidak mengalir sejak kemarin",
            "AIR PDAM TIDAK MENGALIR SEJAK KEMARIN",
            "air pdem tdk mengalr sejak kmrn",
            "air pdam gk ngalir dr kmrn bgt",
            "banyu PDAM ora mili wiwit wingi",
        ],
    );
}

#[test]
fn garbage_complaint_survives_caps_typos_slang_and_javanese() {
    assert_same(
        "DPRKPLH",
        &[
            "sampah menumpuk di pinggir jalan dan bau",
            "SAMPAH MENUMPUK DI PINGGIR JALAN DAN BAU",
            "sampaah menumpk di pingir jalan dan bauu",
            "sampah numpuk di pinggir jln, bau bgt",
            "uwuh numpuk neng pinggir dalan, mambu",
        ],
    );
}

#[test]
fn road_hole_complaint_survives_caps_typos_slang_and_javanese() {
    assert_same(
        "DPUPR",
        &[
            "jalan rusak berlubang dekat pasar",
            "JALAN RUSAK BERLUBANG DEKAT PASAR",
            "jalan rusk berlobang dkt pasar",
            "jln rusak bolong2 deket pasar",
            "dalan rusak growong cedhak pasar",
        ],
    );
}
