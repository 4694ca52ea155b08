//! The OpenAPI schema of each category's proposal `data` (`PdmData_<category>`), generated from
//! the one definition in `satu_shared::pdm::CATEGORIES`, so the document and the validation can
//! never disagree.

use satu_shared::pdm::{CategoryDef, FieldKind, CATEGORIES};
use satu_shared::reference::RefList;
use utoipa::openapi::schema::{
    AdditionalProperties, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::{OpenApi as Document, RefOr};

fn codes(list: RefList) -> Vec<String> {
    list.items().into_iter().map(|i| i.code).collect()
}

fn field_schema(kind: FieldKind, label: &str) -> Schema {
    let b = ObjectBuilder::new().description(Some(label));
    let b = match kind {
        FieldKind::Text { max } => b.schema_type(Type::String).max_length(Some(max)),
        FieldKind::Date => b
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        FieldKind::Year => b.schema_type(Type::Integer).minimum(Some(1945)),
        FieldKind::Number { min, max } => b
            .schema_type(Type::Integer)
            .minimum(Some(min as f64))
            .maximum(Some(max as f64)),
        FieldKind::Code { list } => b.schema_type(Type::String).enum_values(Some(codes(list))),
        FieldKind::Golongan => {
            let mut all = codes(RefList::Golongan);
            all.extend(codes(RefList::GolonganPppk));
            b.schema_type(Type::String).enum_values(Some(all))
        }
        FieldKind::Choice { options } => b
            .schema_type(Type::String)
            .enum_values(Some(options.iter().map(|o| (*o).to_owned()))),
        FieldKind::Nik => b.schema_type(Type::String).pattern(Some("^[0-9]{16}$")),
        FieldKind::Email => b
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
            .max_length(Some(254)),
        FieldKind::Phone => b
            .schema_type(Type::String)
            .pattern(Some("^\\+?[0-9]{8,15}$")),
    };
    Schema::Object(b.build())
}

/// The schema name of a category's data.
pub fn schema_name(c: &CategoryDef) -> String {
    format!("PdmData_{}", c.code)
}

/// One category's `data`: its fields, the required ones required, nothing else.
pub fn data_schema(c: &CategoryDef) -> Schema {
    let mut b = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(format!(
            "`data` of a `{}` proposal ({}){}. Documents: {}.",
            c.code,
            c.label,
            if c.needs_validation {
                "; validated by BKN"
            } else {
                ""
            },
            c.documents
                .iter()
                .map(|d| format!("{}{}", d.kind, if d.required { " (required)" } else { "" }))
                .collect::<Vec<_>>()
                .join(", ")
        )))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for f in c.fields {
        b = b.property(f.name, field_schema(f.kind, f.label));
        if f.required {
            b = b.required(f.name);
        }
    }
    Schema::Object(b.build())
}

/// Adds `PdmData_<category>` for every category, and `PdmData` (one of them).
pub struct CategorySchemas;

impl utoipa::Modify for CategorySchemas {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut any = OneOfBuilder::new().description(Some(
            "A proposal's `data`: the shape of its category (see `PdmData_<category>`)",
        ));
        for c in &CATEGORIES {
            let name = schema_name(c);
            components
                .schemas
                .insert(name.clone(), RefOr::T(data_schema(c)));
            any = any.item(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(name)));
        }
        components
            .schemas
            .insert("PdmData".into(), RefOr::T(Schema::OneOf(any.build())));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_golongan_schema_is_the_contracts_shape() {
        let c = satu_shared::pdm::category("golongan").unwrap();
        let v = serde_json::to_value(data_schema(c)).unwrap();
        assert_eq!(
            v["required"],
            serde_json::json!([
                "golongan",
                "tmt_golongan",
                "nomor_sk",
                "tanggal_sk",
                "mk_tahun",
                "mk_bulan"
            ])
        );
        assert_eq!(v["additionalProperties"], false);
        assert_eq!(v["properties"]["tmt_golongan"]["format"], "date");
        assert_eq!(v["properties"]["mk_bulan"]["maximum"], 11.0);
        let gol = v["properties"]["golongan"]["enum"].as_array().unwrap();
        assert!(gol.contains(&"III/b".into()) && gol.contains(&"XVII".into()));
        assert!(v["description"]
            .as_str()
            .unwrap()
            .contains("sk_kp (required)"));
    }
}
