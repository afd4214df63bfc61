//! The lock screen: the shop's sign and the staff picker. Nothing about any customer.

use crate::i18n::td_string;
use crate::words::called;
use joren::Staff;
use leptos::prelude::*;

use crate::components::icons::LockIcon;

use crate::components::keypad::Keypad;
use crate::components::language_switch::LanguageSwitch;
use crate::contexts::RefreshKiosk;
use crate::functions::staff::{Unlock, UnlockOutcome};
use crate::lang::use_lang;
use leptos_router::hooks::use_query_map;

/// What the lock screen's address says after a plain form's unlock did not unlock (see
/// `functions::staff::unlock`): who was chosen, and what happened.
fn from_address(staff: &[Staff]) -> (Option<Staff>, Option<Result<UnlockOutcome, ()>>) {
    let query = use_query_map();
    query.with_untracked(|query| {
        let chosen = query
            .get("staff")
            .and_then(|id| id.parse::<i64>().ok())
            .and_then(|id| staff.iter().find(|member| member.id.0 == id).cloned());
        let outcome = match (query.get("unlock").as_deref(), query.get("wait")) {
            (_, Some(wait)) => wait
                .parse()
                .ok()
                .map(|seconds| Ok(UnlockOutcome::Wait { seconds })),
            (Some("wrong"), None) => Some(Ok(UnlockOutcome::WrongPin)),
            (Some("failed"), None) => Some(Err(())),
            _ => None,
        };
        let outcome = outcome.filter(|_| chosen.is_some());
        (chosen, outcome)
    })
}

#[component]
pub fn LockScreen(shop_name: String, staff: Vec<Staff>) -> impl IntoView {
    let lang = use_lang();
    let refresh = expect_context::<RefreshKiosk>().0;
    let (chosen_before, outcome_before) = from_address(&staff);
    let chosen = RwSignal::new(chosen_before);
    let pin = RwSignal::new(String::new());
    let pin_field = NodeRef::<leptos::html::Input>::new();
    let unlock = ServerAction::<Unlock>::new();
    // The answer to this page's own unlock, else the one the address brought.
    let earlier = RwSignal::new(outcome_before);
    let outcome = move || match unlock.value().get() {
        Some(Ok(outcome)) => Some(Ok(outcome)),
        Some(Err(_)) => Some(Err(())),
        None => earlier.get(),
    };

    Effect::new(move |_| match unlock.value().get() {
        Some(Ok(UnlockOutcome::Unlocked)) => refresh.run(()),
        Some(Ok(UnlockOutcome::WrongPin | UnlockOutcome::Wait { .. })) => pin.set(String::new()),
        _ => {}
    });
    let wrong_pin = move || matches!(outcome(), Some(Ok(UnlockOutcome::WrongPin)));
    let failed = move || matches!(outcome(), Some(Err(())));
    let wait_seconds = move || match outcome() {
        Some(Ok(UnlockOutcome::Wait { seconds })) => Some(seconds),
        _ => None,
    };
    let on_submit = Callback::new(move |entered: String| {
        if let Some(staff) = chosen.get_untracked() {
            unlock.dispatch(Unlock {
                staff_id: staff.id.0,
                pin: entered,
            });
        }
    });
    let choose = move |staff: Staff| {
        pin.set(String::new());
        unlock.clear();
        earlier.set(None);
        chosen.set(Some(staff));
        // Digits typed on a hardware keyboard go to the PIN at once.
        request_animation_frame(move || {
            if let Some(field) = pin_field.get_untracked() {
                let _ = field.focus();
            }
        });
    };
    let keypad_label = Signal::derive(move || {
        let name = chosen.with(|c| c.as_ref().map(|s| s.name.to_string()).unwrap_or_default());
        td_string!(lang.get(), lock.pin_for, name = called(&name, lang.get())).to_string()
    });

    view! {
        <main class="screen lock">
            <section class="lock__sign" aria-labelledby="shop-name">
                <p class="wordmark" aria-hidden="true">
                    <span class="wordmark__kanji">"常連"</span>
                    <span class="wordmark__latin">"Joren"</span>
                </p>
                <h1 class="lock__shop" id="shop-name">{shop_name}</h1>
                <p class="lock__status" role="status">
                    <LockIcon/>
                    {move || td_string!(lang.get(), lock.locked)}
                </p>
            </section>

            <section class="lock__unlock" aria-labelledby="staff-picker-title">
                <h2 id="staff-picker-title" class="lock__prompt">
                    {move || td_string!(lang.get(), lock.tap_your_name_then_enter)}
                </h2>
                // Before the browser has taken over, a name is a link of a form: the lock
                // screen comes back with that person's keypad.
                <form method="get" action="/">
                <ul class="staff-picker" role="list">
                    {staff.into_iter().map(|member| {
                        let selected = {
                            let id = member.id;
                            move || chosen.with(|c| c.as_ref().map(|s| s.id) == Some(id))
                        };
                        let name = member.name.to_string();
                        view! {
                            <li>
                                <button
                                    type="submit"
                                    name="staff"
                                    value=member.id.0.to_string()
                                    class="staff-picker__name"
                                    aria-pressed=move || selected().to_string()
                                    on:click=move |event| {
                                        event.prevent_default();
                                        choose(member.clone());
                                    }
                                >
                                    {name}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                </form>
                <Show when=move || chosen.with(Option::is_some)>
                    <ActionForm action=unlock attr:class="lock__keypad">
                        <input type="hidden" name="staff_id" value=move || chosen.with(|c| c.as_ref().map(|s| s.id.0.to_string()).unwrap_or_default())/>
                        <h3 class="lock__keypad-title">{move || keypad_label.get()}</h3>
                        <Show when=wrong_pin>
                            <p class="notice notice--error" role="alert">
                                {move || td_string!(lang.get(), lock.that_pin_is_not_right)}
                            </p>
                        </Show>
                        {move || wait_seconds().map(|seconds| view! {
                            <p class="notice notice--error" role="alert">
                                {move || td_string!(lang.get(), lock.wait_after_wrong_pins, count = seconds).to_string()}
                            </p>
                        })}
                        <Show when=failed>
                            <p class="notice notice--error" role="alert">
                                {move || td_string!(lang.get(), lock.the_kiosk_could_not_be)}
                            </p>
                        </Show>
                        <Keypad value=pin on_submit label=keypad_label busy=unlock.pending() field=pin_field/>
                    </ActionForm>
                </Show>
            </section>

            <footer class="lock__footer">
                <LanguageSwitch/>
                <a class="lock__privacy" href="/privacy">{move || td_string!(lang.get(), lock.privacy_notice)}</a>
            </footer>
        </main>
    }
}
