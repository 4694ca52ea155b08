//! The landing page.

crate::texts! {
    pub enum Home {
        HeroTitle => (
            "Data kepegawaian Anda, mutakhir dan terverifikasi",
            "Your personnel data, up to date and verified",
        ),
        HeroLead => (
            "Satu ASN membantu PNS, CPNS, dan PPPK memutakhirkan data kepegawaian secara mandiri, \
             dan menerbitkan Kartu ASN Virtual yang dapat diverifikasi siapa saja.",
            "Satu ASN helps PNS, CPNS and PPPK employees update their personnel records themselves, \
             and issues a Virtual ASN Card that anyone can verify.",
        ),
        HeroWho => (
            "Untuk pegawai, verifikator OPD, validator BKN, BKPSDM, pimpinan, dan sistem informasi kepegawaian instansi.",
            "For employees, agency verifiers, BKN validators, HR boards, agency heads and agencies' HR systems.",
        ),
        FeaturesTitle => ("Apa yang dapat dilakukan", "What you can do"),
        FeaturePdmTitle => ("Pemutakhiran Data Mandiri", "Self-service data update"),
        FeaturePdmBody => (
            "Usulkan perubahan data pribadi, jabatan, pendidikan, pangkat, keluarga, dan riwayat lainnya \
             dengan dokumen PDF. Pantau setiap tahap usulan Anda.",
            "Propose changes to personal data, position, education, rank, family and other history with \
             PDF documents. Follow every step of your proposal.",
        ),
        FeatureCardTitle => ("Kartu ASN Virtual", "Virtual ASN Card"),
        FeatureCardBody => (
            "Terbit otomatis untuk PNS dan PPPK dari data terkini: unduh PNG atau PDF, cetak, potret atau lanskap.",
            "Issued automatically to PNS and PPPK from current data: download PNG or PDF, print, portrait or landscape.",
        ),
        FeatureVerifyTitle => ("Verifikasi kartu", "Card verification"),
        FeatureVerifyBody => (
            "Pindai kode QR pada kartu untuk memastikan kartu sah dan masih berlaku. Tanpa NIK, alamat, atau tanggal lahir.",
            "Scan the card's QR code to check that it is genuine and still valid. No NIK, address or birth date shown.",
        ),
        FeatureReportTitle => ("Laporan dan integrasi", "Reports and integration"),
        FeatureReportBody => (
            "Pantau kemajuan per unit kerja, dan hubungkan SIK instansi melalui REST API yang terdokumentasi.",
            "Follow progress per unit, and connect the agency's HR system through a documented REST API.",
        ),
        StepsTitle => ("Alur pemutakhiran data", "How a data update flows"),
        Step1 => ("Pegawai mengusulkan perubahan dengan dokumen PDF (maks. 1 MB).", "The employee proposes a change with a PDF (max. 1 MB)."),
        Step2 => ("Verifikator OPD memeriksa dokumen dan data.", "The agency verifier checks the document and the data."),
        Step3 => (
            "Kanreg/BKN Pusat memvalidasi pendidikan, pangkat, PMK, CLTN, dan pindah instansi.",
            "The BKN regional or central office validates education, rank, PMK, CLTN and transfers.",
        ),
        Step4 => ("BKPSDM menyetujui: data menjadi data induk.", "The HR board approves: the data becomes the master record."),
    }
}
