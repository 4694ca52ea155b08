//! The card photo assistant.

crate::texts! {
    pub enum Photo {
        Title => ("Foto Kartu ASN Virtual", "Virtual ASN card photo"),
        Choose => ("Pilih foto (PNG atau JPEG, paling besar 2 MB)", "Choose a photo (PNG or JPEG, at most 2 MB)"),
        ChooseHint => ("Foto dipotong menjadi 450 × 575 piksel di sini; geser dan perbesar sampai pas.", "The photo is cropped to 450 × 575 pixels here; move and zoom until it fits."),
        CropAdvice => ("Geser dan perbesar potongan di bawah ini.", "Move and zoom the crop below."),
        Zoom => ("Perbesar", "Zoom"),
        MoveX => ("Geser mendatar", "Move sideways"),
        MoveY => ("Geser tegak", "Move up and down"),
        GuideTitle => ("Panduan foto", "Photo guidance"),
        Guide1 => ("Gunakan foto tegak (portrait) setengah badan dengan pakaian dinas atau formal.", "Use an upright (portrait) head-and-shoulders photo in official or formal dress."),
        Guide2 => ("Latar belakang transparan, dengan pose badan sedikit condong ke kanan.", "A transparent background, the body turned slightly to the right."),
        Guide3 => ("Pastikan pencahayaan dan kualitas foto baik, gambar tidak buram.", "Good lighting and quality; the picture is not blurred."),
        Guide4 => ("Ukuran 450 × 575 piksel (foto lain dipotong di halaman ini).", "450 × 575 pixels (other photos are cropped on this page)."),
        Guide5 => ("Format PNG (disarankan, agar latar transparan) atau JPEG, paling besar 2 MB.", "PNG (preferred, for a transparent background) or JPEG, at most 2 MB."),
        Guide6 => ("Periksa pratinjau kartu sebelum menekan “Gunakan foto ini”.", "Check the card preview before pressing “Use this photo”."),
        PreviewTitle => ("Pratinjau kartu", "Card preview"),
        Previewing => ("Menyiapkan pratinjau…", "Preparing the preview…"),
        PreviewAlt => ("Pratinjau sisi depan kartu dengan foto ini", "Preview of the card's front with this photo"),
        Transparent => ("Latar belakang foto transparan. Bagus!", "The photo's background is transparent. Good!"),
        Opaque => ("Latar belakang foto tidak transparan. Foto dapat dipakai, tetapi panduan BKN meminta latar transparan.", "The photo's background is not transparent. It can be used, but BKN's guidance asks for a transparent background."),
        Use => ("Gunakan foto ini", "Use this photo"),
        Cancel => ("Batal", "Cancel"),
    }
}
