//! The in-page confirmation before an act that cannot be undone (a dismissal, a revocation): the
//! question, a red "yes" and a "Batal".

use leptos::prelude::*;

use crate::i18n::{use_i18n, Common, Text};

#[component]
pub fn Confirm<Q: Text, Y: Text>(
    question: Q,
    yes: Y,
    /// The yes button's test id; the question's element id derives from it.
    testid: &'static str,
    /// A request is under way: the yes button waits.
    #[prop(into)]
    busy: Signal<bool>,
    on_yes: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text_id = format!("{testid}-text");
    let labelled_by = text_id.clone();
    view! {
        <div class="confirm" role="alertdialog" aria-labelledby=labelled_by>
            <p id=text_id>{move || i18n.t(question)}</p>
            <div class="actions">
                <button
                    class="button danger"
                    type="button"
                    disabled=move || busy.get()
                    data-testid=testid
                    on:click=move |_| on_yes.run(())
                >
                    {move || i18n.t(yes)}
                </button>
                <button class="button secondary" type="button" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(Common::Cancel)}
                </button>
            </div>
        </div>
    }
}
