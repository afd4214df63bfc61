//! The first start: the owner names the shop and chooses a PIN. Nothing else works before.

use crate::i18n::td_string;
use leptos::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::components::text_field::{NewPinFields, TextField, problem_of};
use crate::contexts::RefreshKiosk;
use crate::functions::staff::{FirstStart as FirstStartFn, FormOutcome};
use crate::lang::use_lang;
use crate::problems::Field;

#[component]
pub fn FirstStart() -> impl IntoView {
    let lang = use_lang();
    let refresh = expect_context::<RefreshKiosk>().0;
    let action = ServerAction::<FirstStartFn>::new();

    Effect::new(move |_| {
        if let Some(Ok(FormOutcome::Saved | FormOutcome::AlreadySetUp)) = action.value().get() {
            refresh.run(());
        }
    });
    let problems = Signal::derive(move || match action.value().get() {
        Some(Ok(FormOutcome::Invalid(problems))) => problems,
        _ => Vec::new(),
    });
    let failed = move || matches!(action.value().get(), Some(Err(_)));

    view! {
        <main class="screen screen--centered first-start">
            <section class="card card--form" aria-labelledby="first-start-title">
                <p class="wordmark" aria-hidden="true">
                    <span class="wordmark__kanji">"常連"</span>
                    <span class="wordmark__latin">"Joren"</span>
                </p>
                <h1 id="first-start-title">{move || td_string!(lang.get(), lock.welcome_lets_set_up_your)}</h1>
                <p class="muted">
                    {move || td_string!(lang.get(), lock.choose_the_owners_name_and)}
                </p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <TextField
                        name="shop_name"
                        label=Signal::derive(move || td_string!(lang.get(), lock.shop_name).to_owned())
                        problem=problem_of(problems, Field::ShopName)
                        autocomplete="organization"
                    />
                    <TextField
                        name="owner_name"
                        label=Signal::derive(move || td_string!(lang.get(), lock.owners_name_shown_in_the).to_owned())
                        problem=problem_of(problems, Field::StaffName)
                        autocomplete="name"
                    />
                    <NewPinFields problems min_digits=joren::Role::Owner.min_pin_digits()/>
                    <Show when=failed>
                        <p class="notice notice--error" role="alert">
                            {move || td_string!(lang.get(), lock.it_could_not_be_saved)}
                        </p>
                    </Show>
                    <button type="submit" class="button button--primary button--wide" disabled=move || action.pending().get() aria-busy=move || action.pending().get().then_some("true")>
                        {move || td_string!(lang.get(), lock.start)}
                    </button>
                </ActionForm>
            </section>
            <footer class="first-start__footer">
                <LanguageSwitch/>
            </footer>
        </main>
    }
}
