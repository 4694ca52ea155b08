//! The header, footer and texts every page uses.

crate::texts! {
    pub enum Common {
        Tagline => ("Layanan mandiri ASN", "Civil servant self-service"),
        NavHome => ("Beranda", "Home"),
        NavApi => ("Dokumentasi API", "API docs"),
        SwitchLanguage => ("EN", "ID"),
        SwitchLanguageLabel => ("EN: switch to English", "ID: ganti ke Bahasa Indonesia"),
        NavMenu => ("Menu", "Menu"),
        NavVerify => ("Cek kartu ASN", "Check an ASN card"),
        SkipToContent => ("Langsung ke isi halaman", "Skip to the content"),
        NotFoundTitle => ("Halaman tidak ditemukan", "Page not found"),
        NotFoundBody => (
            "Alamat yang Anda buka tidak ada atau belum tersedia.",
            "The address you opened does not exist or is not available yet.",
        ),
        BackHome => ("Kembali ke beranda", "Back to home"),
        FooterAbout => (
            "Satu ASN: perangkat lunak terbuka untuk instansi pemerintah.",
            "Satu ASN: open-source software for government agencies.",
        ),
        FooterServer => ("Versi server", "Server version"),
        FooterServerUnknown => ("Server tidak dapat dihubungi", "Server unreachable"),
        NavLogin => ("Masuk", "Log in"),
        NavProfile => ("Profil", "Profile"),
        NavLogout => ("Keluar", "Log out"),
        Loading => ("Memuat…", "Loading…"),
        NavSecurity => ("Keamanan", "Security"),
        NavCard => ("Kartu ASN", "ASN card"),
        NavMyData => ("Data Saya", "My data"),
        NavStaff => ("Staf", "Staff"),
        NavProposals => ("Usulan", "Proposals"),
        NavNotifications => ("Notifikasi", "Notifications"),
        UnreadLabel => ("belum dibaca", "unread"),
        Copy => ("Salin", "Copy"),
        Cancel => ("Batal", "Cancel"),
        Copied => ("Tersalin", "Copied"),
        Routing => ("Memuat halaman…", "Loading the page…"),
    }
}
