//! Writes sample cards (every side, orientation and kind, with a long name and with a photo
//! when one is given, and the agency logo when one is given) to a folder, to look at a template
//! change: `cargo run -p satu-api --example card_samples -- /tmp/cards [photo.png|-] [logo.svg]`.

use base64::Engine;
use satu_api::cards::render::{CardFace, CardLogo, Renderer, Side};
use satu_shared::card::Orientation;
use satu_shared::EmployeeKind;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(args.first().map(String::as_str).unwrap_or("card-samples"));
    let photo = match args.get(1).filter(|p| *p != "-") {
        Some(p) => Some(std::fs::read(p)?),
        None => None,
    };
    std::fs::create_dir_all(&dir)?;
    let r = Renderer::new()?;
    let logo = match args.get(2) {
        Some(p) => {
            let prepared = satu_api::org::logo::prepare(&std::fs::read(p)?, r.options())
                .map_err(|m| anyhow::anyhow!(m.en))?;
            Some(CardLogo {
                media_type: prepared.media_type.into(),
                base64: base64::engine::general_purpose::STANDARD.encode(&prepared.bytes),
                sha256: prepared.sha256.clone(),
            })
        }
        None => None,
    };
    let logo = logo.as_ref();
    let base = CardFace {
        kind: EmployeeKind::Pns,
        name: "Dr. SITI RAHAYU, S.E., M.M.".into(),
        nip: "197106152000032003".into(),
        golongan: Some("IV/a".into()),
        jabatan: Some("Kepala Bidang Pembinaan dan Pengembangan Aparatur".into()),
        unit: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia".into(),
        agency: "Pemerintah Kota Madiun".into(),
        serial: "A20010000004".into(),
        issued: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default(),
        verify_url: format!("https://asn.madiunkota.go.id/v/{}", "x".repeat(480)),
        public_url: "https://asn.madiunkota.go.id".into(),
        valid: true,
        photo_key: None,
        contract_end: None,
        logo_key: None,
    };
    let long = CardFace {
        kind: EmployeeKind::Pppk,
        name: "Prof. Dr. Ir. RADEN MAS KANJENG PANGERAN HARYO SURYONEGORO WIRYOKUSUMO, S.H., M.Hum., M.Sc., Ph.D.".into(),
        nip: "198503142023211004".into(),
        golongan: Some("IX".into()),
        jabatan: Some("Ahli Pertama - Pranata Komputer pada Sub Bagian Perencanaan, Evaluasi dan Pelaporan Kinerja Organisasi".into()),
        unit: "Dinas Kependudukan dan Pencatatan Sipil, Pemberdayaan Perempuan dan Perlindungan Anak".into(),
        agency: "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia".into(),
        valid: false,
        contract_end: chrono::NaiveDate::from_ymd_opt(2029, 12, 31),
        ..base.clone()
    };
    for (name, face) in [("pns", &base), ("pppk-long-invalid", &long)] {
        for o in [Orientation::Landscape, Orientation::Portrait] {
            for side in [Side::Front, Side::Back] {
                let svg = r.svg(face, side, o, photo.as_deref(), logo)?;
                let stem = format!("{name}-{}-{}", o.as_str(), side.as_str());
                std::fs::write(dir.join(format!("{stem}.svg")), &svg)?;
                std::fs::write(dir.join(format!("{stem}.png")), r.png(&svg, o, 1.0)?)?;
            }
            let pdf = r.pdf(
                &r.svg(face, Side::Front, o, photo.as_deref(), logo)?,
                &r.svg(face, Side::Back, o, photo.as_deref(), logo)?,
                o,
            )?;
            std::fs::write(dir.join(format!("{name}-{}.pdf", o.as_str())), pdf)?;
        }
    }
    println!("written to {}", dir.display());
    Ok(())
}
