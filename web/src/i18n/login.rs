//! Login, its 2FA step and the first login's activation.

crate::texts! {
    pub enum Login {
        Title => ("Masuk ke Satu ASN", "Log in to Satu ASN"),
        Lead => ("Masuk dengan NIP dan kata sandi. Pertama kali masuk? Kata sandi awal Anda adalah NIK (16 angka sesuai KTP).", "Log in with your NIP and password. First time? Your initial password is your NIK (16 digits as on your KTP)."),
        Nip => ("NIP", "NIP"),
        Password => ("Kata sandi", "Password"),
        Show => ("Tampilkan", "Show"),
        Hide => ("Sembunyikan", "Hide"),
        Submit => ("Masuk", "Log in"),
        Busy => ("Memeriksa…", "Checking…"),
        OtpWarning => ("Jangan pernah memberitahukan kata sandi atau kode OTP kepada siapa pun, termasuk petugas.", "Never tell anyone your password or OTP code, not even staff."),
        Forgot => ("Lupa kata sandi?", "Forgot your password?"),
        AfterReset => ("Kata sandi baru sudah disimpan. Silakan masuk.", "Your new password is saved. Please log in."),
        Qr => ("Masuk dengan kode QR dari ponsel", "Log in with a QR code from your phone"),
        MfaTitle => ("Verifikasi dua langkah", "Two-step verification"),
        ActivationTitle => ("Aktivasi akun", "Activate your account"),
        ActivationLeadKk => ("NIP dan NIK Anda benar. Untuk memastikan ini memang Anda, masukkan nomor Kartu Keluarga (KK) Anda, lalu buat kata sandi Anda sendiri.", "Your NIP and NIK are right. To make sure it is you, enter your family-card (Kartu Keluarga) number, then choose your own password."),
        ActivationLeadCode => ("NIP dan NIK Anda benar. Untuk memastikan ini memang Anda, masukkan kode aktivasi dari helpdesk instansi Anda, lalu buat kata sandi Anda sendiri. Belum punya kode? Hubungi helpdesk BKPSDM.", "Your NIP and NIK are right. To make sure it is you, enter the activation code from your agency's helpdesk, then choose your own password. No code yet? Contact the BKPSDM helpdesk."),
        ActivationKk => ("Nomor KK", "Family-card number (KK)"),
        ActivationKkHint => ("16 angka, tertera di bagian atas Kartu Keluarga.", "16 digits, printed at the top of the family card."),
        ActivationCode => ("Kode aktivasi", "Activation code"),
        ActivationCodeHint => ("8 huruf/angka, misalnya K7MX-4PQ9.", "8 letters or digits, e.g. K7MX-4PQ9."),
        ActivationSubmit => ("Aktifkan dan masuk", "Activate and log in"),
        ActivationBusy => ("Memproses…", "Working…"),
        MfaLead => ("Masukkan 6 angka yang tampil di aplikasi autentikator Anda. Tidak punya ponsel? Pakai salah satu kode pemulihan.", "Enter the 6 digits your authenticator app shows. No phone? Use one of your recovery codes."),
        MfaCode => ("Kode", "Code"),
        MfaSubmit => ("Verifikasi", "Verify"),
        MfaRestart => ("Ulangi dari awal", "Start over"),
    }
}
