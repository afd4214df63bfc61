//! The lock screen: the shop's sign and the staff picker. Nothing about any customer.

use crate::i18n::td_string;
use joren::Staff;
use leptos::prelude::*;

use crate::components::icons::LockIcon;

use crate::components::keypad::Keypad;
use crate::components::language_switch::LanguageSwitch;
use crate::functions::staff::{Unlock, UnlockOutcome};
use crate::lang::use_lang;
use crate::routes::kiosk::RefreshKiosk;

#[component]
pub fn LockScreen(shop_name: String, staff: Vec<Staff>) -> impl IntoView {
    let lang = use_lang();
    let refresh = expect_context::<RefreshKiosk>().0;
    let chosen = RwSignal::new(None::<Staff>);
    let pin = RwSignal::new(String::new());
    let unlock = ServerAction::<Unlock>::new();

    Effect::new(move |_| match unlock.value().get() {
        Some(Ok(UnlockOutcome::Unlocked)) => refresh.run(()),
        Some(Ok(UnlockOutcome::WrongPin | UnlockOutcome::Wait { .. })) => pin.set(String::new()),
        _ => {}
    });
    let wrong_pin = move || matches!(unlock.value().get(), Some(Ok(UnlockOutcome::WrongPin)));
    let failed = move || matches!(unlock.value().get(), Some(Err(_)));
    let wait_seconds = move || match unlock.value().get() {
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
        chosen.set(Some(staff));
    };
    let keypad_label = Signal::derive(move || {
        let name = chosen.with(|c| c.as_ref().map(|s| s.name.to_string()).unwrap_or_default());
        td_string!(lang.get(), lock.pin_for, name).to_string()
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
                                    type="button"
                                    class="staff-picker__name"
                                    aria-pressed=move || selected().to_string()
                                    on:click=move |_| choose(member.clone())
                                >
                                    {name}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <Show when=move || chosen.with(Option::is_some)>
                    <div class="lock__keypad">
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
                        <Keypad value=pin on_submit label=keypad_label busy=unlock.pending()/>
                    </div>
                </Show>
            </section>

            <footer class="lock__footer">
                <LanguageSwitch/>
                <a class="lock__privacy" href="/privacy">{move || td_string!(lang.get(), lock.privacy_notice)}</a>
            </footer>
        </main>
    }
}
