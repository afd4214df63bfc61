//! `/privacy`: the shop's privacy notice, for anyone — a customer at the lock screen or on
//! their own phone. It shows the owner's text (or the default) as plain text, in the
//! kiosk's language, and prints on its own.

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use joren::privacy::NoticeBlock;
use leptos::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::components::suspended::suspended;
use crate::functions::privacy::get_privacy_notice;
use crate::lang::use_lang;

#[component]
pub fn PrivacyScreen() -> impl IntoView {
    let lang = use_lang();
    let notice = Resource::new(
        move || lang.get(),
        |lang| get_privacy_notice(lang.code().to_owned()),
    );

    let content = move || {
        Suspend::new(async move {
            match notice.await {
                Ok(notice) => view! {
                    <header class="privacy__head">
                        <p class="privacy__shop">{notice.shop_name}</p>
                        <h1 class="privacy__title">{move || td_string!(lang.get(), privacy.privacy_notice)}</h1>
                    </header>
                    <div class="privacy__text">
                        {notice.blocks.into_iter().map(block).collect_view()}
                    </div>
                }
                .into_any(),
                Err(_) => view! {
                    <p class="notice notice--error" role="alert">
                        {move || td_string!(lang.get(), privacy.it_could_not_be_loaded)}
                    </p>
                }
                .into_any(),
            }
        })
    };

    view! {
        <PageTitle text=|l| td_string!(l, privacy.privacy_notice)/>
        <main class="screen privacy-page">
            <div class="privacy-page__bar">
                <a class="button" href="/">{move || td_string!(lang.get(), privacy.back)}</a>
                <LanguageSwitch/>
            </div>
            <article class="card privacy">
                <Transition fallback=|| ()>{suspended(content)}</Transition>
            </article>
            <footer class="privacy-page__footer">
                <button type="button" class="button" on:click=move |_| {
                    let _ = window().print();
                }>
                    {move || td_string!(lang.get(), privacy.print)}
                </button>
            </footer>
        </main>
    }
}

/// One block of the notice, as text: whatever the owner typed is never read as markup.
fn block(block: NoticeBlock) -> AnyView {
    match block {
        NoticeBlock::Heading(text) => view! { <h2>{text}</h2> }.into_any(),
        NoticeBlock::Paragraph(text) => view! { <p>{text}</p> }.into_any(),
        NoticeBlock::List(items) => view! {
            <ul>{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
        }
        .into_any(),
    }
}
