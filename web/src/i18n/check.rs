//! The NIP check on the landing page.

crate::texts! {
    pub enum Check {
        Title => ("Periksa NIP dan NIK", "Check a NIP and NIK"),
        Lead => (
            "Ketik NIP (18 angka, boleh dengan spasi) dan, bila perlu, NIK (16 angka). Pemeriksaan berjalan di peramban Anda; tidak ada data yang dikirim.",
            "Type a NIP (18 digits, spaces allowed) and, if you like, a NIK (16 digits). The check runs in your browser; nothing is sent.",
        ),
        NipLabel => ("NIP / NI PPPK", "NIP / NI PPPK"),
        NikLabel => ("NIK (opsional)", "NIK (optional)"),
        NipPlaceholder => ("19670416 199303 1 015", "19670416 199303 1 015"),
        NikPlaceholder => ("16 angka sesuai KTP", "16 digits as on the KTP"),
        Ok => ("Format benar", "Well-formed"),
        BirthDate => ("Tanggal lahir", "Birth date"),
        Sex => ("Jenis kelamin", "Sex"),
        Appointment => ("Pengangkatan pertama", "First appointment"),
        Layout => ("Susunan", "Layout"),
        LayoutPns => ("NIP PNS/CPNS (atau NI PPPK)", "PNS/CPNS NIP (or NI PPPK)"),
        LayoutPppk => ("NI PPPK", "NI PPPK"),
        NikRegion => ("Kode wilayah NIK", "NIK region code"),
        Privacy => (
            "NIK adalah data pribadi (UU 27/2022). Jangan bagikan NIK orang lain.",
            "A NIK is personal data (Law 27/2022). Do not share other people's NIK.",
        ),
    }
}
