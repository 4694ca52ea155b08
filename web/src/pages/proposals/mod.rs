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
