//! The shop's privacy notice, in Japanese and in English: the owner's own text, or the
//! default text written with the shop's name. Customers read it at `/privacy`.

use crate::i18n::td_string;
use joren::privacy::NoticeLanguage;
use leptos::prelude::*;

use crate::components::text_field::{FormState, TextAreaControl, problem_of};
use crate::functions::privacy::{
    NoticeForEditing, OwnerNotices, ResetPrivacyNotice, SavePrivacyNotice,
};
use crate::lang::use_lang;
use crate::problems::Field;

#[component]
pub fn PrivacySection(notices: OwnerNotices) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card card--form settings__privacy" aria-labelledby="privacy-title">
            <h2 id="privacy-title">{move || td_string!(lang.get(), settings.privacy_notice)}</h2>
            <p class="muted">{move || td_string!(lang.get(), settings.what_customers_read_under_privacy)}</p>
            <div class="privacy-forms">
                <NoticeForm language=NoticeLanguage::Japanese notice=notices.ja/>
                <NoticeForm language=NoticeLanguage::English notice=notices.en/>
            </div>
            <p>
                <a href="/privacy">{move || td_string!(lang.get(), settings.see_the_page_customers_read)}</a>
            </p>
        </section>
    }
}

/// One language's text, with "save" and "back to the default text".
#[component]
fn NoticeForm(language: NoticeLanguage, notice: NoticeForEditing) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SavePrivacyNotice>::new();
    let reset = ServerAction::<ResetPrivacyNotice>::new();
    let FormState {
        problems,
        saved,
        refused,
    } = FormState::of(save.value().into());
    let field = match language {
        NoticeLanguage::Japanese => Field::PrivacyNoticeJa,
        NoticeLanguage::English => Field::PrivacyNoticeEn,
    };
    let problem = problem_of(problems, field);
    let code = language.code();
    let id = format!("field-privacy-{code}");
    let label_id = format!("{id}-label");
    let form_name = label_id.clone();
    let problem_id = format!("{id}-problem");

    let text = RwSignal::new(notice.text.clone());
    // The text as it is stored now, to tell the owner whether customers see the default.
    let stored = RwSignal::new(notice.text.clone());
    let default_text = StoredValue::new(notice.default_text);
    let is_default = move || stored.with(|stored| default_text.with_value(|d| stored == d));
    let reset_done = move || matches!(reset.value().get(), Some(Ok(_)));
    let reset_failed = move || matches!(reset.value().get(), Some(Err(_)));

    Effect::new(move |_| {
        if saved.get() {
            stored.set(text.get_untracked().trim().to_owned());
            reset.clear();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(default)) = reset.value().get() {
            text.set(default.clone());
            stored.set(default);
            save.clear();
        }
    });

    let label = move || match language {
        NoticeLanguage::Japanese => td_string!(lang.get(), privacy.japanese_text),
        NoticeLanguage::English => td_string!(lang.get(), privacy.english_text),
    };

    view! {
        <ActionForm action=save attr:class="form privacy-form" attr:aria-labelledby=form_name attr:novalidate=true>
            <input type="hidden" name="lang" value=code/>
            <div class="field" class:field--invalid=move || problem.get().is_some()>
                <label for=id.clone() id=label_id>{label}</label>
                <TextAreaControl
                    id=id
                    name="text"
                    rows=14
                    text=notice.text
                    problem
                    problem_id=problem_id.clone()
                    attr:lang=code
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                />
                <p class="field__problem" id=problem_id>{move || problem.get()}</p>
            </div>
            <p class="muted privacy-form__state">{move || if is_default() {
                td_string!(lang.get(), settings.customers_see_the_default_text)
            } else {
                td_string!(lang.get(), settings.customers_see_the_shops_own)
            }}</p>
            <Show when=move || saved.get()>
                <p class="notice" role="status">{move || td_string!(lang.get(), settings.saved)}</p>
            </Show>
            <Show when=reset_done>
                <p class="notice" role="status">{move || td_string!(lang.get(), settings.back_to_the_default_text)}</p>
            </Show>
            <Show when=move || refused.get() || reset_failed()>
                <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), settings.it_could_not_be_saved)}</p>
            </Show>
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || save.pending().get() || reset.pending().get() aria-busy=move || save.pending().get().then_some("true")>
                    {move || td_string!(lang.get(), settings.save)}
                </button>
                <button
                    type="button"
                    class="button"
                    disabled=move || {
                        save.pending().get()
                            || reset.pending().get()
                            || (is_default() && default_text.with_value(|d| text.with(|t| t == d)))
                    }
                    aria-busy=move || reset.pending().get().then_some("true")
                    on:click=move |_| {
                        reset.dispatch(ResetPrivacyNotice { lang: code.to_owned() });
                    }
                >
                    {move || td_string!(lang.get(), settings.back_to_the_default_text_2)}
                </button>
            </div>
        </ActionForm>
    }
}
