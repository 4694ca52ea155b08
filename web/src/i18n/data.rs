//! "Data Saya": the employee's approved history, category by category.

crate::texts! {
    pub enum MyData {
        Title => ("Data Saya", "My data"),
        Lead => (
            "Data kepegawaian Anda yang telah disetujui dan menjadi data induk, per kategori riwayat.",
            "Your approved personnel data, the master record, by history category.",
        ),
        Categories => ("Kategori riwayat", "History categories"),
        Empty => (
            "Belum ada data pada kategori ini.",
            "There is nothing in this category yet.",
        ),
        NoRecord => (
            "Akun ini tidak terhubung dengan data pegawai.",
            "This account has no employee record.",
        ),
        Newest => ("Terbaru", "Newest"),
        Validated => (
            "Perubahan pada kategori ini divalidasi BKN.",
            "Changes in this category are validated by BKN.",
        ),
        Rows => ("baris", "rows"),
    }
}
