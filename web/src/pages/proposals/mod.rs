//! The data update in the app: the employee's proposals, the proposal form, one proposal with its
//! documents, timeline and decisions, the deciders' inbox, the agency's schedule and the
//! notifications.

pub mod detail;
pub mod form;
pub mod inbox;
pub mod mine;
pub mod notifications;
pub mod schedule;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use satu_shared::proposal::ProposalStatus;

use crate::i18n::{use_i18n, Common, Usulan};

/// `03/12/2026 09:30` in WIB, as the pages write times.
pub fn wib(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(7))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// The status as a coloured tag.
pub fn status_tag(s: ProposalStatus) -> impl IntoView {
    view! {
        <span class=format!("tag proposal-{}", s.as_str()) data-testid="proposal-status">
            {s.label()}
        </span>
    }
}

/// A category's label by code (the code itself for one the app does not know).
pub fn category_label(code: &str) -> String {
    satu_shared::pdm::category(code)
        .map(|d| d.label.to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// Largest PDF the server takes.
pub const MAX_PDF: usize = 1024 * 1024;

/// Why a chosen file is refused before it is sent, if it is: by its size and name (what it holds
/// is the server's to read, which says exactly what is wrong with a damaged or locked PDF, or a
/// text file named `.pdf`).
pub fn refuse(name: &str, content_type: &str, size: usize) -> Option<Usulan> {
    if size > MAX_PDF {
        return Some(Usulan::TooLarge);
    }
    let named_pdf = name.to_lowercase().ends_with(".pdf");
    if !named_pdf || !(content_type.is_empty() || content_type == "application/pdf") {
        return Some(Usulan::NotPdf);
    }
    None
}

/// How much of an upload has gone, in words and as a bar (nothing while none is under way).
#[component]
pub fn UploadProgress(progress: RwSignal<Option<f64>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        progress.get().map(|share| {
            let pct = (share * 100.0).round();
            view! {
                <p role="status">{i18n.t(Usulan::Uploading)} " " {format!("{pct}%")}</p>
                <progress max="100" value=pct data-testid="upload-progress"></progress>
            }
        })
    }
}

/// A form's send button: disabled and saying so while its request is under way.
#[component]
pub fn SendButton(
    #[prop(into)] pending: Signal<bool>,
    idle: Usulan,
    busy: Usulan,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button class="button" type="submit" data-testid=testid disabled=move || pending.get()>
            {move || if pending.get() { i18n.t(busy) } else { i18n.t(idle) }}
        </button>
    }
}

/// What a list shows while it loads.
pub fn loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="muted" role="status">
            {move || i18n.t(Common::Loading)}
        </p>
    }
}
