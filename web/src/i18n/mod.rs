//! The UI's words, Indonesian first and English second, one module per feature (`texts!` makes
//! each module's enum); the chosen language is shared through the context.

use leptos::prelude::*;
use satu_shared::Lang;

mod card;
mod check;
mod common;
mod data;
mod home;
mod imports;
mod login;
mod password;
mod photo;
mod profile;
mod proposals;
mod qr;
mod security;
mod staff;
mod verify;

pub use card::Card;
pub use check::Check;
pub use common::Common;
pub use data::MyData;
pub use home::Home;
pub use imports::Impor;
pub use login::Login;
pub use password::Password;
pub use photo::Photo;
pub use profile::Profile;
pub use proposals::Usulan;
pub use qr::Qr;
pub use security::Security;
pub use staff::Staff;
pub use verify::Verify;

/// A text of the UI in each language.
pub trait Text: Copy + Send + Sync + 'static {
    fn text(self, lang: Lang) -> &'static str;
}

/// `texts! { pub enum Feature { Key => ("Indonesian", "English"), … } }`: the feature's keys and
/// their words, in one place.
#[macro_export]
macro_rules! texts {
    ($vis:vis enum $name:ident { $($key:ident => ($id:expr, $en:expr $(,)?)),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name { $($key),* }

        impl $crate::i18n::Text for $name {
            fn text(self, lang: satu_shared::Lang) -> &'static str {
                let (id, en) = match self { $($name::$key => ($id, $en)),* };
                match lang {
                    satu_shared::Lang::Id => id,
                    satu_shared::Lang::En => en,
                }
            }
        }
    };
}

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

    pub fn t(self, key: impl Text) -> &'static str {
        key.text(self.0.get())
    }
}

/// The page's `<title>`, "<words> · Satu ASN" in the chosen language, set while the page is shown
/// (every page calls it first, so a tab, a bookmark and a screen reader name the page).
pub fn page_title(key: impl Text) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let title = format!("{} · Satu ASN", i18n.t(key));
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&title);
        }
    });
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n(RwSignal::new(Lang::Id)))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}
