use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use satu_shared::imports::{ImportInfo, ImportStatus, MAX_IMPORT_BYTES};

use crate::api::{use_api, ApiFailure};
use crate::components::form::{field_messages, FieldErrors, FormAlert, LoadFailed, Submit};
use crate::i18n::{page_title, use_i18n, Common, Impor, Staff};

/// How often a running import is asked about.
const POLL_MS: u32 = 1000;

/// `/staf/impor`: an agency admin uploads SIASN's "Export Data ASN" with a progress bar, follows
/// the import the server runs, reads the rows it refused and downloads them as CSV; the agency's
/// recent imports below.
#[component]
pub fn ImportPage() -> impl IntoView {
    page_title(Impor::Title);
    let i18n = use_i18n();
    let api = use_api();
    let t = move |k: Impor| move || i18n.t(k);
    let admin = super::admin_agency();
    let agency = admin.current;
    let file = StoredValue::new_local(None::<web_sys::File>);
    let create_units = RwSignal::new(false);
    let refusal = RwSignal::new(None::<Impor>);
    let progress = RwSignal::new(None::<f64>);
    // The import shown, as the server last answered.
    let shown = RwSignal::new(None::<ImportInfo>);
    let poll_failed = RwSignal::new(None::<ApiFailure>);
    let version = RwSignal::new(0u32);
    let history = LocalResource::new(move || {
        version.track();
        async move { api.imports().await }
    });

    // Following an import: one loop per import shown, ended when the page is left or another
    // import is shown.
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    let generation = Arc::new(AtomicU32::new(0));
    let follow = move |info: ImportInfo| {
        let mine = generation.fetch_add(1, Ordering::Relaxed) + 1;
        let (alive, generation) = (alive.clone(), generation.clone());
        let id = info.id.clone();
        let running = !info.status.finished();
        shown.set(Some(info));
        poll_failed.set(None);
        if !running {
            return;
        }
        spawn_local(async move {
            let live =
                || alive.load(Ordering::Relaxed) && generation.load(Ordering::Relaxed) == mine;
            while live() {
                gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                if !live() {
                    return;
                }
                match api.import(&id).await {
                    Ok(now) => {
                        let finished = now.status.finished();
                        shown.try_set(Some(now));
                        if finished {
                            version.try_update(|v| *v += 1);
                            return;
                        }
                    }
                    // A network hiccup: keep asking.
                    Err(ApiFailure::Network) => {}
                    Err(e) => {
                        poll_failed.try_set(Some(e));
                        return;
                    }
                }
            }
        });
    };
    let follow = StoredValue::new(follow);

    let start = Submit::new(
        move |(agency, file, units): (String, web_sys::File, bool)| async move {
            progress.set(Some(0.0));
            let sent = api
                .start_import(&agency, &file, units, move |p| {
                    progress.try_set(Some(p));
                })
                .await;
            progress.set(None);
            let info = sent?;
            version.update(|v| *v += 1);
            follow.with_value(|f| f(info));
            Ok(())
        },
    );
    let errors_csv = Submit::new(move |id: String| async move {
        let r = api.blob(format!("/api/v1/imports/{id}/errors.csv")).await?;
        let name = r.file_name.unwrap_or_else(|| "galat-impor.csv".into());
        crate::api::save_as(&r.url, &name);
        let _ = web_sys::Url::revoke_object_url(&r.url);
        Ok(())
    });

    let on_file = move |ev: leptos::ev::Event| {
        refusal.set(None);
        start.clear();
        file.set_value(None);
        let Some((_, chosen)) = crate::upload::chosen_file(&ev) else {
            return;
        };
        let name = chosen.name().to_lowercase();
        if !(name.ends_with(".csv") || name.ends_with(".txt")) {
            refusal.set(Some(Impor::NotCsv));
            return;
        }
        if chosen.size() > MAX_IMPORT_BYTES as f64 {
            refusal.set(Some(Impor::TooLarge));
            return;
        }
        file.set_value(Some(chosen));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refusal.set(None);
        let (Some(id), Some(f)) = (agency.get_untracked(), file.get_value()) else {
            refusal.set(Some(Impor::ChooseFirst));
            return;
        };
        start.send((id, f, create_units.get_untracked()));
    };

    view! {
        <section class="card">
            <p>
                <a href="/staf">{move || i18n.t(Staff::HomeTitle)}</a>
            </p>
            <h1>{t(Impor::Title)}</h1>
            <p class="muted">{t(Impor::Lead)}</p>
            <form on:submit=submit novalidate>
                <super::AgencySelect
                    agency=admin
                    id="import-agency"
                    label=Signal::derive(move || i18n.t(Impor::Agency).to_owned())
                />
                <div class="field">
                    <label for="import-file">{t(Impor::File)}</label>
                    <input
                        id="import-file"
                        type="file"
                        accept=".csv,text/csv"
                        aria-describedby="import-rules"
                        data-testid="import-file"
                        on:change=on_file
                    />
                    <p class="hint" id="import-rules">
                        {t(Impor::FileHint)}
                    </p>
                    {move || {
                        refusal
                            .get()
                            .map(|r| {
                                view! {
                                    <p
                                        class="field-error"
                                        role="alert"
                                        data-testid="import-refused"
                                    >
                                        {i18n.t(r)}
                                    </p>
                                }
                            })
                    }}
                    <FieldErrors messages=field_messages(start.failure(), "file") />
                </div>
                <div class="field checkbox">
                    <label>
                        <input
                            type="checkbox"
                            data-testid="import-create-units"
                            prop:checked=move || create_units.get()
                            on:change=move |ev| create_units.set(event_target_checked(&ev))
                        />
                        " "
                        {t(Impor::CreateUnits)}
                    </label>
                    <p class="hint">{t(Impor::CreateUnitsHint)}</p>
                </div>
                <div class="upload">
                    <crate::pages::proposals::UploadProgress progress=progress />
                </div>
                <FormAlert failure=start.failure() />
                <button
                    class="button"
                    type="submit"
                    data-testid="import-start"
                    disabled=move || start.pending()
                >
                    {move || {
                        if start.pending() { i18n.t(Impor::Starting) } else { i18n.t(Impor::Start) }
                    }}
                </button>
            </form>
            {move || {
                shown.get().map(|info| view! { <ImportView info=info errors_csv=errors_csv /> })
            }}
            {move || poll_failed.get().map(|f| view! { <LoadFailed failure=f /> })}
            <h2>{t(Impor::History)}</h2>
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.t(Common::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(list) if list.items.is_empty() => {
                            view! {
                                <p class="muted" data-testid="imports-none">
                                    {i18n.t(Impor::HistoryNone)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            let rows = list
                                .items
                                .into_iter()
                                .map(|item| {
                                    let when = (item.created_at + chrono::Duration::hours(7))
                                        .format("%d/%m/%Y %H:%M")
                                        .to_string();
                                    let counts = format!(
                                        "{} / {} / {} / {}",
                                        item.counts.imported,
                                        item.counts.updated,
                                        item.counts.unchanged,
                                        item.error_count,
                                    );
                                    let status = i18n.t(status_text(item.status));
                                    let name = item.file_name.clone();
                                    // Shown in WIB, where the admin works.
                                    view! {
                                        <tr data-testid="import-row">
                                            <td data-label=i18n.t(Impor::When)>{when} " WIB"</td>
                                            <td data-label=i18n.t(Impor::FileName)>{name}</td>
                                            <td data-label=i18n.t(Impor::Status)>{status}</td>
                                            <td data-label=format!(
                                                "{} / {} / {} / {}",
                                                i18n.t(Impor::Imported),
                                                i18n.t(Impor::Updated),
                                                i18n.t(Impor::Unchanged),
                                                i18n.t(Impor::Errors),
                                            )>{counts}</td>
                                            <td>
                                                <button
                                                    type="button"
                                                    class="button secondary"
                                                    on:click=move |_| { follow.with_value(|f| f(item.clone())) }
                                                >
                                                    {i18n.t(Impor::Show)}
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view! {
                                <div class="table-wrap">
                                    <table class="diff" data-testid="imports">
                                        <thead>
                                            <tr>
                                                <th>{i18n.t(Impor::When)}</th>
                                                <th>{i18n.t(Impor::FileName)}</th>
                                                <th>{i18n.t(Impor::Status)}</th>
                                                <th>
                                                    {format!(
                                                        "{} / {} / {} / {}",
                                                        i18n.t(Impor::Imported),
                                                        i18n.t(Impor::Updated),
                                                        i18n.t(Impor::Unchanged),
                                                        i18n.t(Impor::Errors),
                                                    )}
                                                </th>
                                                <th></th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        }
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// An import's status as the page names it.
fn status_text(s: ImportStatus) -> Impor {
    match s {
        ImportStatus::Queued => Impor::StatusQueued,
        ImportStatus::Running => Impor::StatusRunning,
        ImportStatus::Done => Impor::StatusDone,
        ImportStatus::Failed => Impor::StatusFailed,
    }
}

/// One import: where it is, its counts, and the rows it refused.
#[component]
fn ImportView(info: ImportInfo, errors_csv: Submit<String>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |k: Impor| i18n.t(k);
    let c = &info.counts;
    let stat = |label: Impor, value: u64, testid: &'static str| {
        view! {
            <dt>{t(label)}</dt>
            <dd data-testid=testid>{value.to_string()}</dd>
        }
    };
    let finished = info.status.finished();
    let id = info.id.clone();
    let errors = info
        .errors
        .iter()
        .map(|e| {
            view! {
                <tr data-testid="import-error">
                    <td data-label=t(Impor::Line)>{e.line.to_string()}</td>
                    <td data-label=t(Impor::Nip)>{e.nip.clone()}</td>
                    <td data-label=t(Impor::Reason)>{e.message.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="import-result" aria-live="polite" data-testid="import-result">
            <h2>{t(Impor::Current)} ": " {info.file_name.clone()}</h2>
            <dl class="stats">
                <dt>{t(Impor::Status)}</dt>
                <dd data-testid="import-status" data-status=info.status.as_str()>
                    {t(status_text(info.status))}
                </dd>
                {stat(Impor::Rows, c.rows, "import-rows")}
                {stat(Impor::Imported, c.imported, "import-imported")}
                {stat(Impor::Updated, c.updated, "import-updated")}
                {stat(Impor::Unchanged, c.unchanged, "import-unchanged")}
                {stat(Impor::Errors, info.error_count, "import-errors")}
                {stat(Impor::UnitsCreated, c.units_created, "import-units")}
                {stat(Impor::CardsIssued, c.cards_issued, "import-cards")}
            </dl>
            {(!finished).then(|| view! { <p class="muted">{t(Impor::Working)}</p> })}
            {info
                .failure
                .clone()
                .map(|f| {
                    view! {
                        <p class="alert" role="alert">
                            {f}
                        </p>
                    }
                })}
            {info
                .same_file_as
                .is_some()
                .then(|| {
                    view! {
                        <p class="notice" data-testid="import-same">
                            {t(Impor::SameFile)}
                        </p>
                    }
                })}
            {(!info.extra_columns.is_empty())
                .then(|| {
                    view! {
                        <p class="muted">{t(Impor::Extra)} ": " {info.extra_columns.join(", ")}</p>
                    }
                })}
            {finished
                .then(|| {
                    if info.error_count == 0 {
                        view! { <p class="notice">{t(Impor::ErrorsNone)}</p> }.into_any()
                    } else {
                        let more = info.error_count > info.errors.len() as u64;
                        view! {
                            <h3>{t(Impor::ErrorsTitle)}</h3>
                            {more.then(|| view! { <p class="muted">{t(Impor::ErrorsMore)}</p> })}
                            <button
                                type="button"
                                class="button secondary"
                                data-testid="import-errors-csv"
                                disabled=move || errors_csv.pending()
                                on:click=move |_| errors_csv.send(id.clone())
                            >
                                {t(Impor::DownloadErrors)}
                            </button>
                            <FormAlert failure=errors_csv.failure() />
                            <div class="table-wrap">
                                <table class="diff" data-testid="import-errors-table">
                                    <thead>
                                        <tr>
                                            <th>{t(Impor::Line)}</th>
                                            <th>{t(Impor::Nip)}</th>
                                            <th>{t(Impor::Reason)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{errors}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                })}
        </section>
    }
}
