//! The Kartu ASN Virtual page.

crate::texts! {
    pub enum Card {
        Title => ("Kartu ASN Virtual", "Virtual ASN card"),
        Valid => ("Kartu berlaku", "The card is valid"),
        Invalid => ("Kartu tidak berlaku", "The card is not valid"),
        Serial => ("Nomor kartu", "Card number"),
        NoPhoto => ("Foto kartu belum diunggah.", "No card photo yet."),
        SetPhoto => ("Unggah foto sekarang", "Upload a photo now"),
        Orientation => ("Bentuk kartu", "Card layout"),
        Portrait => ("Tegak", "Portrait"),
        Landscape => ("Mendatar", "Landscape"),
        FrontAlt => ("Kartu ASN Virtual, sisi depan", "Virtual ASN card, front"),
        BackAlt => ("Kartu ASN Virtual, sisi belakang", "Virtual ASN card, back"),
        ShowFront => ("Lihat sisi depan", "Show the front"),
        ShowBack => ("Lihat sisi belakang", "Show the back"),
        ChangePhoto => ("Ganti foto", "Change photo"),
        FullScreen => ("Layar penuh", "Full screen"),
        FullScreenTitle => ("Kartu ASN Virtual, layar penuh", "Virtual ASN card, full screen"),
        Close => ("Tutup", "Close"),
        DownloadTitle => ("Unduh dan cetak", "Download and print"),
        DownloadFront => ("Unduh depan (PNG)", "Download front (PNG)"),
        DownloadBack => ("Unduh belakang (PNG)", "Download back (PNG)"),
        DownloadPdf => ("Unduh PDF untuk cetak", "Download PDF for printing"),
        Print => ("Cetak", "Print"),
        PrintHint => ("PDF dan cetakan berukuran kartu standar 85,60 × 53,98 mm (depan dan belakang). Setel skala cetak 100% (ukuran sebenarnya).", "The PDF and the print are standard card size, 85.60 × 53.98 mm (front and back). Print at 100% scale (actual size)."),
        VerifyHint => ("Siapa pun dapat memeriksa keabsahan kartu dengan memindai kode QR-nya.", "Anyone can check the card by scanning its QR code."),
        VerifyLink => ("Buka halaman pemeriksaan", "Open the check page"),
    }
}
