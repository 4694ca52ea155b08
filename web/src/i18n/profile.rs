//! The profile and an employee's record.

crate::texts! {
    pub enum Profile {
        Title => ("Profil saya", "My profile"),
        Roles => ("Peran", "Roles"),
        Nip => ("NIP", "NIP"),
        NiPppk => ("NI PPPK", "NI PPPK"),
        Kind => ("Jenis pegawai", "Employee kind"),
        Status => ("Status", "Status"),
        Golongan => ("Pangkat/golongan", "Rank/grade"),
        Jabatan => ("Jabatan", "Position"),
        Unit => ("Unit kerja", "Unit"),
        Agency => ("Instansi", "Agency"),
        Birth => ("Tempat, tanggal lahir", "Place and date of birth"),
        NoEmployee => ("Akun ini tidak terhubung dengan data pegawai.", "This account is not linked to an employee record."),
    }
}
