//! The public card check.

crate::texts! {
    pub enum Verify {
        Title => ("Periksa Kartu ASN Virtual", "Check a virtual ASN card"),
        Lead => ("Ketik angka pada gambar untuk melihat apakah kartu ini asli dan masih berlaku.", "Type the digits in the picture to see whether this card is genuine and still valid."),
        Captcha => ("Angka pada gambar", "Digits in the picture"),
        CaptchaAlt => ("Gambar berisi lima angka", "A picture of five digits"),
        NewCaptcha => ("Gambar lain", "Another picture"),
        Submit => ("Periksa kartu", "Check the card"),
        Valid => ("BERLAKU", "VALID"),
        ValidLead => ("Kartu asli dan berlaku saat ini.", "The card is genuine and valid now."),
        Invalid => ("TIDAK BERLAKU", "NOT VALID"),
        InvalidLead => ("Kartu asli, tetapi pemegangnya tidak lagi berstatus ASN aktif (diberhentikan, pensiun, meninggal, atau kontrak berakhir).", "The card is genuine, but its holder is no longer an active civil servant (dismissed, retired, deceased, or contract ended)."),
        NotGenuine => ("TIDAK DIKENALI", "NOT RECOGNISED"),
        NotGenuineLead => ("Kode QR ini bukan kartu yang diterbitkan sistem ini, atau isinya telah diubah. Jangan terima kartu ini.", "This QR code is not a card issued by this system, or it was altered. Do not accept this card."),
        PhotoAlt => ("Foto pemegang kartu", "Photo of the card holder"),
        Name => ("Nama", "Name"),
        Kind => ("Jenis ASN", "Kind"),
        Agency => ("Instansi", "Agency"),
        Tmt => ("TMT PNS / awal perjanjian kerja", "Appointment / contract start"),
        Checked => ("Diperiksa", "Checked"),
        Again => ("Periksa lagi", "Check again"),
        Privacy => ("Halaman ini hanya menampilkan data yang diperlukan untuk memeriksa kartu (UU 27/2022 tentang Pelindungan Data Pribadi).", "This page shows only what is needed to check a card (Law 27/2022 on personal data protection)."),
        Help => ("Pindai kode QR pada Kartu ASN Virtual dengan kamera ponsel dan buka tautannya, atau tempel tautan itu di sini.", "Scan the QR code on a virtual ASN card with a phone camera and open its link, or paste that link here."),
        LinkLabel => ("Tautan dari kode QR", "Link from the QR code"),
        Open => ("Buka", "Open"),

    }
}
