//! `/staf/jadwal`: the agency admin sets the windows of the data update (dates in WIB, both ends
//! included); a step left without dates is always open.

use leptos::prelude::*;
use leptos::task::spawn_local;
use satu_shared::schedule::{DateWindow, PdmSchedule, Phase, ScheduleWindows};
use satu_shared::Role;

use super::form::{server_messages, Messages};
use crate::api::{use_api, ApiFailure};
use crate::components::form::{FormAlert, LoadFailed, Submit};
use crate::i18n::{page_title, use_i18n, Common, Usulan};
use crate::session::use_session;

fn phase_text(p: Phase) -> Usulan {
    match p {
        Phase::Submission => Usulan::PhaseSubmission,
        Phase::Verification => Usulan::PhaseVerification,
        Phase::Approval => Usulan::PhaseApproval,
    }
}

/// The inputs of one window: its two dates as typed (`YYYY-MM-DD` from the date inputs).
#[derive(Clone, Copy)]
struct WindowInputs {
    from: RwSignal<String>,
    to: RwSignal<String>,
}

impl WindowInputs {
    fn window(self) -> Option<DateWindow> {
        Some(DateWindow {
            from: self.from.get_untracked().parse().ok()?,
            to: self.to.get_untracked().parse().ok()?,
        })
    }
}

#[component]
pub fn SchedulePage() -> impl IntoView {
    page_title(Usulan::ScheduleTitle);
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let t = move |k: Usulan| move || i18n.t(k);
    let agency = Memo::new(move |_| {
        session.me.with(|m| {
            m.as_ref().and_then(|m| {
                m.roles
                    .iter()
                    .find(|r| r.role == Role::Admin)
                    .map(|r| (r.scope_id.clone(), r.scope_name.clone()))
            })
        })
    });
    let inputs = Phase::ALL.map(|_| WindowInputs {
        from: RwSignal::new(String::new()),
        to: RwSignal::new(String::new()),
    });
    let loaded = RwSignal::new(None::<Result<PdmSchedule, ApiFailure>>);
    let errors = RwSignal::new(Messages::new());
    let fill = move |s: &PdmSchedule| {
        let w = ScheduleWindows {
            submission: s.submission,
            verification: s.verification,
            approval: s.approval,
        };
        for (i, p) in Phase::ALL.into_iter().enumerate() {
            let (f, to) = w
                .window(p)
                .map(|w| (w.from.to_string(), w.to.to_string()))
                .unwrap_or_default();
            inputs[i].from.set(f);
            inputs[i].to.set(to);
        }
    };
    Effect::new(move |_| {
        if let Some((id, _)) = agency.get() {
            spawn_local(async move {
                let s = api.schedule(&id).await;
                if let Ok(s) = &s {
                    fill(s);
                }
                loaded.set(Some(s));
            });
        }
    });
    let save = Submit::new(move |(id, body): (String, ScheduleWindows)| async move {
        match api.put_schedule(&id, &body).await {
            Ok(s) => {
                fill(&s);
                loaded.set(Some(Ok(s)));
                Ok(())
            }
            Err(f) => {
                errors.set(server_messages(f.field_errors()));
                Err(f)
            }
        }
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(Messages::new());
        let Some((id, _)) = agency.get_untracked() else {
            return;
        };
        let body = ScheduleWindows {
            submission: inputs[0].window(),
            verification: inputs[1].window(),
            approval: inputs[2].window(),
        };
        if let Err(e) = body.check() {
            errors.set(e.render(i18n.lang()));
            return;
        }
        save.send((id, body));
    };
    let rows = Phase::ALL
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let w = inputs[i];
            let key = p.as_str();
            let msgs = move |end: &'static str| {
                errors.with(|e| e.get(&format!("{key}.{end}")).cloned().unwrap_or_default())
            };
            let open = move || {
                loaded.with(|l| match l {
                    Some(Ok(s)) => Some(match p {
                        Phase::Submission => s.open.submission,
                        Phase::Verification => s.open.verification,
                        Phase::Approval => s.open.approval,
                    }),
                    _ => None,
                })
            };
            view! {
                <fieldset class="field window" data-testid=format!("window-{key}")>
                    <legend>{move || i18n.t(phase_text(p))}</legend>
                    <label for=format!("{key}-from")>{move || i18n.t(Usulan::From)}</label>
                    <input
                        id=format!("{key}-from")
                        type="date"
                        data-testid=format!("{key}-from")
                        prop:value=move || w.from.get()
                        on:input=move |ev| w.from.set(event_target_value(&ev))
                    />
                    <label for=format!("{key}-to")>{move || i18n.t(Usulan::To)}</label>
                    <input
                        id=format!("{key}-to")
                        type="date"
                        data-testid=format!("{key}-to")
                        prop:value=move || w.to.get()
                        on:input=move |ev| w.to.set(event_target_value(&ev))
                    />
                    <button
                        type="button"
                        class="link"
                        on:click=move |_| {
                            w.from.set(String::new());
                            w.to.set(String::new());
                        }
                    >
                        {move || i18n.t(Usulan::AlwaysOpen)}
                    </button>
                    {move || {
                        [msgs("from"), msgs("to")]
                            .concat()
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <p class="field-error" role="alert">
                                        {m}
                                    </p>
                                }
                            })
                            .collect_view()
                    }}
                    <p class="hint" data-testid=format!("{key}-open")>
                        {move || match open() {
                            Some(true) => i18n.t(Usulan::OpenNow),
                            Some(false) => i18n.t(Usulan::ClosedNow),
                            None => "",
                        }}
                    </p>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <p>
                <a href="/staf">{move || i18n.t(Common::NavStaff)}</a>
            </p>
            <h1>{t(Usulan::ScheduleTitle)}</h1>
            <p class="muted">{move || agency.get().map(|(_, name)| name)}</p>
            <p class="muted">{t(Usulan::ScheduleLead)}</p>
            {move || match loaded.get() {
                Some(Err(f)) => Some(view! { <LoadFailed failure=f /> }),
                _ => None,
            }}
            <form on:submit=send novalidate>
                {rows}
                <FormAlert failure=save.failure() />
                {move || {
                    save.done()
                        .get()
                        .then(|| {
                            view! {
                                <p class="notice" role="status" data-testid="schedule-saved">
                                    {i18n.t(Usulan::Saved)}
                                </p>
                            }
                        })
                }}
                <button class="button" type="submit" data-testid="save-schedule">
                    {t(Usulan::Save)}
                </button>
            </form>
        </section>
    }
}
