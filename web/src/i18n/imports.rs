//! The import page: a SIASN "Export Data ASN" uploaded by an agency admin.

crate::texts! {
    pub enum Impor {
        Title => ("Impor data pegawai dari SIASN", "Import employees from SIASN"),
        Lead => (
            "Unggah berkas \"Export Data ASN\" dari SIASN (CSV UTF-8). Pegawai baru ditambahkan beserta akun dan Kartu ASN Virtualnya; data pegawai yang sudah ada diperbarui menurut NIP; baris yang salah dilaporkan tanpa menghalangi baris lain. Mengunggah berkas yang sama lagi tidak mengubah apa pun.",
            "Upload SIASN's \"Export Data ASN\" file (CSV UTF-8). New employees are added with their accounts and virtual ASN cards; existing employees are updated by NIP; wrong rows are reported without holding the others back. Uploading the same file again changes nothing.",
        ),
        Agency => ("Instansi tujuan", "Agency"),
        File => ("Berkas ekspor SIASN (CSV)", "SIASN export file (CSV)"),
        FileHint => (
            "Kolom wajib: nip_baru, nama, nik, tanggal_lahir, jenis_pegawai, unor. Paling besar 128 MB. Kolom lain yang tidak dikenal diabaikan dan disebutkan.",
            "Required columns: nip_baru, nama, nik, tanggal_lahir, jenis_pegawai, unor. At most 128 MB. Other columns are ignored and listed.",
        ),
        CreateUnits => (
            "Buat unit kerja baru untuk unor yang belum ada",
            "Create a new unit for every unor the agency lacks",
        ),
        CreateUnitsHint => (
            "Tanpa pilihan ini, baris dengan unor yang tidak dikenal dilaporkan sebagai galat.",
            "Without this, rows whose unor is unknown are reported as errors.",
        ),
        TooLarge => (
            "Berkas lebih dari 128 MB. Bagi ekspor SIASN per unit kerja.",
            "The file is over 128 MB. Split the SIASN export by unit.",
        ),
        ChooseFirst => ("Pilih berkas CSV terlebih dahulu.", "Choose a CSV file first."),
        NotCsv => (
            "Berkas ini bukan CSV. Di SIASN atau Excel, simpan sebagai \"CSV UTF-8\".",
            "This file is not a CSV. In SIASN or Excel, save it as \"CSV UTF-8\".",
        ),
        Start => ("Unggah dan impor", "Upload and import"),
        Starting => ("Mengunggah…", "Uploading…"),
        StatusQueued => ("Menunggu", "Queued"),
        StatusRunning => ("Berjalan", "Running"),
        StatusDone => ("Selesai", "Done"),
        StatusFailed => ("Gagal", "Failed"),
        Current => ("Impor ini", "This import"),
        Status => ("Status", "Status"),
        Rows => ("Baris dibaca", "Rows read"),
        Imported => ("Pegawai baru", "New employees"),
        Updated => ("Diperbarui", "Updated"),
        Unchanged => ("Tidak berubah", "Unchanged"),
        Errors => ("Baris galat", "Rows with errors"),
        UnitsCreated => ("Unit kerja dibuat", "Units created"),
        CardsIssued => ("Kartu diterbitkan", "Cards issued"),
        Working => (
            "Impor berjalan di server; halaman ini diperbarui sendiri. Anda boleh meninggalkannya.",
            "The import runs on the server; this page updates itself. You may leave it.",
        ),
        SameFile => (
            "Berkas ini sama dengan impor sebelumnya: tidak ada yang berubah kecuali data yang diubah sejak itu.",
            "This file is the same as an earlier import: nothing changed but what was changed since.",
        ),
        Extra => ("Kolom yang diabaikan", "Ignored columns"),
        ErrorsTitle => ("Baris yang tidak diimpor", "Rows not imported"),
        ErrorsNone => ("Semua baris terbaca tanpa galat.", "Every row was read without an error."),
        ErrorsMore => (
            "Tabel ini memuat 1.000 baris pertama; unduh CSV untuk semuanya.",
            "This table shows the first 1,000 rows; download the CSV for all of them.",
        ),
        Line => ("Baris", "Line"),
        Nip => ("NIP", "NIP"),
        Reason => ("Keterangan", "Reason"),
        DownloadErrors => ("Unduh daftar galat (CSV)", "Download the errors (CSV)"),
        History => ("Impor terakhir", "Recent imports"),
        HistoryNone => ("Belum ada impor.", "No import yet."),
        When => ("Waktu", "When"),
        FileName => ("Berkas", "File"),
        Show => ("Lihat", "Show"),
        OpenImports => ("Impor data SIASN", "Import from SIASN"),
    }
}
