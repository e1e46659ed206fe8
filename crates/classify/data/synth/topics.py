"""What each OPD's complaints are about, for the synthetic generator: per code, groups of things and issues
(`thing issue` makes the core of a complaint; a group without things has whole cores), in Indonesian and in
English. Written for kentongan by its authors; dedicated to the public domain under CC0 1.0."""

# code: ([(things, issues), ...] in Indonesian, [(things, issues), ...] in English); "|" separates items.
TOPICS = {
    "DINDIK": ([
        ("sekolah|SD negeri|SMP negeri|SDN|pihak sekolah|komite sekolah", "minta iuran study tour wajib|narik uang seragam mahal|menahan ijazah karena tunggakan SPP|maksa beli buku LKS|minta sumbangan pembangunan tiap bulan"),
        ("guru kelas|guru honorer|wali kelas|kepala sekolah", "sering tidak masuk mengajar|suka membentak murid|belum digaji tiga bulan|diam saja waktu anak dibully"),
        ("", "anak saya tidak diterima PPDB padahal rumah dekat|jalur zonasi PPDB banyak yang curang|dana PIP anak saya belum cair|KIP anak saya ditolak saat daftar ulang|atap kelas bocor kalau hujan|rapor ditahan karena belum bayar les"),
    ], [
        ("the school|my son's teacher|the headmaster", "asks parents to pay for uniforms|keeps the diploma until fees are paid|is often absent from class"),
        ("", "my child was rejected in school zoning admission|the school scholarship money has not been paid"),
    ]),
    "DINKES": ([
        ("puskesmas|posyandu|bidan desa|petugas puskesmas|dokter puskesmas", "antri dari subuh pelayanannya lambat|tutup padahal jam kerja|kehabisan obat terus|judes sama pasien lansia|jarang ada di tempat"),
        ("", "warga kena DBD mohon fogging|banyak jentik nyamuk di genangan|vaksin campak kosong|imunisasi balita tidak jalan|banyak balita stunting kurang gizi|warga diare semua habis minum air sumur|ibu hamil tidak dapat vitamin"),
    ], [
        ("the community health centre|the village midwife", "is closed during working hours|has run out of medicine|treats elderly patients rudely"),
        ("", "dengue fever cases are rising please do fogging|there is no vaccine for toddlers|many children are malnourished"),
    ]),
    "RSUD": ([
        ("RSUD Bendan|rumah sakit daerah|IGD rumah sakit|perawat rumah sakit|dokter jaga IGD", "menolak pasien kecelakaan|antri berhari-hari untuk radiologi|ruang rawat inap penuh pasien tidur di lorong|tidak ada di tempat waktu pasien kritis|menagih biaya padahal pakai BPJS"),
        ("", "pasien dipulangkan paksa dari rumah sakit|obat kemoterapi di rumah sakit kosong|AC ruang tunggu poli rumah sakit mati|kamar mandi bangsal rumah sakit kotor"),
    ], [
        ("the city hospital|the hospital emergency room|the nurse at the hospital", "refused a patient in an emergency|made us wait all night|charged us although we have BPJS"),
        ("", "the hospital ward is full and patients sleep in the corridor"),
    ]),
    "DPUPR": ([
        ("jalan|jalan raya|aspal jalan|jalan kampung|paving gang|jembatan|trotoar", "berlubang besar|rusak parah|ambles|retak dan ambrol|mengelupas padahal baru diaspal|bolong-bolong"),
        ("saluran air|got|selokan|drainase|gorong-gorong", "mampet penuh lumpur|buntu tiap hujan meluber|dangkal perlu dikeruk|jebol"),
        ("", "tanggul rob bocor mohon ditinggikan|talud sungai longsor|sungai dangkal penuh sedimen mohon normalisasi|proyek perbaikan jalan mangkrak"),
    ], [
        ("the road|the main road|the bridge|the sidewalk", "has big potholes|is badly damaged|has caved in|is cracked"),
        ("the drain|the gutter", "is blocked and floods when it rains"),
    ]),
    "DPRKPLH": ([
        ("sampah|tumpukan sampah|TPS", "menumpuk tidak diangkut seminggu|bau busuk sampai ke rumah|dibakar warga asapnya ganggu|berserakan di pinggir jalan"),
        ("limbah batik|limbah pabrik|air sungai", "dibuang ke sungai airnya hitam|bikin sungai bau dan berbusa|mencemari sumur warga"),
        ("", "taman kota kotor dan tidak terawat|pohon di taman mohon dipangkas|rumah tidak layak huni belum dapat bantuan RTLH|truk sampah tidak lewat lagi"),
    ], [
        ("the garbage|the rubbish bin|the trash", "has not been collected for a week|smells terrible|is piling up on the street"),
        ("", "batik waste is dumped into the river|the city park is dirty and neglected"),
    ]),
    "DINHUB": ([
        ("lampu jalan|lampu PJU|penerangan jalan|lampu merah|traffic light|rambu lalu lintas", "mati sudah seminggu|padam gelap sekali|kedip-kedip terus|rusak tertutup pohon|roboh ditabrak"),
        ("parkir liar|juru parkir|angkot|bus kota|truk besar", "bikin macet di depan pasar|narik tarif parkir kemahalan|ngetem sembarangan|lewat jalan kampung di jam sibuk"),
    ], [
        ("the street light|the traffic light|the street lamp", "has been off for a week|is broken and it is dark|keeps blinking"),
        ("illegal parking|the parking attendant|the minibus", "causes traffic jams|charges too much"),
    ]),
    "DINSOS": ([
        ("bansos|bantuan PKH|BPNT|bantuan sembako|BLT", "tidak pernah cair|salah sasaran yang mampu dapat|dipotong pendamping|tidak sampai ke keluarga kami"),
        ("", "nama kami hilang dari DTKS|BPJS PBI kami dinonaktifkan|ada gelandangan tidur di emperan toko|ada ODGJ berkeliaran di jalan|lansia terlantar tinggal sendirian|anak jalanan mengemis di lampu merah"),
    ], [
        ("the social assistance|the food aid|the cash aid", "never arrived|went to rich families|was cut by the facilitator"),
        ("", "a homeless man sleeps in front of the shops"),
    ]),
    "DP3AP2KB": ([
        ("", "tetangga sering memukul istrinya|ada KDRT di rumah sebelah|anak tetangga sering disiksa orang tuanya|ada pernikahan anak di bawah umur|anak perempuan dilecehkan tetangga|ibu dan anak korban kekerasan butuh pendampingan|layanan KB di kampung tidak ada|alat kontrasepsi gratis tidak tersedia|anak ditelantarkan tidak sekolah"),
    ], [
        ("", "my neighbour beats his wife|a child is abused by her parents|a girl is being married off under age|there is no family planning service"),
    ]),
    "DINDUKCAPIL": ([
        ("KTP elektronik|KTP|KK|kartu keluarga|akta kelahiran|akta kematian|KIA anak", "belum jadi sudah dua bulan|blankonya habis terus|salah cetak nama|antrian cetaknya panjang sekali|datanya tidak sinkron"),
        ("", "NIK saya tidak terdaftar|NIK dipakai orang lain|pindah domisili ribet sekali|perekaman KTP di dukcapil offline terus"),
    ], [
        ("my ID card|the family card|my birth certificate", "is still not printed after two months|has a wrong name|is stuck in processing"),
        ("", "my national ID number is not registered"),
    ]),
    "DINKOMINFO": ([
        ("website pemkot|aplikasi layanan kota|wifi publik|wifi gratis di taman", "tidak bisa diakses|error terus|mati sudah lama|lemot sekali"),
        ("", "ada hoaks soal bansos beredar di grup|minta informasi anggaran lewat PPID|akun medsos pemkot tidak membalas|informasi publik tidak diupdate"),
    ], [
        ("the city website|the public wifi|the city app", "cannot be opened|is always down|is very slow"),
        ("", "a hoax is spreading in whatsapp groups"),
    ]),
    "DINDAGKOP": ([
        ("harga minyak goreng|harga beras|gas elpiji 3 kg|LPG melon|harga cabai", "naik terus di pasar|langka di pengecer|dijual di atas HET|dijual kemahalan"),
        ("pasar|pasar Banjarsari|los pasar|kios pasar", "atapnya bocor dan becek|sewa losnya naik mendadak|pedagangnya kurang ditata|timbangan pedagang dicurangi"),
        ("", "pinjaman koperasi simpan pinjam bunganya mencekik|bantuan modal UMKM tidak jelas"),
    ], [
        ("the price of rice|the 3 kg gas|the cooking oil", "is too expensive in the market|is hard to find"),
        ("the market|the market stall", "roof leaks|rent went up suddenly"),
    ]),
    "DINPERINAKER": ([
        ("perusahaan|pabrik|pabrik garmen|bos konveksi", "PHK karyawan sepihak|membayar gaji di bawah UMK|belum membayar THR|tidak mendaftarkan BPJS ketenagakerjaan|lembur tidak dibayar"),
        ("", "info lowongan kerja untuk lulusan SMK|pelatihan kerja BLK kapan dibuka|kartu kuning AK1 susah diurus|pencari kerja butuh pelatihan menjahit"),
    ], [
        ("the factory|my employer|the company", "fired workers without notice|pays below minimum wage|has not paid the holiday bonus"),
        ("", "where can I find job training"),
    ]),
    "DKP3": ([
        ("nelayan|kapal nelayan|TPI|tempat pelelangan ikan", "susah dapat solar|lelang ikannya tidak transparan|dermaga rusak|ikan hasil tangkapan dihargai murah"),
        ("pupuk subsidi|pupuk urea|sawah|petani", "langka di kios|harganya di atas HET|kebanjiran rob gagal panen|diserang hama wereng"),
        ("", "sapi warga kena penyakit mulut dan kuku|harga daging sapi mahal|bantuan benih ikan tidak merata"),
    ], [
        ("the fishermen|the fish auction|the farmers", "cannot get subsidised diesel|are cheated on fish prices|cannot find fertiliser"),
        ("", "the cows have foot and mouth disease"),
    ]),
    "DINPARBUDPORA": ([
        ("Museum Batik|pantai Pasir Kencana|objek wisata|GOR|lapangan olahraga|stadion", "kotor dan tidak terawat|tiket masuknya mahal|fasilitasnya rusak|toiletnya jorok|tutup padahal hari libur"),
        ("", "festival batik kurang promosi|cagar budaya dibiarkan rusak|karang taruna butuh pembinaan|event olahraga pemuda jarang diadakan"),
    ], [
        ("the batik museum|the beach|the sports hall|the stadium", "is dirty and neglected|charges too much for tickets|has broken facilities"),
        ("", "the heritage building is left to decay"),
    ]),
    "DPMPTSP": ([
        ("izin usaha|NIB|PBG|izin mendirikan bangunan|izin reklame|OSS", "lama sekali tidak terbit|persyaratannya berbelit|ditolak tanpa alasan|sistemnya error saat daftar"),
        ("", "loket perizinan mal pelayanan publik antri panjang|petugas loket perizinan tidak ramah|tidak ada info syarat izin usaha"),
    ], [
        ("my business permit|the building permit", "is taking months|keeps being rejected"),
        ("", "the licensing office queue is too long"),
    ]),
    "SATPOLPP": ([
        ("PKL|pedagang kaki lima|lapak pedagang", "jualan di trotoar|menutup jalan|bikin kumuh depan toko"),
        ("", "ada rumah kebakaran mohon damkar|tetangga karaoke keras sampai tengah malam|banyak reklame liar di tiang listrik|anak muda balap liar tiap malam|warung remang-remang buka sampai pagi|gudang terbakar asapnya tebal"),
    ], [
        ("street vendors|the food stalls", "block the sidewalk|occupy the road"),
        ("", "a house is on fire send the fire brigade|loud karaoke every night until midnight"),
    ]),
    "BPBD": ([
        ("banjir|rob|air rob|banjir bandang", "masuk rumah sepinggang|merendam kampung warga butuh evakuasi|tidak surut tiga hari|membuat warga mengungsi"),
        ("", "pohon tumbang menimpa rumah saat angin kencang|angin puting beliung merusak atap rumah|tanah longsor menutup akses warga|pengungsi banjir belum dapat bantuan logistik|butuh perahu karet untuk evakuasi lansia"),
    ], [
        ("the flood|the tidal flood", "entered our houses and we need evacuation|has not receded for days"),
        ("", "a tree fell on a house in the storm"),
    ]),
    "BPKAD": ([
        ("tagihan PBB|SPPT PBB|pajak bumi bangunan|BPHTB", "nilainya naik tidak wajar|salah nama pemilik|belum dikirim|sudah bayar tapi tercatat menunggak"),
        ("", "aset tanah pemkot dipakai pribadi|gedung milik pemkot terbengkalai|pembayaran PBB online gagal"),
    ], [
        ("the land tax bill|my property tax", "went up too much|has the wrong owner name"),
        ("", "city land is used by a private person"),
    ]),
    "BKPSDM": ([
        ("PNS|pegawai kelurahan|ASN|pegawai dinas", "sering bolos saat jam kerja|main HP waktu melayani|jam kerja malah di warung kopi|tidak disiplin datang siang"),
        ("", "pengumuman seleksi PPPK tidak jelas|tunjangan pegawai honorer belum dibayar|ada ASN ikut kampanye"),
    ], [
        ("civil servants|government employees", "are absent during office hours|play on their phones while serving"),
        ("", "the civil servant recruitment results are unclear"),
    ]),
    "PDAM": ([
        ("air PDAM|air ledeng|pipa PDAM|meteran air|tagihan air", "tidak mengalir tiga hari|keruh dan bau|bocor di pinggir jalan|kecil sekali alirannya|naik padahal pemakaian sama"),
        ("", "air mati karena pompa PDAM kena pemadaman listrik|listrik padam jadi air PDAM ikut mati|meteran PDAM rusak angkanya ngaco"),
    ], [
        ("the tap water|the water pipe|the water meter|the water bill", "has not run for three days|is brown and smells|is leaking on the street|is too high"),
        ("", "no water because the pump lost power"),
    ]),
    "KECAMATAN": ([
        ("pelayanan kantor kelurahan|kantor kecamatan|surat pengantar RT RW|surat domisili|surat keterangan tidak mampu", "lambat sekali diurus|petugasnya tidak ada di tempat|dipersulit tanpa alasan|tidak jelas prosedurnya"),
        ("", "ketua RT menolak tanda tangan surat pengantar|lurah tidak pernah menemui warga|musrenbang kelurahan tidak melibatkan warga"),
    ], [
        ("the village office service|the sub-district office", "is very slow|has no staff at the desk"),
        ("", "the neighbourhood head refuses to sign my letter"),
    ]),
    "INSPEKTORAT": ([
        ("oknum petugas dishub|oknum satpol pp|oknum pegawai kelurahan|oknum guru|oknum petugas puskesmas|oknum pegawai dukcapil|oknum pegawai dinas", "minta uang biar urusan cepat|minta setoran ke pedagang|pungli ke warga|minta uang rokok|minta imbalan untuk tanda tangan"),
        ("", "ada pungli pembuatan surat di kelurahan|dana desa diduga dikorupsi|anggaran proyek diduga diselewengkan|ada suap dalam pengadaan barang|pungutan liar di sekolah negeri dilakukan oknum"),
    ], [
        ("an official|a civil servant|a city officer", "asked me for a bribe|demanded illegal fees|asked for money to speed things up"),
        ("", "public funds are being embezzled"),
    ]),
    "EXT-PLN": ([
        ("listrik|listrik rumah|aliran listrik|token listrik|meteran listrik|kabel listrik PLN", "padam dari pagi|mati sering byar pet|tidak masuk padahal sudah beli|rusak angkanya aneh|menjuntai rendah bahaya"),
        ("", "tiang listrik PLN miring mau roboh|trafo meledak listrik sekampung mati"),
    ], [
        ("the electricity|the power|the electricity meter", "has been out since morning|keeps going off|is broken"),
        ("", "a power pole is leaning and about to fall"),
    ]),
    "EXT-POLRES": ([
        ("motor|HP|dompet|sepeda|rumah kosong", "dicuri orang|dijambret di jalan|dibobol maling"),
        ("", "ada pengedar narkoba di kampung|ada penipuan online atas nama pemkot|ada tawuran pelajar tiap malam minggu|ada kecelakaan tabrak lari|geng motor membawa senjata tajam|ada judi di pos ronda"),
    ], [
        ("my motorbike|my phone|my wallet", "was stolen|was snatched on the street"),
        ("", "drugs are sold in our neighbourhood|there was a hit and run accident"),
    ]),
}
