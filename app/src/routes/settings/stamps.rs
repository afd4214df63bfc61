//! The stamp card's rules: stamps per card, the reward, the gap between two stamps, how long
//! a checked-in regular counts as in the shop, and the thank-you stamp for bringing a newcomer.

use crate::i18n::td_string;
use joren::loyalty::{StampRules, StampRulesDraft};
use leptos::prelude::*;

use super::SettingsChanged;
use crate::components::text_field::{FormState, TextField, problem_of};
use crate::functions::settings::SaveStampRules;
use crate::lang::{Text, use_lang};
use crate::problems::Field;

#[component]
pub fn StampsSection(rules: StampRulesDraft) -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<SettingsChanged>();
    let save = ServerAction::<SaveStampRules>::new();
    let FormState {
        problems,
        saved,
        refused,
    } = FormState::of(save.value().into());
    Effect::new(move |_| {
        if saved.get() {
            changed.bump();
        }
    });
    let range = move |label: Text, range: std::ops::RangeInclusive<u32>| {
        Signal::derive(move || {
            let lang = lang.get();
            td_string!(
                lang,
                settings.range_label,
                label = label(lang),
                min = range.start(),
                max = range.end()
            )
            .to_string()
        })
    };

    view! {
        <section class="card card--form" aria-labelledby="stamps-title">
            <h2 id="stamps-title">{move || td_string!(lang.get(), settings.stamp_card)}</h2>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <div class="form__row">
                    <TextField
                        name="stamps_per_card"
                        label=range(|l| td_string!(l, settings.stamps_per_card), StampRules::STAMPS_PER_CARD)
                        problem=problem_of(problems, Field::StampsPerCard)
                        numeric=true
                        value=rules.stamps_per_card
                    />
                    <TextField
                        name="reward"
                        label=Signal::derive(move || td_string!(lang.get(), settings.reward).to_owned())
                        problem=problem_of(problems, Field::Reward)
                        value=rules.reward
                    />
                </div>
                <div class="form__row">
                    <TextField
                        name="min_gap_minutes"
                        label=range(|l| td_string!(l, settings.minutes_between_two_stamps), StampRules::MIN_GAP_MINUTES)
                        problem=problem_of(problems, Field::MinGap)
                        numeric=true
                        value=rules.min_gap_minutes
                    />
                    <TextField
                        name="presence_minutes"
                        label=range(|l| td_string!(l, settings.minutes_shown_as_in_the_shop), StampRules::PRESENCE_MINUTES)
                        problem=problem_of(problems, Field::Presence)
                        numeric=true
                        value=rules.presence_minutes
                    />
                </div>
                <label class="check">
                    <input type="checkbox" name="thank_you_stamp" value="yes" checked=rules.thank_you_stamp/>
                    {move || td_string!(lang.get(), settings.thank_you_stamp_label)}
                </label>
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || td_string!(lang.get(), settings.saved)}</p>
                </Show>
                <Show when=move || refused.get()>
                    <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), settings.it_could_not_be_saved)}</p>
                </Show>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>
                    {move || td_string!(lang.get(), settings.save)}
                </button>
            </ActionForm>
        </section>
    }
}
