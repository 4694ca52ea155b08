//! The landing page: what Satu ASN does today, and the two ways in.

crate::texts! {
    pub enum Home {
        HeroTitle => (
            "Kartu ASN Virtual Anda, sah dan dapat diperiksa siapa saja",
            "Your virtual ASN card, genuine and checkable by anyone",
        ),
        HeroLead => (
            "Satu ASN menerbitkan Kartu ASN Virtual untuk PNS dan PPPK dari data kepegawaian terkini. \
             Masuk dengan NIP Anda untuk melihat, mengunduh, dan mencetak kartu.",
            "Satu ASN issues the virtual ASN card to PNS and PPPK employees from current personnel data. \
             Log in with your NIP to see, download and print your card.",
        ),
        CtaLogin => ("Masuk", "Log in"),
        CtaVerify => ("Cek kartu ASN", "Check an ASN card"),
        FeaturesTitle => ("Apa yang dapat dilakukan", "What you can do"),
        FeatureCardTitle => ("Kartu ASN Virtual", "Virtual ASN Card"),
        FeatureCardBody => (
            "Terbit otomatis untuk PNS dan PPPK dari data terkini: unduh PNG atau PDF, cetak, tegak atau mendatar.",
            "Issued automatically to PNS and PPPK from current data: download PNG or PDF, print, portrait or landscape.",
        ),
        FeatureVerifyTitle => ("Verifikasi kartu", "Card verification"),
        FeatureVerifyBody => (
            "Pindai kode QR pada kartu untuk memastikan kartu sah dan masih berlaku. Tanpa NIK, alamat, atau tanggal lahir.",
            "Scan the card's QR code to check that it is genuine and still valid. No NIK, address or birth date shown.",
        ),
        FeatureSecurityTitle => ("Akun yang aman", "A safe account"),
        FeatureSecurityBody => (
            "Masuk dengan NIP, verifikasi dua langkah dengan aplikasi autentikator, dan masuk di komputer dengan kode QR dari ponsel.",
            "Log in with your NIP, two-step verification with an authenticator app, and logging in on a computer with a QR code from your phone.",
        ),
    }
}
