//! Every UI text in one place: Indonesian first, English second.

use leptos::prelude::*;
use satu_shared::Lang;

const STORAGE_KEY: &str = "satu.lang";

/// The current language, shared through the context.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    /// Reads the saved choice (or Indonesian) and keeps `<html lang>` and the storage in step.
    pub fn provide() -> I18n {
        let saved = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .map(|v| if v == "en" { Lang::En } else { Lang::Id })
            .unwrap_or_default();
        let lang = RwSignal::new(saved);
        Effect::new(move |_| {
            let l = lang.get();
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, l.code());
            }
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", l.code());
            }
        });
        let i18n = I18n(lang);
        provide_context(i18n);
        i18n
    }

    pub fn lang(self) -> Lang {
        self.0.get()
    }

    pub fn t(self, key: Key) -> &'static str {
        text(key, self.0.get())
    }
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n(RwSignal::new(Lang::Id)))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Tagline,
    NavHome,
    NavCheckNip,
    NavApi,
    SwitchLanguage,
    SwitchLanguageLabel,
    HeroTitle,
    HeroLead,
    HeroWho,
    FeaturesTitle,
    FeaturePdmTitle,
    FeaturePdmBody,
    FeatureCardTitle,
    FeatureCardBody,
    FeatureVerifyTitle,
    FeatureVerifyBody,
    FeatureReportTitle,
    FeatureReportBody,
    StepsTitle,
    Step1,
    Step2,
    Step3,
    Step4,
    CheckTitle,
    CheckLead,
    CheckNipLabel,
    CheckNikLabel,
    CheckNipPlaceholder,
    CheckNikPlaceholder,
    CheckOk,
    CheckBirthDate,
    CheckSex,
    CheckAppointment,
    CheckLayoutPns,
    CheckLayoutPppk,
    CheckLayout,
    CheckNikRegion,
    CheckPrivacy,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    FooterAbout,
    FooterServer,
    FooterServerUnknown,
    NavLogin,
    NavProfile,
    NavLogout,
    LoginTitle,
    LoginLead,
    LoginNip,
    LoginPassword,
    LoginShow,
    LoginHide,
    LoginSubmit,
    LoginBusy,
    LoginOtpWarning,
    ChangeTitle,
    ChangeLeadFirst,
    ChangeLead,
    ChangeCurrent,
    ChangeNew,
    ChangeConfirm,
    ChangeMismatch,
    ChangeRulesTitle,
    ChangeSubmit,
    ChangeDone,
    ProfileTitle,
    ProfileRoles,
    ProfileNip,
    ProfileKind,
    ProfileStatus,
    ProfileGolongan,
    ProfileJabatan,
    ProfileUnit,
    ProfileAgency,
    ProfileBirth,
    ProfileNoEmployee,
    Loading,
    LoginForgot,
    LoginAfterReset,
    ForgotTitle,
    ForgotLead,
    ForgotSubmit,
    ForgotSent,
    ResetTitle,
    ResetMissing,
    ResetSubmit,
    LoginQr,
    MfaTitle,
    MfaLead,
    MfaCode,
    MfaSubmit,
    MfaRestart,
    NavSecurity,
    SecurityTitle,
    SecurityOff,
    SecurityOn,
    SecurityStart,
    SecurityScan,
    SecuritySecret,
    SecurityEnterCode,
    SecurityConfirm,
    SecurityCodesTitle,
    SecurityCodesLead,
    SecurityCodesDone,
    SecurityDisableLead,
    SecurityDisable,
    QrTitle,
    QrLead,
    QrWaiting,
    QrExpired,
    QrRenew,
    QrPassword,
    ApproveTitle,
    ApproveLead,
    ApproveDevice,
    ApproveAddress,
    ApproveTime,
    ApproveYes,
    ApproveNo,
    ApproveDone,
    ApproveLogin,
}

pub fn text(key: Key, lang: Lang) -> &'static str {
    use Key::*;
    let (id, en) = match key {
        Tagline => ("Layanan mandiri ASN", "Civil servant self-service"),
        NavHome => ("Beranda", "Home"),
        NavCheckNip => ("Cek NIP", "Check NIP"),
        NavApi => ("Dokumentasi API", "API docs"),
        SwitchLanguage => ("EN", "ID"),
        SwitchLanguageLabel => ("Switch to English", "Ganti ke Bahasa Indonesia"),
        HeroTitle => (
            "Data kepegawaian Anda, mutakhir dan terverifikasi",
            "Your personnel data, up to date and verified",
        ),
        HeroLead => (
            "Satu ASN membantu PNS, CPNS, dan PPPK memutakhirkan data kepegawaian secara mandiri, \
             dan menerbitkan Kartu ASN Virtual yang dapat diverifikasi siapa saja.",
            "Satu ASN helps PNS, CPNS and PPPK employees update their personnel records themselves, \
             and issues a Virtual ASN Card that anyone can verify.",
        ),
        HeroWho => (
            "Untuk pegawai, verifikator OPD, validator BKN, BKPSDM, pimpinan, dan sistem informasi kepegawaian instansi.",
            "For employees, agency verifiers, BKN validators, HR boards, agency heads and agencies' HR systems.",
        ),
        FeaturesTitle => ("Apa yang dapat dilakukan", "What you can do"),
        FeaturePdmTitle => ("Pemutakhiran Data Mandiri", "Self-service data update"),
        FeaturePdmBody => (
            "Usulkan perubahan data pribadi, jabatan, pendidikan, pangkat, keluarga, dan riwayat lainnya \
             dengan dokumen PDF. Pantau setiap tahap usulan Anda.",
            "Propose changes to personal data, position, education, rank, family and other history with \
             PDF documents. Follow every step of your proposal.",
        ),
        FeatureCardTitle => ("Kartu ASN Virtual", "Virtual ASN Card"),
        FeatureCardBody => (
            "Terbit otomatis untuk PNS dan PPPK dari data terkini: unduh PNG atau PDF, cetak, potret atau lanskap.",
            "Issued automatically to PNS and PPPK from current data: download PNG or PDF, print, portrait or landscape.",
        ),
        FeatureVerifyTitle => ("Verifikasi kartu", "Card verification"),
        FeatureVerifyBody => (
            "Pindai kode QR pada kartu untuk memastikan kartu sah dan masih berlaku. Tanpa NIK, alamat, atau tanggal lahir.",
            "Scan the card's QR code to check that it is genuine and still valid. No NIK, address or birth date shown.",
        ),
        FeatureReportTitle => ("Laporan dan integrasi", "Reports and integration"),
        FeatureReportBody => (
            "Pantau kemajuan per unit kerja, dan hubungkan SIK instansi melalui REST API yang terdokumentasi.",
            "Follow progress per unit, and connect the agency's HR system through a documented REST API.",
        ),
        StepsTitle => ("Alur pemutakhiran data", "How a data update flows"),
        Step1 => ("Pegawai mengusulkan perubahan dengan dokumen PDF (maks. 1 MB).", "The employee proposes a change with a PDF (max. 1 MB)."),
        Step2 => ("Verifikator OPD memeriksa dokumen dan data.", "The agency verifier checks the document and the data."),
        Step3 => (
            "Kanreg/BKN Pusat memvalidasi pendidikan, pangkat, PMK, CLTN, dan pindah instansi.",
            "The BKN regional or central office validates education, rank, PMK, CLTN and transfers.",
        ),
        Step4 => ("BKPSDM menyetujui: data menjadi data induk.", "The HR board approves: the data becomes the master record."),
        CheckTitle => ("Periksa NIP dan NIK", "Check a NIP and NIK"),
        CheckLead => (
            "Ketik NIP (18 angka, boleh dengan spasi) dan, bila perlu, NIK (16 angka). Pemeriksaan berjalan di peramban Anda; tidak ada data yang dikirim.",
            "Type a NIP (18 digits, spaces allowed) and, if you like, a NIK (16 digits). The check runs in your browser; nothing is sent.",
        ),
        CheckNipLabel => ("NIP / NI PPPK", "NIP / NI PPPK"),
        CheckNikLabel => ("NIK (opsional)", "NIK (optional)"),
        CheckNipPlaceholder => ("19670416 199303 1 015", "19670416 199303 1 015"),
        CheckNikPlaceholder => ("16 angka sesuai KTP", "16 digits as on the KTP"),
        CheckOk => ("Format benar", "Well-formed"),
        CheckBirthDate => ("Tanggal lahir", "Birth date"),
        CheckSex => ("Jenis kelamin", "Sex"),
        CheckAppointment => ("Pengangkatan pertama", "First appointment"),
        CheckLayout => ("Susunan", "Layout"),
        CheckLayoutPns => ("NIP PNS/CPNS (atau NI PPPK)", "PNS/CPNS NIP (or NI PPPK)"),
        CheckLayoutPppk => ("NI PPPK", "NI PPPK"),
        CheckNikRegion => ("Kode wilayah NIK", "NIK region code"),
        CheckPrivacy => (
            "NIK adalah data pribadi (UU 27/2022). Jangan bagikan NIK orang lain.",
            "A NIK is personal data (Law 27/2022). Do not share other people's NIK.",
        ),
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
        LoginTitle => ("Masuk ke Satu ASN", "Log in to Satu ASN"),
        LoginLead => ("Masuk dengan NIP dan kata sandi. Pertama kali masuk? Kata sandi awal Anda adalah NIK (16 angka sesuai KTP).", "Log in with your NIP and password. First time? Your initial password is your NIK (16 digits as on your KTP)."),
        LoginNip => ("NIP", "NIP"),
        LoginPassword => ("Kata sandi", "Password"),
        LoginShow => ("Tampilkan", "Show"),
        LoginHide => ("Sembunyikan", "Hide"),
        LoginSubmit => ("Masuk", "Log in"),
        LoginBusy => ("Memeriksa…", "Checking…"),
        LoginOtpWarning => ("Jangan pernah memberitahukan kata sandi atau kode OTP kepada siapa pun, termasuk petugas.", "Never tell anyone your password or OTP code, not even staff."),
        ChangeTitle => ("Ganti kata sandi", "Change your password"),
        ChangeLeadFirst => ("Anda masih memakai kata sandi awal (NIK). Demi keamanan data Anda, buat kata sandi baru sebelum melanjutkan.", "You still use the initial password (your NIK). To keep your data safe, choose a new password before going on."),
        ChangeLead => ("Buat kata sandi baru yang hanya Anda ketahui.", "Choose a new password only you know."),
        ChangeCurrent => ("Kata sandi saat ini", "Current password"),
        ChangeNew => ("Kata sandi baru", "New password"),
        ChangeConfirm => ("Ulangi kata sandi baru", "Repeat the new password"),
        ChangeMismatch => ("Kedua kata sandi baru tidak sama.", "The two new passwords differ."),
        ChangeRulesTitle => ("Syarat kata sandi", "Password rules"),
        ChangeSubmit => ("Simpan kata sandi", "Save password"),
        ChangeDone => ("Kata sandi berhasil diganti.", "Your password has been changed."),
        ProfileTitle => ("Profil saya", "My profile"),
        ProfileRoles => ("Peran", "Roles"),
        ProfileNip => ("NIP", "NIP"),
        ProfileKind => ("Jenis pegawai", "Employee kind"),
        ProfileStatus => ("Status", "Status"),
        ProfileGolongan => ("Pangkat/golongan", "Rank/grade"),
        ProfileJabatan => ("Jabatan", "Position"),
        ProfileUnit => ("Unit kerja", "Unit"),
        ProfileAgency => ("Instansi", "Agency"),
        ProfileBirth => ("Tempat, tanggal lahir", "Place and date of birth"),
        ProfileNoEmployee => ("Akun ini tidak terhubung dengan data pegawai.", "This account is not linked to an employee record."),
        Loading => ("Memuat…", "Loading…"),
        LoginForgot => ("Lupa kata sandi?", "Forgot your password?"),
        LoginAfterReset => ("Kata sandi baru sudah disimpan. Silakan masuk.", "Your new password is saved. Please log in."),
        ForgotTitle => ("Lupa kata sandi", "Forgot your password"),
        ForgotLead => ("Masukkan NIP Anda. Tautan untuk membuat kata sandi baru dikirim ke email yang tercatat di data kepegawaian Anda dan berlaku 30 menit.", "Enter your NIP. A link to choose a new password is sent to the email address in your personnel record and works for 30 minutes."),
        ForgotSubmit => ("Kirim tautan", "Send the link"),
        ForgotSent => ("Jika NIP tersebut terdaftar dan memiliki email, tautan sudah dikirim. Periksa kotak masuk (dan folder spam). Tidak menerima email? Hubungi helpdesk BKPSDM.", "If that NIP is registered and has an email address, the link is on its way. Check your inbox (and spam folder). No email? Contact the BKPSDM helpdesk."),
        ResetTitle => ("Buat kata sandi baru", "Choose a new password"),
        ResetMissing => ("Tautan ini tidak lengkap. Buka kembali tautan dari email, atau minta tautan baru.", "This link is incomplete. Open the link from the email again, or ask for a new one."),
        ResetSubmit => ("Simpan kata sandi baru", "Save the new password"),
        LoginQr => ("Masuk dengan kode QR dari ponsel", "Log in with a QR code from your phone"),
        MfaTitle => ("Verifikasi dua langkah", "Two-step verification"),
        MfaLead => ("Masukkan 6 angka yang tampil di aplikasi autentikator Anda. Tidak punya ponsel? Pakai salah satu kode pemulihan.", "Enter the 6 digits your authenticator app shows. No phone? Use one of your recovery codes."),
        MfaCode => ("Kode", "Code"),
        MfaSubmit => ("Verifikasi", "Verify"),
        MfaRestart => ("Ulangi dari awal", "Start over"),
        NavSecurity => ("Keamanan", "Security"),
        SecurityTitle => ("Keamanan akun", "Account security"),
        SecurityOff => ("Verifikasi dua langkah belum aktif. Aktifkan agar akun Anda tetap aman meskipun kata sandi diketahui orang lain.", "Two-step verification is off. Turn it on so your account stays safe even if someone learns your password."),
        SecurityOn => ("Verifikasi dua langkah aktif: setiap masuk memerlukan kode dari aplikasi autentikator.", "Two-step verification is on: every login needs a code from the authenticator app."),
        SecurityStart => ("Aktifkan verifikasi dua langkah", "Turn on two-step verification"),
        SecurityScan => ("1. Pindai kode QR ini dengan aplikasi autentikator (Google Authenticator, Microsoft Authenticator, FreeOTP, dan sejenisnya), atau ketik kuncinya.", "1. Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP and the like), or type the key."),
        SecuritySecret => ("Kunci", "Key"),
        SecurityEnterCode => ("2. Masukkan kode 6 angka dari aplikasi", "2. Enter the 6-digit code from the app"),
        SecurityConfirm => ("Aktifkan", "Turn on"),
        SecurityCodesTitle => ("Simpan kode pemulihan Anda", "Keep your recovery codes"),
        SecurityCodesLead => ("Setiap kode dapat dipakai satu kali untuk masuk bila ponsel Anda hilang. Kode ini hanya ditampilkan sekarang: cetak atau simpan di tempat aman.", "Each code logs you in once if you lose your phone. They are shown only now: print them or keep them somewhere safe."),
        SecurityCodesDone => ("Saya sudah menyimpannya", "I have kept them"),
        SecurityDisableLead => ("Untuk menonaktifkan, masukkan kata sandi Anda.", "To turn it off, enter your password."),
        SecurityDisable => ("Nonaktifkan", "Turn off"),
        QrTitle => ("Masuk dengan kode QR", "Log in with a QR code"),
        QrLead => ("Buka Satu ASN di ponsel yang sudah masuk, lalu pindai kode ini dengan kamera ponsel dan setujui.", "Open Satu ASN on a phone that is logged in, scan this code with the phone's camera and approve."),
        QrWaiting => ("Menunggu persetujuan dari ponsel…", "Waiting for approval from the phone…"),
        QrExpired => ("Kode QR kedaluwarsa (berlaku 2 menit).", "The QR code has expired (valid for 2 minutes)."),
        QrRenew => ("Buat kode baru", "New code"),
        QrPassword => ("Masuk dengan NIP dan kata sandi", "Log in with NIP and password"),
        ApproveTitle => ("Setujui masuk di komputer", "Approve a login on a computer"),
        ApproveLead => ("Sebuah peramban meminta masuk sebagai Anda. Setujui hanya jika Anda sendiri yang baru saja memindai kode QR di layar komputer Anda.", "A browser asks to log in as you. Approve only if you yourself just scanned the QR code on your own computer's screen."),
        ApproveDevice => ("Peramban", "Browser"),
        ApproveAddress => ("Alamat IP", "IP address"),
        ApproveTime => ("Diminta pukul", "Requested at"),
        ApproveYes => ("Setujui", "Approve"),
        ApproveNo => ("Bukan saya", "Not me"),
        ApproveDone => ("Disetujui. Komputer Anda sekarang masuk.", "Approved. Your computer is now logged in."),
        ApproveLogin => ("Masuk dulu di ponsel ini untuk menyetujui.", "Log in on this phone first to approve."),
    };
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}
