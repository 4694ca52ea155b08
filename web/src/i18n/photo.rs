//! The card photo assistant.

crate::texts! {
    pub enum Photo {
        Title => ("Foto Kartu ASN Virtual", "Virtual ASN card photo"),
        Choose => ("Pilih foto (PNG atau JPEG, langsung dari kamera ponsel pun bisa)", "Choose a photo (PNG or JPEG, straight from a phone camera is fine)"),
        ChooseHint => ("Foto dipotong menjadi 450 × 575 piksel di sini; geser dan perbesar sampai pas.", "The photo is cropped to 450 × 575 pixels here; move and zoom until it fits."),
        CropAdvice => ("Foto dipotong menjadi bentuk kartu (450 × 575). Geser dan perbesar potongan di bawah ini sampai pas.", "The photo is cropped to the card's shape (450 × 575). Move and zoom the crop below until it fits."),
        BackgroundTitle => ("Latar belakang", "Background"),
        BackgroundHint => ("Untuk foto dengan latar polos (tembok atau kain satu warna): latar yang tersambung ke tepi atas dan samping dibuat transparan. Periksa hasilnya pada kotak-kotak di atas.", "For a photo on a plain background (a wall or a one-colour cloth): the background connected to the top and side edges becomes transparent. Check the result on the checkerboard above."),
        BackgroundOn => ("Hapus latar belakang", "Remove the background"),
        BackgroundTolerance => ("Kepekaan (geser ke kanan bila latar belum hilang, ke kiri bila wajah ikut terhapus)", "Tolerance (right if the background stays, left if the face is erased too)"),
        Saved => ("Foto kartu disimpan. Kartu Anda kini memakai foto ini.", "Card photo saved. Your card now uses this photo."),
        Zoom => ("Perbesar", "Zoom"),
        MoveX => ("Geser mendatar", "Move sideways"),
        MoveY => ("Geser tegak", "Move up and down"),
        GuideTitle => ("Panduan foto", "Photo guidance"),
        Guide1 => ("Gunakan foto tegak (portrait) setengah badan dengan pakaian dinas atau formal.", "Use an upright (portrait) head-and-shoulders photo in official or formal dress."),
        Guide2 => ("Latar belakang transparan, dengan pose badan sedikit condong ke kanan.", "A transparent background, the body turned slightly to the right."),
        Guide3 => ("Pastikan pencahayaan dan kualitas foto baik, gambar tidak buram.", "Good lighting and quality; the picture is not blurred."),
        Guide4 => ("Ukuran 450 × 575 piksel (foto lain dipotong di halaman ini).", "450 × 575 pixels (other photos are cropped on this page)."),
        Guide5 => ("Format PNG atau JPEG. Foto dari kamera ponsel diperkecil di halaman ini sebelum dikirim.", "PNG or JPEG. A phone camera's photo is scaled down on this page before it is sent."),
        Guide6 => ("Periksa pratinjau kartu sebelum menekan “Gunakan foto ini”.", "Check the card preview before pressing “Use this photo”."),
        PreviewTitle => ("Pratinjau kartu", "Card preview"),
        Previewing => ("Menyiapkan pratinjau…", "Preparing the preview…"),
        PreviewAlt => ("Pratinjau sisi depan kartu dengan foto ini", "Preview of the card's front with this photo"),
        Transparent => ("Latar belakang foto transparan. Bagus!", "The photo's background is transparent. Good!"),
        Opaque => ("Latar belakang tidak transparan. Foto ini tetap dapat dipakai dan kartu tetap sah; panduan BKN menyarankan latar transparan, jadi coba “Hapus latar belakang” bila latarnya polos.", "The background is not transparent. This photo can still be used and the card stays valid; BKN's guidance prefers a transparent background, so try “Remove the background” if it is plain."),
        Use => ("Gunakan foto ini", "Use this photo"),
        Cancel => ("Batal", "Cancel"),
    }
}
