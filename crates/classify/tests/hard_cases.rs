//! Named hard cases: pairs of complaints that share words but belong to different OPDs.

mod common;

use common::top1;

#[test]
fn street_light_goes_to_dinhub_and_road_hole_to_dpupr() {
    assert_eq!(top1("lampu jalan di depan gang mati sudah 3 malam, gelap banget"), "DINHUB");
    assert_eq!(top1("jalan di depan gang berlubang besar, motor sering jatuh"), "DPUPR");
}

#[test]
fn house_power_outage_goes_to_pln_and_street_light_to_dinhub() {
    assert_eq!(top1("listrik rumah padam dari pagi, semua tetangga juga mati"), "EXT-PLN");
    assert_eq!(top1("lampu PJU di pinggir jalan raya padam, jalan gelap"), "DINHUB");
}

#[test]
fn tidal_flood_emergency_goes_to_bpbd_and_blocked_drain_to_dpupr() {
    assert_eq!(top1("rob masuk rumah sepinggang, lansia perlu dievakuasi sekarang"), "BPBD");
    assert_eq!(top1("saluran air depan rumah mampet penuh lumpur, tiap hujan meluber"), "DPUPR");
}

#[test]
fn pungli_at_the_kelurahan_goes_to_inspektorat_and_ktp_service_to_dindukcapil() {
    assert_eq!(top1("di kelurahan saya dimintai uang 100 ribu biar surat cepat, pungli"), "INSPEKTORAT");
    assert_eq!(top1("KTP elektronik saya belum dicetak sudah dua bulan"), "DINDUKCAPIL");
}

#[test]
fn fallen_tree_in_a_storm_goes_to_bpbd_and_park_tree_trimming_to_dprkplh() {
    assert_eq!(top1("hujan angin kencang bikin pohon besar tumbang menimpa rumah"), "BPBD");
    assert_eq!(top1("mohon pohon di taman kota dipangkas, dahannya sudah terlalu rimbun"), "DPRKPLH");
}
