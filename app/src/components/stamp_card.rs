//! A stamp card: one dot per stamp, filled as they are earned.

use crate::i18n::td_string;
use joren::loyalty::Card;
use leptos::prelude::*;

use crate::lang::{Lang, use_lang};

/// The stamps on the current card as a row of dots, with the count in words for screen
/// readers. A card completed by the last stamp shows full until the next visit.
#[component]
pub fn StampCard(
    card: Card,
    stamps_per_card: u32,
    #[prop(optional)] just_completed: bool,
) -> impl IntoView {
    let lang = use_lang();
    let goal = stamps_per_card.max(1);
    let filled = if just_completed {
        goal
    } else {
        card.stamps.min(goal)
    };
    let words = move || td_string!(lang.get(), common.stamps_of, filled, goal).to_string();
    view! {
        <div class="stamps" role="img" aria-label=words>
            {(0..goal)
                .map(|n| view! { <span class="stamps__dot" class:stamps__dot--on=n < filled></span> })
                .collect_view()}
            <span class="stamps__count" aria-hidden="true">{format!("{filled}/{goal}")}</span>
        </div>
    }
}

/// "3/10" and, when rewards wait, "🎁 1": what a list line has room for.
#[component]
pub fn StampProgress(card: Card, stamps_per_card: u32) -> impl IntoView {
    let lang = use_lang();
    let text = move || progress_text(card, stamps_per_card, lang.get());
    let has_reward = card.rewards_available() > 0;
    view! { <span class="progress" class:progress--reward=has_reward>{text}</span> }
}

/// The words of [`StampProgress`] in `lang`, for a list that writes its lines once per
/// language (the register's "in the shop now").
pub fn progress_text(card: Card, stamps_per_card: u32, lang: Lang) -> String {
    let base = format!("{}/{}", card.stamps, stamps_per_card);
    match card.rewards_available() {
        0 => base,
        n => td_string!(lang, common.with_rewards, base, count = n).to_string(),
    }
}
