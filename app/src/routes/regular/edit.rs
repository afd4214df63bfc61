//! `/regulars/:id/edit`: a regular's profile and their two consents.

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use joren::regular::RegularDraft;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{card_of, regular_id_param};
use crate::components::suspended::suspended;
use crate::components::text_field::{TextArea, TextField, problem_of};
use crate::components::unavailable::unavailable;
use crate::functions::regulars::{SaveRegular, SaveRegularOutcome};
use crate::lang::{Text, use_lang};
use crate::problems::Field;

#[component]
pub fn EditRegular() -> impl IntoView {
    let id = regular_id_param();
    let card = card_of(id, Signal::stored(0));
    let content = move || {
        Suspend::new(async move {
            match card.await {
                Ok(Some(card)) => {
                    view! { <RegularForm id=card.regular.id draft=card.draft/> }.into_any()
                }
                Ok(None) => unavailable(None),
                Err(error) => unavailable(Some(&error)),
            }
        })
    };
    view! {
        <PageTitle text=|l| td_string!(l, regular.edit_a_regular)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(content)}</Transition>
    }
}

#[component]
fn RegularForm(id: i64, draft: RegularDraft) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveRegular>::new();
    let problems = Signal::derive(move || match save.value().get() {
        Some(Ok(SaveRegularOutcome::Invalid(problems))) => problems,
        _ => Vec::new(),
    });
    Effect::new(move |_| {
        if let Some(Ok(SaveRegularOutcome::Saved { regular })) = save.value().get() {
            use_navigate()(&format!("/regulars/{regular}"), Default::default());
        }
    });
    let refused = move || matches!(save.value().get(), Some(Err(_)));
    let label = move |text: Text| Signal::derive(move || text(lang.get()).to_owned());

    view! {
        <div class="regular">
            <header class="topbar">
                <a class="button" href=format!("/regulars/{id}")>{move || td_string!(lang.get(), regular.back_to_the_card)}</a>
                <h1 class="topbar__title">{move || td_string!(lang.get(), regular.edit_a_regular)}</h1>
            </header>
            <main class="screen screen--form">
                <ActionForm action=save attr:class="card card--form form" attr:novalidate=true>
                    <input type="hidden" name="regular_id" value=id.to_string()/>
                    <div class="form__row">
                        <TextField name="nickname" label=label(|l| td_string!(l, regular.nickname)) problem=problem_of(problems, Field::Nickname) value=draft.nickname/>
                        <TextField name="reading" label=label(|l| td_string!(l, regular.reading_kana)) problem=problem_of(problems, Field::Reading) value=draft.reading/>
                    </div>
                    <TextField name="tagline" label=label(|l| td_string!(l, regular.tagline_e_g_walked_across)) problem=problem_of(problems, Field::Tagline) value=draft.tagline/>
                    <TextField name="interests" label=label(|l| td_string!(l, regular.interests_separated_by_commas)) problem=problem_of(problems, Field::Interests) value=draft.interests/>
                    <div class="form__row">
                        <TextField name="offers" label=label(|l| td_string!(l, regular.offers)) problem=problem_of(problems, Field::Offers) value=draft.offers/>
                        <TextField name="looking_for" label=label(|l| td_string!(l, regular.looking_for)) problem=problem_of(problems, Field::LookingFor) value=draft.looking_for/>
                    </div>
                    <TextArea name="links" label=label(|l| td_string!(l, regular.links_one_per_line_name)) problem=problem_of(problems, Field::Links) value=draft.links rows=3/>
                    <TextArea name="notes" label=label(|l| td_string!(l, regular.staff_notes_never_shown_to)) problem=problem_of(problems, Field::Notes) value=draft.notes rows=4/>
                    <fieldset class="consents-field">
                        <legend>{move || td_string!(lang.get(), regular.their_consent_ask_for_each)}</legend>
                        <label class="check">
                            <input type="checkbox" name="may_be_introduced" value="yes" checked=draft.may_be_introduced/>
                            {move || td_string!(lang.get(), regular.may_be_introduced_to_other_text)}
                        </label>
                        <label class="check">
                            <input type="checkbox" name="may_show_links" value="yes" checked=draft.may_show_links/>
                            {move || td_string!(lang.get(), regular.may_show_their_links_and)}
                        </label>
                    </fieldset>
                    <Show when=refused>
                        <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), regular.it_could_not_be_saved)}</p>
                    </Show>
                    <div class="form__actions">
                        <a class="button" href=format!("/regulars/{id}")>{move || td_string!(lang.get(), regular.cancel)}</a>
                        <button type="submit" class="button button--primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>
                            {move || td_string!(lang.get(), regular.save)}
                        </button>
                    </div>
                </ActionForm>
            </main>
        </div>
    }
}
