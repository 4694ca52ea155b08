use leptos::prelude::*;
use satu_shared::clients::{ClientCreated, ClientInfo, ClientScope, NewClientRequest};

use crate::api::use_api;
use crate::components::confirm::Confirm;
use crate::components::copy::CopyButton;
use crate::components::form::{
    field_messages, field_messages_until_edited, FieldErrors, FormAlert, LoadFailed, Submit,
};
use crate::i18n::{page_title, use_i18n, Common, Staff};

fn scope_words(s: ClientScope) -> Staff {
    match s {
        ClientScope::EmployeesRead => Staff::ScopeEmployeesRead,
        ClientScope::CardsRead => Staff::ScopeCardsRead,
        ClientScope::CardsWrite => Staff::ScopeCardsWrite,
        ClientScope::ProposalsRead => Staff::ScopeProposalsRead,
    }
}

/// `/staf/klien`: the agency's HR-system clients; create one (its secret shown once), revoke one.
#[component]
pub fn Clients() -> impl IntoView {
    page_title(Staff::ClientsTitle);
    let i18n = use_i18n();
    let api = use_api();
    let t = move |k: Staff| move || i18n.t(k);
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        async move { api.clients().await }
    });
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec![ClientScope::EmployeesRead]);
    let created = RwSignal::new(None::<ClientCreated>);
    let confirming = RwSignal::new(None::<String>);
    let revoked = RwSignal::new(false);
    let create = Submit::new(move |body: NewClientRequest| async move {
        let c = api.create_client(&body).await?;
        name.set(String::new());
        created.set(Some(c));
        version.update(|v| *v += 1);
        Ok(())
    });
    let revoke = Submit::new(move |id: String| async move {
        api.revoke_client(&id).await?;
        confirming.set(None);
        revoked.set(true);
        version.update(|v| *v += 1);
        Ok(())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        revoked.set(false);
        create.send(NewClientRequest {
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
            agency_id: None,
        });
    };
    let toggle = move |s: ClientScope, on: bool| {
        scopes.update(|list| {
            list.retain(|x| *x != s);
            if on {
                list.push(s);
                list.sort();
            }
        })
    };
    let row = move |c: ClientInfo| {
        let id = c.client_id.clone();
        let asking = {
            let id = id.clone();
            move || confirming.get().as_deref() == Some(id.as_str())
        };
        let active = c.revoked_at.is_none();
        let state = match c.revoked_at {
            None => i18n.t(Staff::Active).to_owned(),
            Some(at) => format!(
                "{} {}",
                i18n.t(Staff::RevokedAt),
                satu_shared::ui::wib(at, false)
            ),
        };
        let words = c
            .scopes
            .iter()
            .map(|s| i18n.t(scope_words(*s)))
            .collect::<Vec<_>>()
            .join(", ");
        let ask_id = id.clone();
        view! {
            <li class="client" data-testid="client">
                <strong>{c.name}</strong>
                <span class="muted">
                    {i18n.t(Staff::ClientId)} ": " <code>{c.client_id.clone()}</code>
                </span>
                <span>{words}</span>
                <span class="muted">
                    {i18n.t(Staff::Created)} " " {satu_shared::ui::wib(c.created_at, false)} " · "
                    {state}
                </span>
                {active
                    .then(|| {
                        let asking = asking.clone();
                        let id = id.clone();
                        let ask_id = ask_id.clone();
                        view! {
                            <Show
                                when=asking.clone()
                                fallback=move || {
                                    let ask_id = ask_id.clone();
                                    view! {
                                        <button
                                            type="button"
                                            class="button secondary small"
                                            data-testid="revoke-client"
                                            on:click=move |_| {
                                                revoked.set(false);
                                                confirming.set(Some(ask_id.clone()))
                                            }
                                        >
                                            {i18n.t(Staff::Revoke)}
                                        </button>
                                    }
                                }
                            >
                                <Confirm
                                    question=Staff::ConfirmRevoke
                                    yes=Staff::Revoke
                                    testid="confirm-revoke"
                                    busy=Signal::derive(move || revoke.pending())
                                    on_yes={
                                        let id = id.clone();
                                        Callback::new(move |()| revoke.send(id.clone()))
                                    }
                                    on_cancel=Callback::new(move |()| confirming.set(None))
                                />
                            </Show>
                        }
                    })}
            </li>
        }
    };
    view! {
        <section class="card">
            <p>
                <a href="/staf">{move || i18n.t(Staff::HomeTitle)}</a>
            </p>
            <h1>{t(Staff::ClientsTitle)}</h1>
            <p class="muted">{t(Staff::ClientsLead)}</p>
            {move || {
                created
                    .get()
                    .map(|c| {
                        let secret = c.client_secret.clone();
                        view! {
                            <div class="notice-warn" role="status" data-testid="client-secret">
                                <p>{i18n.t(Staff::SecretOnce)}</p>
                                <dl class="facts">
                                    <dt>{i18n.t(Staff::ClientId)}</dt>
                                    <dd>
                                        <code>{c.client.client_id.clone()}</code>
                                    </dd>
                                    <dt>{i18n.t(Staff::ClientSecret)}</dt>
                                    <dd>
                                        <code class="secret">{c.client_secret.clone()}</code>
                                    </dd>
                                </dl>
                                <CopyButton text=secret.clone() testid="copy-secret" />
                            </div>
                        }
                    })
            }}
            {move || {
                revoked
                    .get()
                    .then(|| {
                        view! {
                            <p class="notice" role="status">
                                {i18n.t(Staff::ClientRevoked)}
                            </p>
                        }
                    })
            }}
            <FormAlert failure=revoke.failure() />
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.t(Common::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) if l.is_empty() => {
                            view! {
                                <p class="muted" data-testid="no-clients">
                                    {i18n.t(Staff::NoClients)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(l) => {
                            view! {
                                <ul class="clients">{l.into_iter().map(row).collect_view()}</ul>
                            }
                                .into_any()
                        }
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                    }
                })}
            </Transition>
            <form on:submit=submit novalidate>
                <h2>{t(Staff::CreateClient)}</h2>
                <div class="field">
                    <label for="name">{t(Staff::ClientName)}</label>
                    <input
                        id="name"
                        maxlength="100"
                        aria-describedby="name-hint"
                        data-testid="client-name"
                        prop:value=name
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <p class="hint" id="name-hint">
                        {t(Staff::ClientNameHint)}
                    </p>
                    <FieldErrors messages=field_messages_until_edited(
                        create.failure(),
                        "name",
                        name,
                    ) />
                </div>
                <fieldset class="field">
                    <legend>{t(Staff::Scopes)}</legend>
                    {ClientScope::ALL
                        .into_iter()
                        .map(|s| {
                            let id = format!("scope-{}", s.as_str().replace(':', "-"));
                            let label_for = id.clone();
                            view! {
                                <label class="check" for=label_for>
                                    <input
                                        id=id
                                        type="checkbox"
                                        prop:checked=move || scopes.with(|l| l.contains(&s))
                                        on:change=move |ev| toggle(s, event_target_checked(&ev))
                                    />
                                    {move || i18n.t(scope_words(s))}
                                    " "
                                    <code>{s.as_str()}</code>
                                </label>
                            }
                        })
                        .collect_view()}
                    <FieldErrors messages=field_messages(create.failure(), "scopes") />
                </fieldset>
                <FormAlert failure=create.failure() />
                <button
                    class="button"
                    type="submit"
                    disabled=move || create.pending()
                    data-testid="create-client"
                >
                    {t(Staff::CreateClient)}
                </button>
            </form>
        </section>
    }
}
