//! `/usulan`: the employee's own proposals, newest first.

use leptos::prelude::*;

use super::{category_label, status_tag, wib};
use crate::api::use_api;
use crate::components::form::LoadFailed;
use crate::i18n::{page_title, use_i18n, Usulan};

#[component]
pub fn MyProposals() -> impl IntoView {
    page_title(Usulan::MineTitle);
    let i18n = use_i18n();
    let api = use_api();
    let list =
        LocalResource::new(move || async move { api.proposals("mine=true&per_page=200").await });
    view! {
        <section class="card">
            <h1>{move || i18n.t(Usulan::MineTitle)}</h1>
            <p class="muted">{move || i18n.t(Usulan::MineLead)}</p>
            <p>
                <a class="button" href="/usulan/baru" data-testid="new-proposal">
                    {move || i18n.t(Usulan::NewButton)}
                </a>
            </p>
            <Transition fallback=super::loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                        Ok(p) if p.items.is_empty() => {
                            view! {
                                <p class="muted" data-testid="no-proposals">
                                    {i18n.t(Usulan::NoneYet)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(p) => {
                            view! {
                                <ul class="proposals">
                                    {p
                                        .items
                                        .into_iter()
                                        .map(|s| {
                                            let when = s.submitted_at.unwrap_or(s.created_at);
                                            view! {
                                                <li class="proposal" data-testid="proposal-item">
                                                    <a href=format!(
                                                        "/usulan/{}",
                                                        s.id,
                                                    )>{category_label(&s.category)}</a>
                                                    <span class="muted">{s.action.label()}</span>
                                                    {status_tag(s.status)}
                                                    <span class="muted">{wib(when)}</span>
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
