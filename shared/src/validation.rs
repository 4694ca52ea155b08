//! Field errors as the API reports them on 422 (`errors: {field: [messages]}`) and as the SPA
//! shows them beside the inputs.

use std::collections::BTreeMap;

use crate::i18n::{Lang, Localized};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, Vec<Localized>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: Localized) {
        self.0.entry(field.to_owned()).or_default().push(message);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Field names, sorted.
    pub fn fields(&self) -> Vec<&str> {
        self.0.keys().map(String::as_str).collect()
    }

    pub fn get(&self, field: &str) -> Option<&[Localized]> {
        self.0.get(field).map(Vec::as_slice)
    }

    /// `{field: [messages]}` in one language.
    pub fn render(&self, lang: Lang) -> BTreeMap<String, Vec<String>> {
        self.0
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.iter().map(|m| m.get(lang).to_owned()).collect(),
                )
            })
            .collect()
    }

    pub fn single(field: &str, message: Localized) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(field, message);
        e
    }
}
