//! Small form pieces shared by the pages.

use leptos::prelude::*;

use satu_shared::password::PasswordRule;
use satu_shared::ui::group_nip_input;

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use crate::api::{ApiFailure, ApiResult};
use crate::i18n::{use_i18n, Login, Password, Text};

/// The messages of one field, from the server's 422 `errors`.
#[component]
pub fn FieldErrors(#[prop(into)] messages: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <For each=move || messages.get() key=|m| m.clone() let:m>
            <p class="field-error" role="alert">
                {m}
            </p>
        </For>
    }
}

/// A password input with a show/hide button.
#[component]
pub fn PasswordInput(
    id: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(false);
    view! {
        <div class="password">
            <input
                id=id
                name=id
                type=move || if shown.get() { "text" } else { "password" }
                autocomplete=if autocomplete.is_empty() { "current-password" } else { autocomplete }
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <button
                type="button"
                class="ghost"
                data-testid=format!("{id}-toggle")
                aria-pressed=move || shown.get().to_string()
                on:click=move |_| shown.update(|s| *s = !*s)
            >
                {move || if shown.get() { i18n.t(Login::Hide) } else { i18n.t(Login::Show) }}
            </button>
        </div>
    }
}

/// A form's submission: one request at a time (a second click while one is under way does
/// nothing), whether one is under way, and the last answer — the page shows the failure at its
/// fields or above the button and reacts to a success in the closure itself (a result to show is
/// kept in a signal of the page). Every form shares one kind of Leptos `Action` (its input is the
/// job to run), so the app carries the action machinery once, not once per form.
pub struct Submit<I: 'static> {
    action: Action<Job, ApiResult<()>>,
    run: StoredValue<Rc<dyn Fn(I) -> Request>, LocalStorage>,
    // Made once with the action (each call of `Action::pending`/`value` would make new ones).
    pending: Memo<bool>,
    value: MappedSignal<Option<ApiResult<()>>>,
    failure: Signal<Option<ApiFailure>>,
    done: Signal<bool>,
}

/// A form's request under way.
type Request = Pin<Box<dyn Future<Output = ApiResult<()>>>>;
/// One run of a form's request.
type Job = Rc<dyn Fn() -> Request>;

impl<I: 'static> Clone for Submit<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Submit<I> {}

impl<I: Clone + 'static> Submit<I> {
    pub fn new<F, Fu>(run: F) -> Self
    where
        F: Fn(I) -> Fu + 'static,
        Fu: Future<Output = ApiResult<()>> + 'static,
    {
        let action = Action::new_local(|job: &Job| job());
        let value = action.value();
        let run: Rc<dyn Fn(I) -> Request> = Rc::new(move |input| Box::pin(run(input)));
        Submit {
            action,
            run: StoredValue::new_local(run),
            pending: action.pending(),
            value,
            failure: Signal::derive(move || value.with(|v| v.clone().and_then(Result::err))),
            done: Signal::derive(move || value.with(|v| matches!(v, Some(Ok(()))))),
        }
    }

    /// Sends, unless a request is already under way.
    pub fn send(self, input: I) {
        if self.pending.get_untracked() {
            return;
        }
        let Some(run) = self.run.try_get_value() else {
            return;
        };
        self.value.set(None);
        self.action
            .dispatch_local(Rc::new(move || run(input.clone())));
    }

    pub fn pending(self) -> bool {
        self.pending.get()
    }

    /// The last answer, when it was a failure.
    pub fn failure(self) -> Signal<Option<ApiFailure>> {
        self.failure
    }

    /// Whether the last answer was a success.
    pub fn done(self) -> Signal<bool> {
        self.done
    }

    /// Forgets the last answer (the form starts over).
    pub fn clear(self) {
        self.value.set(None);
    }
}

/// A password with its show/hide button and the server's messages for it (`id` is also the field
/// the server names).
#[component]
pub fn PasswordField<L: Text>(
    id: &'static str,
    label: L,
    value: RwSignal<String>,
    #[prop(into)] failure: Signal<Option<ApiFailure>>,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <PasswordInput id=id value=value autocomplete=autocomplete />
            <FieldErrors messages=field_messages_until_edited(failure, id, value) />
        </div>
    }
}

/// The NIP of the account, grouped as it is typed (`XXXXXXXX XXXXXX X XXX`), and the server's
/// messages for it.
#[component]
pub fn NipField(
    value: RwSignal<String>,
    #[prop(into)] failure: Signal<Option<ApiFailure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="nip">{move || i18n.t(Login::Nip)}</label>
            <input
                id="nip"
                name="nip"
                inputmode="numeric"
                autocomplete="username"
                placeholder="XXXXXXXX XXXXXX X XXX"
                prop:value=value
                on:input=move |ev| value.set(group_nip_input(&event_target_value(&ev)))
            />
            <FieldErrors messages=field_messages_until_edited(failure, "nip", value) />
        </div>
    }
}

/// A short number typed from somewhere else — by default a code from the authenticator app (or a
/// recovery code) — and the server's messages for it (`id` is also the field the server names).
#[component]
pub fn CodeField<L: Text>(
    label: L,
    value: RwSignal<String>,
    #[prop(into)] failure: Signal<Option<ApiFailure>>,
    #[prop(default = "code")] id: &'static str,
    #[prop(default = "one-time-code")] autocomplete: &'static str,
    /// 6 digits, or a recovery code (`XXXX-XXXX-XXXX`) where one is accepted.
    #[prop(default = 20)]
    maxlength: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <input
                id=id
                name=id
                inputmode="numeric"
                autocomplete=autocomplete
                maxlength=maxlength
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldErrors messages=field_messages_until_edited(failure, id, value) />
        </div>
    }
}

/// The server's messages for one field of the last failed submit.
pub fn field_messages(
    failure: impl Into<Signal<Option<ApiFailure>>>,
    name: &'static str,
) -> Signal<Vec<String>> {
    let failure = failure.into();
    Signal::derive(move || {
        failure
            .get()
            .map(|f| f.field_errors().get(name).cloned().unwrap_or_default())
            .unwrap_or_default()
    })
}

/// The server's messages for one field, until the field is edited: a corrected field no longer
/// shows the error it had (the value it had when the answer came is kept to compare).
pub fn field_messages_until_edited(
    failure: impl Into<Signal<Option<ApiFailure>>>,
    name: &'static str,
    value: RwSignal<String>,
) -> Signal<Vec<String>> {
    let messages = field_messages(failure, name);
    let answered = Memo::new(move |_| {
        messages.track();
        value.get_untracked()
    });
    Signal::derive(move || {
        if value.with(|v| answered.with(|a| v == a)) {
            messages.get()
        } else {
            Vec::new()
        }
    })
}

/// The message of a failure that is not about a field (those show at their fields).
pub fn general_message(failure: impl Into<Signal<Option<ApiFailure>>>) -> Signal<Option<String>> {
    let i18n = use_i18n();
    let failure = failure.into();
    Signal::derive(move || {
        failure
            .get()
            .and_then(|f| f.field_errors().is_empty().then(|| f.message(i18n.lang())))
    })
}

/// The alert above a form's button: a failure that is not about one field.
#[component]
pub fn FormAlert(
    #[prop(into)] failure: Signal<Option<ApiFailure>>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let alert = general_message(failure);
    view! {
        {move || {
            alert
                .get()
                .map(|m| {
                    view! {
                        <p class="alert" role="alert" data-testid=testid>
                            {m}
                        </p>
                    }
                })
        }}
    }
}

/// A loaded value's failure, shown in place of the value: the problem's own text in the chosen
/// language.
#[component]
pub fn LoadFailed(failure: ApiFailure) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="alert" role="alert" data-testid="load-error">
            {move || failure.message(i18n.lang())}
        </p>
    }
}

/// The new password may be sent: it breaks none of the rules shown, and its confirmation is typed
/// and the same (tracked).
pub fn new_password_ready(
    new: RwSignal<String>,
    confirm: RwSignal<String>,
    broken: impl Into<Signal<Vec<PasswordRule>>>,
) -> bool {
    let confirmed = confirm.with(|c| !c.is_empty() && new.with(|n| n == c));
    confirmed && broken.into().with(Vec::is_empty)
}

/// A new password with the shared rules checked live beside it, and its confirmation (the
/// password change, the reset link, the first login's activation). `broken`: the rules the
/// typed password breaks now; `rules`: those shown (the ones the browser can check).
#[component]
pub fn NewPasswordFields(
    new: RwSignal<String>,
    confirm: RwSignal<String>,
    #[prop(into)] broken: Signal<Vec<PasswordRule>>,
    rules: &'static [PasswordRule],
    #[prop(into)] failure: Signal<Option<ApiFailure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mismatch = move || !confirm.get().is_empty() && confirm.get() != new.get();
    view! {
        <PasswordField
            id="new_password"
            label=Password::ChangeNew
            value=new
            failure
            autocomplete="new-password"
        />
        <div class="rules" aria-live="polite">
            <p class="rules-title">{move || i18n.t(Password::ChangeRulesTitle)}</p>
            <ul data-testid="password-rules">
                {rules
                    .iter()
                    .map(|rule| {
                        let rule = *rule;
                        let state = move || {
                            if new.get().is_empty() {
                                None
                            } else {
                                Some(!broken.get().contains(&rule))
                            }
                        };
                        // Nothing typed: neutral; then each rule met (✓) or not yet met (✗), in
                        // words too for screen readers.
                        view! {
                            <li class=move || match state() {
                                None => "rule",
                                Some(true) => "rule ok",
                                Some(false) => "rule unmet",
                            }>
                                <span aria-hidden="true">
                                    {move || match state() {
                                        None => "•",
                                        Some(true) => "✓",
                                        Some(false) => "✗",
                                    }}
                                </span>
                                " "
                                {move || rule.requirement().get(i18n.lang()).to_owned()}
                                <span class="sr-only">
                                    {move || match state() {
                                        None => "",
                                        Some(true) => i18n.t(Password::RuleMet),
                                        Some(false) => i18n.t(Password::RuleUnmet),
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
        <div class="field">
            <label for="confirm_password">{move || i18n.t(Password::ChangeConfirm)}</label>
            <PasswordInput id="confirm_password" value=confirm autocomplete="new-password" />
            {move || {
                mismatch()
                    .then(|| {
                        view! {
                            <p class="field-error" role="alert">
                                {i18n.t(Password::ChangeMismatch)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
