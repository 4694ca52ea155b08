//! Two-step verification.

crate::texts! {
    pub enum Security {
        StartLead => ("Untuk memulai, masukkan kata sandi Anda.", "To begin, enter your password."),
        Title => ("Keamanan akun", "Account security"),
        Off => ("Verifikasi dua langkah belum aktif. Aktifkan agar akun Anda tetap aman meskipun kata sandi diketahui orang lain.", "Two-step verification is off. Turn it on so your account stays safe even if someone learns your password."),
        On => ("Verifikasi dua langkah aktif: setiap masuk memerlukan kode dari aplikasi autentikator.", "Two-step verification is on: every login needs a code from the authenticator app."),
        Start => ("Aktifkan verifikasi dua langkah", "Turn on two-step verification"),
        Scan => ("1. Pindai kode QR ini dengan aplikasi autentikator (Google Authenticator, Microsoft Authenticator, FreeOTP, dan sejenisnya), atau ketik kuncinya.", "1. Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP and the like), or type the key."),
        Secret => ("Kunci", "Key"),
        QrAlt => ("Kode QR untuk aplikasi autentikator", "QR code for the authenticator app"),
        OpenInApp => ("Buka di aplikasi autentikator ponsel ini", "Open in this phone's authenticator app"),
        CodesDownload => ("Unduh sebagai berkas", "Download as a file"),
        EnterCode => ("2. Masukkan kode 6 angka dari aplikasi", "2. Enter the 6-digit code from the app"),
        Confirm => ("Aktifkan", "Turn on"),
        CodesTitle => ("Simpan kode pemulihan Anda", "Keep your recovery codes"),
        CodesLead => ("Setiap kode dapat dipakai satu kali untuk masuk bila ponsel Anda hilang. Kode ini hanya ditampilkan sekarang: cetak atau simpan di tempat aman.", "Each code logs you in once if you lose your phone. They are shown only now: print them or keep them somewhere safe."),
        CodesDone => ("Saya sudah menyimpannya", "I have kept them"),
        DisableLead => ("Untuk menonaktifkan, masukkan kata sandi Anda.", "To turn it off, enter your password."),
        Disable => ("Nonaktifkan", "Turn off"),
    }
}
