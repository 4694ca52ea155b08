//! The staff parts of an employee's page: the employment status (admins), the account's roles
//! (admins) and help with the account (helpdesk and admins).

use chrono::NaiveDate;
use leptos::prelude::*;
use satu_shared::auth::{ActivationCode, AssignedRole, GrantRoleRequest};
use satu_shared::card::StatusChange;
use satu_shared::{ErrorCode, Role, ScopeKind};

use crate::api::use_api;
use crate::components::confirm::Confirm;
use crate::components::form::{field_messages, FieldErrors, FormAlert, LoadFailed, Submit};
use crate::i18n::{use_i18n, Common, Staff};

/// The kedudukan hukum an admin may set, with their words.
const KEDUDUKAN: [(&str, Staff); 7] = [
    ("aktif", Staff::KhAktif),
    ("diberhentikan", Staff::KhDiberhentikan),
    ("pembatalan_nip", Staff::KhPembatalanNip),
    ("pensiun", Staff::KhPensiun),
    ("kontrak_berakhir", Staff::KhKontrakBerakhir),
    ("meninggal", Staff::KhMeninggal),
    ("pemblokiran_data", Staff::KhPemblokiranData),
];

fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// Changing the kedudukan hukum; anything but `aktif` is confirmed first, since the card stops
/// being valid at once. `saved` runs with the record after the change.
#[component]
pub fn StatusPanel(nip: String, saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let t = move |k: Staff| move || i18n.t(k);
    let kedudukan = RwSignal::new("diberhentikan".to_owned());
    let date = RwSignal::new(today());
    let sk = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let nip = StoredValue::new(nip);
    let save = Submit::new(move |body: StatusChange| async move {
        // Answered either way: a refusal is fixed in the form, then confirmed again.
        let answer = api.change_status(&nip.get_value(), &body).await;
        confirming.set(false);
        answer?;
        saved.run(());
        Ok(())
    });
    let body = move || {
        Some(StatusChange {
            kedudukan_hukum: kedudukan.get_untracked(),
            date: NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d").ok()?,
            sk_number: sk.get_untracked().trim().to_owned(),
        })
    };
    let send_status = move || {
        if let Some(b) = body() {
            save.send(b);
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.clear();
        if kedudukan.get_untracked() != "aktif" && !confirming.get_untracked() {
            confirming.set(true);
            return;
        }
        send_status();
    };
    view! {
        <section class="card" aria-labelledby="status-title">
            <h2 id="status-title">{t(Staff::StatusTitle)}</h2>
            <p class="muted">{t(Staff::StatusLead)}</p>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="kedudukan_hukum">{t(Staff::NewStatus)}</label>
                    <select
                        id="kedudukan_hukum"
                        data-testid="kedudukan"
                        prop:value=kedudukan
                        on:change=move |ev| {
                            confirming.set(false);
                            kedudukan.set(event_target_value(&ev));
                        }
                    >
                        {KEDUDUKAN
                            .into_iter()
                            .map(|(code, label)| {
                                view! { <option value=code>{move || i18n.t(label)}</option> }
                            })
                            .collect_view()}
                    </select>
                    <FieldErrors messages=field_messages(save.failure(), "kedudukan_hukum") />
                </div>
                <div class="field">
                    <label for="date">{t(Staff::StatusDate)}</label>
                    <input
                        id="date"
                        type="date"
                        required
                        prop:value=date
                        on:input=move |ev| date.set(event_target_value(&ev))
                    />
                    <FieldErrors messages=field_messages(save.failure(), "date") />
                </div>
                <div class="field">
                    <label for="sk_number">{t(Staff::SkNumber)}</label>
                    <input
                        id="sk_number"
                        maxlength="100"
                        aria-describedby="sk-hint"
                        data-testid="sk-number"
                        prop:value=sk
                        on:input=move |ev| sk.set(event_target_value(&ev))
                    />
                    <p class="hint" id="sk-hint">
                        {t(Staff::SkHint)}
                    </p>
                    <FieldErrors messages=field_messages(save.failure(), "sk_number") />
                </div>
                <FormAlert failure=save.failure() />
                {move || {
                    save.done()
                        .get()
                        .then(|| {
                            view! {
                                <p class="notice" role="status" data-testid="status-saved">
                                    {i18n.t(Staff::StatusSaved)}
                                </p>
                            }
                        })
                }}
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <button
                                class="button"
                                type="submit"
                                disabled=move || save.pending()
                                data-testid="save-status"
                            >
                                {t(Staff::SaveStatus)}
                            </button>
                        }
                    }
                >
                    <Confirm
                        question=Staff::ConfirmStatus
                        yes=Staff::ConfirmYes
                        testid="confirm-status"
                        busy=Signal::derive(move || save.pending())
                        on_yes=Callback::new(move |()| send_status())
                        on_cancel=Callback::new(move |()| confirming.set(false))
                    />
                </Show>
            </form>
        </section>
    }
}

/// The roles an agency admin may grant, in the order they are offered.
const GRANTABLE: [Role; 6] = [
    Role::Verifikator,
    Role::Approver,
    Role::Helpdesk,
    Role::Monitor,
    Role::Admin,
    Role::Employee,
];

/// The account's roles: each with its scope and a revoke button; a form grants another.
#[component]
pub fn RolesPanel(nip: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let t = move |k: Staff| move || i18n.t(k);
    let nip = StoredValue::new(nip);
    let version = RwSignal::new(0u32);
    let roles = LocalResource::new(move || {
        version.track();
        async move { api.roles(&nip.get_value()).await }
    });
    let units = LocalResource::new(move || async move { api.units().await });
    let role = RwSignal::new(Role::Verifikator.as_str().to_owned());
    let unit = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Staff>);
    let grant = Submit::new(move |body: GrantRoleRequest| async move {
        api.grant_role(&nip.get_value(), &body).await?;
        message.set(Some(Staff::RoleGranted));
        version.update(|v| *v += 1);
        Ok(())
    });
    let revoke = Submit::new(move |id: String| async move {
        api.revoke_role(&nip.get_value(), &id).await?;
        message.set(Some(Staff::RoleRevoked));
        version.update(|v| *v += 1);
        Ok(())
    });
    let needs_unit =
        move || Role::parse(&role.get()).is_some_and(|r| r.scope_kind() == ScopeKind::Unit);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        revoke.clear();
        grant.send(GrantRoleRequest {
            role: role.get_untracked(),
            scope_id: if needs_unit() {
                unit.get_untracked()
            } else {
                String::new()
            },
        });
    };
    let row = move |r: AssignedRole| {
        let id = r.id.clone();
        let scope = (!r.grant.scope_name.is_empty()).then(|| format!(" — {}", r.grant.scope_name));
        view! {
            <li class="role-row" data-testid=format!("granted-{}", r.grant.role.as_str())>
                <span>{r.grant.role.label().get(i18n.lang()).to_owned()} {scope}</span>
                <button
                    type="button"
                    class="button secondary small"
                    disabled=move || revoke.pending()
                    on:click=move |_| {
                        message.set(None);
                        grant.clear();
                        revoke.send(id.clone());
                    }
                >
                    {i18n.t(Staff::Revoke)}
                </button>
            </li>
        }
    };
    view! {
        <section class="card" aria-labelledby="roles-title">
            <h2 id="roles-title">{t(Staff::RolesTitle)}</h2>
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.t(Common::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match roles.await {
                        Ok(list) => {
                            view! {
                                <ul class="role-rows">
                                    {list.into_iter().map(row).collect_view()}
                                </ul>
                                <form on:submit=submit novalidate>
                                    <h3>{i18n.t(Staff::GrantTitle)}</h3>
                                    <div class="field">
                                        <label for="role">{i18n.t(Staff::Role)}</label>
                                        <select
                                            id="role"
                                            prop:value=role
                                            on:change=move |ev| role.set(event_target_value(&ev))
                                        >
                                            {GRANTABLE
                                                .into_iter()
                                                .map(|r| {
                                                    view! {
                                                        <option value=r
                                                            .as_str()>
                                                            {move || r.label().get(i18n.lang()).to_owned()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                        <FieldErrors messages=field_messages(
                                            grant.failure(),
                                            "role",
                                        ) />
                                    </div>
                                    <Show when=needs_unit>
                                        <div class="field">
                                            <label for="scope_id">{i18n.t(Staff::RoleUnit)}</label>
                                            <select
                                                id="scope_id"
                                                aria-describedby="scope-hint"
                                                prop:value=unit
                                                on:change=move |ev| unit.set(event_target_value(&ev))
                                            >
                                                <option value="">"—"</option>
                                                {move || {
                                                    units
                                                        .get()
                                                        .and_then(|r| r.ok())
                                                        .unwrap_or_default()
                                                        .into_iter()
                                                        .map(|u| {
                                                            let label = u.tree_label();
                                                            view! { <option value=u.id>{label}</option> }
                                                        })
                                                        .collect_view()
                                                }}
                                            </select>
                                            <p class="hint" id="scope-hint">
                                                {i18n.t(Staff::RoleUnitHint)}
                                            </p>
                                            <FieldErrors messages=field_messages(
                                                grant.failure(),
                                                "scope_id",
                                            ) />
                                        </div>
                                    </Show>
                                    <FormAlert failure=grant.failure() />
                                    <FormAlert failure=revoke.failure() />
                                    {move || {
                                        message
                                            .get()
                                            .map(|m| {
                                                view! {
                                                    <p class="notice" role="status" data-testid="roles-saved">
                                                        {i18n.t(m)}
                                                    </p>
                                                }
                                            })
                                    }}
                                    <button
                                        class="button"
                                        type="submit"
                                        disabled=move || grant.pending()
                                        data-testid="grant"
                                    >
                                        {i18n.t(Staff::Grant)}
                                    </button>
                                </form>
                            }
                                .into_any()
                        }
                        Err(f) if f.code() == Some(ErrorCode::NotFound) => {
                            view! { <p class="muted">{i18n.t(Staff::NoAccount)}</p> }.into_any()
                        }
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Help with the account: unlock it, or issue an activation code (never a password).
#[component]
pub fn AccountPanel(nip: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let t = move |k: Staff| move || i18n.t(k);
    let nip = StoredValue::new(nip);
    let code = RwSignal::new(None::<ActivationCode>);
    let state =
        LocalResource::new(move || async move { api.account_state(&nip.get_value()).await });
    let unlock = Submit::new(move |_: ()| async move {
        api.unlock(&nip.get_value()).await?;
        state.refetch();
        Ok(())
    });
    let issue = Submit::new(move |_: ()| async move {
        code.set(Some(api.activation_code(&nip.get_value()).await?));
        Ok(())
    });
    view! {
        <section class="card" aria-labelledby="account-title">
            <h2 id="account-title">{t(Staff::AccountTitle)}</h2>
            <p class="muted">{t(Staff::AccountLead)}</p>
            <Transition fallback=move || {
                view! {
                    <p class="muted" role="status">
                        {i18n.t(crate::i18n::Common::Loading)}
                    </p>
                }
            }>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(s) => {
                            let locked = s
                                .locked_until
                                .map(|u| {
                                    format!(
                                        "{} {}.",
                                        i18n.t(Staff::StateLocked),
                                        satu_shared::ui::wib(u, false),
                                    )
                                })
                                .unwrap_or_else(|| i18n.t(Staff::StateNotLocked).to_owned());
                            let activated = if s.activated {
                                Staff::StateActivated
                            } else {
                                Staff::StateNotActivated
                            };
                            view! {
                                <ul class="account-state" data-testid="account-state">
                                    <li data-testid="account-lock">{locked}</li>
                                    <li>{i18n.t(activated)}</li>
                                    {s
                                        .two_factor
                                        .then(|| {
                                            view! { <li>{i18n.t(Staff::StateTwoFactor)}</li> }
                                        })}
                                    {s
                                        .disabled
                                        .then(|| view! { <li>{i18n.t(Staff::StateDisabled)}</li> })}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                    }
                })}
            </Transition>
            <FormAlert failure=unlock.failure() testid="unlock-error" />
            <FormAlert failure=issue.failure() />
            {move || {
                unlock
                    .done()
                    .get()
                    .then(|| {
                        view! {
                            <p class="notice" role="status" data-testid="unlocked">
                                {i18n.t(Staff::Unlocked)}
                            </p>
                        }
                    })
            }}
            {move || {
                code.get()
                    .map(|c| {
                        view! {
                            <p class="notice" role="status" data-testid="activation-code">
                                {i18n.t(Staff::CodeIssued)}
                                ": "
                                <strong class="code">{c.activation_code}</strong>
                                ". "
                                {i18n.t(Staff::CodeUntil)}
                                " "
                                {satu_shared::ui::wib(c.expires_at, false)}
                                "."
                            </p>
                        }
                    })
            }}
            <div class="actions">
                <button
                    class="button"
                    type="button"
                    disabled=move || unlock.pending()
                    data-testid="unlock"
                    on:click=move |_| {
                        issue.clear();
                        unlock.send(())
                    }
                >
                    {t(Staff::Unlock)}
                </button>
                <button
                    class="button secondary"
                    type="button"
                    disabled=move || issue.pending()
                    data-testid="issue-code"
                    on:click=move |_| {
                        unlock.clear();
                        issue.send(())
                    }
                >
                    {t(Staff::IssueCode)}
                </button>
            </div>
        </section>
    }
}
