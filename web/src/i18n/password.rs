//! Changing, forgetting and resetting a password.

crate::texts! {
    pub enum Password {
        ChangeTitle => ("Ganti kata sandi", "Change your password"),
        ChangeLeadFirst => ("Anda masih memakai kata sandi awal (NIK). Demi keamanan data Anda, buat kata sandi baru sebelum melanjutkan.", "You still use the initial password (your NIK). To keep your data safe, choose a new password before going on."),
        ChangeLead => ("Buat kata sandi baru yang hanya Anda ketahui.", "Choose a new password only you know."),
        ChangeCurrent => ("Kata sandi saat ini", "Current password"),
        ChangeNew => ("Kata sandi baru", "New password"),
        ChangeConfirm => ("Ulangi kata sandi baru", "Repeat the new password"),
        ChangeMismatch => ("Kedua kata sandi baru tidak sama.", "The two new passwords differ."),
        ChangeRulesTitle => ("Syarat kata sandi", "Password rules"),
        RuleMet => (" (terpenuhi)", " (met)"),
        RuleUnmet => (" (belum terpenuhi)", " (not met yet)"),
        ChangeSubmit => ("Simpan kata sandi", "Save password"),
        ChangeDone => ("Kata sandi berhasil diganti.", "Your password has been changed."),
        ForgotTitle => ("Lupa kata sandi", "Forgot your password"),
        ForgotLead => ("Masukkan NIP Anda. Tautan untuk membuat kata sandi baru dikirim ke email yang tercatat di data kepegawaian Anda dan berlaku 30 menit.", "Enter your NIP. A link to choose a new password is sent to the email address in your personnel record and works for 30 minutes."),
        ForgotSubmit => ("Kirim tautan", "Send the link"),
        ForgotSent => ("Jika NIP tersebut terdaftar dan memiliki email, tautan sudah dikirim. Periksa kotak masuk (dan folder spam). Tidak menerima email? Hubungi helpdesk BKPSDM.", "If that NIP is registered and has an email address, the link is on its way. Check your inbox (and spam folder). No email? Contact the BKPSDM helpdesk."),
        ResetTitle => ("Buat kata sandi baru", "Choose a new password"),
        ResetMissing => ("Tautan ini tidak lengkap. Buka kembali tautan dari email, atau minta tautan baru.", "This link is incomplete. Open the link from the email again, or ask for a new one."),
        ResetSubmit => ("Simpan kata sandi baru", "Save the new password"),
    }
}
