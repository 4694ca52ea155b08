//! `/notifikasi`: what happened to the caller's proposals, newest first; opening the page keeps
//! them unread until "mark all read" (the badge in the header counts them).

use leptos::prelude::*;
use leptos::task::spawn_local;
use satu_shared::notification::MarkRead;

use super::wib;
use crate::api::use_api;
use crate::components::form::LoadFailed;
use crate::i18n::{page_title, use_i18n, Usulan};

/// The unread count the header shows; pages that read notifications bump it.
#[derive(Clone, Copy)]
pub struct Unread(pub RwSignal<u64>);

pub fn use_unread() -> Unread {
    use_context::<Unread>().unwrap_or_else(|| Unread(RwSignal::new(0)))
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    page_title(Usulan::NotesTitle);
    let i18n = use_i18n();
    let api = use_api();
    let unread = use_unread();
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        async move { api.notifications("per_page=100").await }
    });
    let mark_all = move |_| {
        spawn_local(async move {
            if let Ok(m) = api.mark_read(&MarkRead::default()).await {
                unread.0.set(m.unread);
                version.update(|v| *v += 1);
            }
        });
    };
    view! {
        <section class="card">
            <h1>{move || i18n.t(Usulan::NotesTitle)}</h1>
            <Transition fallback=super::loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                        Ok(p) if p.items.is_empty() => {
                            view! {
                                <p class="muted" data-testid="no-notifications">
                                    {i18n.t(Usulan::NotesEmpty)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(p) => {
                            unread.0.set(p.unread);
                            let any_unread = p.unread > 0;
                            view! {
                                {any_unread
                                    .then(|| {
                                        view! {
                                            <p>
                                                <button
                                                    type="button"
                                                    class="button secondary"
                                                    data-testid="mark-all-read"
                                                    on:click=mark_all
                                                >
                                                    {i18n.t(Usulan::MarkAll)}
                                                </button>
                                            </p>
                                        }
                                    })}
                                <ul class="notifications">
                                    {p
                                        .items
                                        .into_iter()
                                        .map(|n| {
                                            let new = n.read_at.is_none();
                                            let href = n
                                                .proposal_id
                                                .map(|id| format!("/usulan/{id}"))
                                                .unwrap_or_else(|| "/usulan".into());
                                            view! {
                                                <li class:unread=new data-testid="notification">
                                                    <a href=href>
                                                        <strong>{n.title}</strong>
                                                    </a>
                                                    {new
                                                        .then(|| {
                                                            view! { <span class="tag">{i18n.t(Usulan::Unread)}</span> }
                                                        })}
                                                    <p>{n.body}</p>
                                                    <span class="muted">{wib(n.created_at)}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
