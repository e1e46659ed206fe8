//! The title rules on realistic Indonesian (and Javanese) complaints, as one table.

use kentongan_central::title;

#[test]
fn titles_are_derived_from_the_first_real_clause() {
    let long = "Saya mau melaporkan bahwa lampu penerangan jalan umum di sepanjang Jalan Hayam Wuruk dekat \
                Pasar Banjarsari sudah mati total sejak minggu lalu dan belum ada perbaikan";
    let cases: &[(&str, &str)] = &[
        (
            "Jalan di Jl. Sriwijaya berlubang besar, sudah dua motor jatuh. Mohon diperbaiki.",
            "Jalan di Jl. Sriwijaya berlubang besar",
        ),
        (
            "Selamat pagi pak, air PDAM di RT 03 RW 05 Kel. Kraton Kidul mati sejak 3 hari!!!",
            "Air PDAM di RT 03 RW 05 Kel. Kraton Kidul mati sejak 3 hari",
        ),
        (
            "Assalamualaikum wr wb. Sampah di TPS Podosugih menumpuk 😡😡 baunya sampai ke rumah warga",
            "Sampah di TPS Podosugih menumpuk baunya sampai ke rumah warga",
        ),
        ("Air mati. Sudah 3 hari tidak mengalir, tolong segera", "Air mati. Sudah 3 hari tidak mengalir"),
        ("ROB MASUK RUMAH WARGA PANJANG WETAN, TANGGUL JEBOL", "Rob masuk rumah warga panjang wetan"),
        (long, "Saya mau melaporkan bahwa lampu penerangan jalan umum di sepanjang Jalan..."),
        ("Pungli di kantor kelurahan - diminta Rp 50.000 untuk surat pengantar", "Pungli di kantor kelurahan"),
        ("Lampu PJU mati - Jl. Hayam Wuruk gelap total", "Lampu PJU mati - Jl. Hayam Wuruk gelap total"),
        ("Halo admin -- bansos PKH bulan ini belum cair, padahal nama ada di DTKS", "Bansos PKH bulan ini belum cair"),
        ("Limbah batik dibuang ke Kali Loji; airnya jadi merah dan berbau", "Limbah batik dibuang ke Kali Loji"),
        (
            "cek https://instagram.com/p/xyz123 lampu merah simpang Dr. Wahidin mati",
            "Cek lampu merah simpang Dr. Wahidin mati",
        ),
        ("Nuwun sewu, dalan teng ngarep SD 3 rusak parah, mboten saged dilewati", "Dalan teng ngarep SD 3 rusak parah"),
        ("pedagang kaki lima menutup trotoar\ndepan Museum Batik setiap sore", "Pedagang kaki lima menutup trotoar"),
        ("🙏🙏🙏 https://wa.me/6281234567890", "Laporan warga"),
        ("   ", "Laporan warga"),
        ("Selamat siang min", "Laporan warga"),
        (&"x".repeat(120), &format!("X{}...", "x".repeat(76))),
    ];
    for (description, expected) in cases {
        let got = title(description);
        assert_eq!(&got, expected, "for {description:?}");
        assert!(got.chars().count() <= 80, "{got}");
        assert_eq!(title(description), got, "deterministic");
    }
}
