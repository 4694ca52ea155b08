//! Logging in with a QR code and approving it on a phone.

crate::texts! {
    pub enum Qr {
        MatchLabel => ("Angka pencocokan:", "Matching number:"),
        MatchHint => ("Ponsel Anda akan meminta angka ini saat menyetujui. Jangan sebutkan angka ini kepada siapa pun.", "Your phone asks for this number when you approve. Do not tell it to anyone."),
        ApproveMatch => ("Angka yang tampil di layar komputer", "The number the computer shows"),
        ApprovePassword => ("Kata sandi Anda (untuk memastikan ini Anda)", "Your password (to make sure it is you)"),
        Title => ("Masuk dengan kode QR", "Log in with a QR code"),
        Lead => ("Buka Satu ASN di ponsel yang sudah masuk, lalu pindai kode ini dengan kamera ponsel dan setujui.", "Open Satu ASN on a phone that is logged in, scan this code with the phone's camera and approve."),
        Waiting => ("Menunggu persetujuan dari ponsel…", "Waiting for approval from the phone…"),
        Expired => ("Kode QR kedaluwarsa (berlaku 2 menit).", "The QR code has expired (valid for 2 minutes)."),
        Renew => ("Buat kode baru", "New code"),
        Password => ("Masuk dengan NIP dan kata sandi", "Log in with NIP and password"),
        ApproveTitle => ("Setujui masuk di komputer", "Approve a login on a computer"),
        ApproveLead => ("Sebuah peramban meminta masuk sebagai Anda. Setujui hanya jika Anda sendiri yang baru saja memindai kode QR di layar komputer Anda.", "A browser asks to log in as you. Approve only if you yourself just scanned the QR code on your own computer's screen."),
        ApproveDevice => ("Peramban", "Browser"),
        ApproveAddress => ("Alamat IP", "IP address"),
        ApproveTime => ("Diminta pukul", "Requested at"),
        ApproveYes => ("Setujui", "Approve"),
        ApproveNo => ("Bukan saya", "Not me"),
        ApproveDone => ("Disetujui. Komputer Anda sekarang masuk.", "Approved. Your computer is now logged in."),
        ApproveLogin => ("Masuk dulu di ponsel ini untuk menyetujui.", "Log in on this phone first to approve."),
    }
}
