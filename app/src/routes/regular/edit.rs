//! `/regulars/:id/edit`: a regular's profile and their two consents.

use joren::regular::RegularDraft;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use super::{card_of, regular_id_param, unavailable};
use crate::components::text_field::{TextArea, TextField, problem_of};
use crate::functions::regulars::{SaveRegular, SaveRegularOutcome};
use crate::lang::use_lang;
use crate::problems::Field;
use crate::shell::tr;

#[component]
pub fn EditRegular() -> impl IntoView {
    let lang = use_lang();
    let id = regular_id_param();
    let card = card_of(id, Signal::stored(0));
    let content = move || {
        Suspend::new(async move {
            match card.await {
                Ok(Some(card)) => {
                    view! { <RegularForm id=card.regular.id.0 draft=card.draft/> }.into_any()
                }
                Ok(None) => unavailable(false),
                Err(_) => unavailable(true),
            }
        })
    };
    view! {
        <Title text=move || tr(lang.get(), "常連さんを編集", "Edit a regular")/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{content}</Transition>
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
    let label = move |ja: &'static str, en: &'static str| {
        Signal::derive(move || tr(lang.get(), ja, en).to_owned())
    };

    view! {
        <div class="regular">
            <header class="topbar">
                <a class="button" href=format!("/regulars/{id}")>{move || tr(lang.get(), "← カードに戻る", "← Back to the card")}</a>
                <h1 class="topbar__title">{move || tr(lang.get(), "常連さんを編集", "Edit a regular")}</h1>
            </header>
            <main class="screen screen--form">
                <ActionForm action=save attr:class="card card--form form" attr:novalidate=true>
                    <input type="hidden" name="regular_id" value=id.to_string()/>
                    <div class="form__row">
                        <TextField name="nickname" label=label("ニックネーム", "Nickname") problem=problem_of(problems, Field::Nickname) value=draft.nickname/>
                        <TextField name="reading" label=label("読み（かな）", "Reading (kana)") problem=problem_of(problems, Field::Reading) value=draft.reading/>
                    </div>
                    <TextField name="tagline" label=label("ひとこと（例：日本を歩いて縦断した写真家）", "Tagline (e.g. walked across Japan, now a photographer)") problem=problem_of(problems, Field::Tagline) value=draft.tagline/>
                    <TextField name="interests" label=label("好きなこと（「、」区切り）", "Interests (separated by commas)") problem=problem_of(problems, Field::Interests) value=draft.interests/>
                    <div class="form__row">
                        <TextField name="offers" label=label("できること", "Offers") problem=problem_of(problems, Field::Offers) value=draft.offers/>
                        <TextField name="looking_for" label=label("探していること", "Looking for") problem=problem_of(problems, Field::LookingFor) value=draft.looking_for/>
                    </div>
                    <TextArea name="links" label=label("リンク（1行に1つ：名前 https://… か @instagram）", "Links (one per line: name https://… or @instagram)") problem=problem_of(problems, Field::Links) value=draft.links rows=3/>
                    <TextArea name="notes" label=label("スタッフメモ（お客さまの画面には出ません）", "Staff notes (never shown to customers)") problem=problem_of(problems, Field::Notes) value=draft.notes rows=4/>
                    <fieldset class="consents-field">
                        <legend>{move || tr(lang.get(), "ご本人の同意（それぞれ別に確認してください）", "Their consent (ask for each separately)")}</legend>
                        <label class="check">
                            <input type="checkbox" name="may_be_introduced" value="yes" checked=draft.may_be_introduced/>
                            {move || tr(lang.get(), "ほかの常連さんに紹介してもよい", "May be introduced to other regulars")}
                        </label>
                        <label class="check">
                            <input type="checkbox" name="may_show_links" value="yes" checked=draft.may_show_links/>
                            {move || tr(lang.get(), "リンクやQRコードを見せてもよい", "May show their links and QR codes")}
                        </label>
                    </fieldset>
                    <Show when=refused>
                        <p class="notice notice--error" role="alert">{move || tr(lang.get(), "保存できませんでした。ロックを解除し直してください。", "It could not be saved. Please unlock the kiosk again.")}</p>
                    </Show>
                    <div class="form__actions">
                        <a class="button" href=format!("/regulars/{id}")>{move || tr(lang.get(), "やめる", "Cancel")}</a>
                        <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                            {move || tr(lang.get(), "保存する", "Save")}
                        </button>
                    </div>
                </ActionForm>
            </main>
        </div>
    }
}
