use leptos::prelude::*;
use leptos::task::spawn_local;
use satu_shared::card::LOGO_MAX_BYTES;

use crate::api::{bytes_of, logo_path, use_api};
use crate::components::confirm::Confirm;
use crate::components::form::{field_messages, FieldErrors, FormAlert, LoadFailed, Submit};
use crate::i18n::{page_title, use_i18n, Common, Staff};

/// `/staf/logo`: an agency admin sets, replaces or removes the logo printed on the agency's
/// cards, seeing it as the card shows it (on its white badge over the card's colours).
#[component]
pub fn AgencyLogoPage() -> impl IntoView {
    page_title(Staff::LogoTitle);
    let i18n = use_i18n();
    let api = use_api();
    let t = move |k: Staff| move || i18n.t(k);
    let admin = super::admin_agency();
    let agency = admin.current;
    let version = RwSignal::new(0u32);
    let current = LocalResource::new(move || {
        version.track();
        let id = agency.get();
        async move {
            match id {
                Some(id) => api
                    .agency_logo_version(&id)
                    .await
                    .map(|v| v.map(|v| format!("{}?v={v}", logo_path(&id)))),
                None => Ok(None),
            }
        }
    });
    let picked = StoredValue::new(None::<Vec<u8>>);
    let refusal = RwSignal::new(None::<Staff>);
    let notice = RwSignal::new(None::<Staff>);
    let confirming = RwSignal::new(false);
    let upload = Submit::new(move |(id, bytes): (String, Vec<u8>)| async move {
        api.put_agency_logo(&id, &bytes).await?;
        notice.set(Some(Staff::LogoSaved));
        version.update(|v| *v += 1);
        Ok(())
    });
    let remove = Submit::new(move |id: String| async move {
        api.delete_agency_logo(&id).await?;
        confirming.set(false);
        notice.set(Some(Staff::LogoRemoved));
        version.update(|v| *v += 1);
        Ok(())
    });
    let clear = move || {
        notice.set(None);
        refusal.set(None);
        upload.clear();
        remove.clear();
    };
    let on_file = move |ev: leptos::ev::Event| {
        clear();
        picked.set_value(None);
        let Some((_, file)) = crate::upload::chosen_file(&ev) else {
            return;
        };
        if file.size() as usize > LOGO_MAX_BYTES {
            refusal.set(Some(Staff::LogoTooLarge));
            return;
        }
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else {
            return;
        };
        spawn_local(async move {
            let bytes = bytes_of(&url).await.ok();
            let _ = web_sys::Url::revoke_object_url(&url);
            picked.try_set_value(bytes);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        refusal.set(None);
        let (Some(id), Some(bytes)) = (agency.get_untracked(), picked.get_value()) else {
            refusal.set(Some(Staff::LogoChooseFirst));
            return;
        };
        upload.send((id, bytes));
    };

    let preview = move |src: String| {
        view! {
            <div class="logo-preview" data-testid="logo-current">
                <span class="logo-badge">
                    <img src=src alt=i18n.t(Staff::LogoAlt) />
                </span>
                <span class="logo-title">"KARTU APARATUR SIPIL NEGARA"</span>
            </div>
            <div class="actions">
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class="button secondary"
                                data-testid="remove-logo"
                                on:click=move |_| {
                                    clear();
                                    confirming.set(true)
                                }
                            >
                                {i18n.t(Staff::LogoRemove)}
                            </button>
                        }
                    }
                >
                    <Confirm
                        question=Staff::ConfirmLogoRemove
                        yes=Staff::LogoRemove
                        testid="confirm-remove-logo"
                        busy=Signal::derive(move || remove.pending())
                        on_yes=Callback::new(move |()| {
                            if let Some(id) = agency.get_untracked() {
                                remove.send(id)
                            }
                        })
                        on_cancel=Callback::new(move |()| confirming.set(false))
                    />
                </Show>
            </div>
        }
    };

    view! {
        <section class="card">
            <p>
                <a href="/staf">{move || i18n.t(Staff::HomeTitle)}</a>
            </p>
            <h1>{t(Staff::LogoTitle)}</h1>
            <p class="muted">{t(Staff::LogoLead)}</p>
            <super::AgencySelect
                agency=admin
                id="logo-agency"
                label=Signal::derive(move || i18n.t(Staff::LogoAgency).to_owned())
                on_change=Callback::new(move |()| clear())
            />
            {move || {
                notice
                    .get()
                    .map(|n| {
                        view! {
                            <p class="notice" role="status" data-testid="logo-notice">
                                {i18n.t(n)}
                            </p>
                        }
                    })
            }}
            <FormAlert failure=remove.failure() />
            <h2>{t(Staff::LogoCurrent)}</h2>
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.t(Common::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match current.await {
                        Ok(Some(src)) => preview(src).into_any(),
                        Ok(None) => {
                            view! {
                                <p class="muted" data-testid="no-logo">
                                    {i18n.t(Staff::LogoNone)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                    }
                })}
            </Transition>
            <form on:submit=submit novalidate>
                <h2>{t(Staff::LogoUpload)}</h2>
                <div class="field">
                    <label for="logo-file">{t(Staff::LogoFile)}</label>
                    <input
                        id="logo-file"
                        type="file"
                        accept="image/png,image/svg+xml,.png,.svg"
                        aria-describedby="logo-rules"
                        data-testid="logo-file"
                        on:change=on_file
                    />
                    <p class="hint" id="logo-rules">
                        {t(Staff::LogoRules)}
                    </p>
                    {move || {
                        refusal
                            .get()
                            .map(|r| {
                                view! {
                                    <p class="field-error" role="alert" data-testid="logo-refused">
                                        {i18n.t(r)}
                                    </p>
                                }
                            })
                    }}
                    <FieldErrors messages=field_messages(upload.failure(), "logo") />
                </div>
                <FormAlert failure=upload.failure() />
                <button
                    class="button"
                    type="submit"
                    disabled=move || upload.pending()
                    data-testid="upload-logo"
                >
                    {t(Staff::LogoUpload)}
                </button>
            </form>
        </section>
    }
}
