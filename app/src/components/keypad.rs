use crate::i18n::td_string;
use leptos::prelude::*;

use crate::lang::{Lang, use_lang};

/// A large numeric keypad for PINs, with dots for the digits entered so far.
/// A hardware keyboard works too: digits, Backspace and Enter.
#[component]
pub fn Keypad(
    /// The digits entered so far.
    value: RwSignal<String>,
    /// Called with the PIN when the person presses OK or Enter.
    on_submit: Callback<String>,
    /// The label read out for the keypad (e.g. "みどりさんのPIN").
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    const MAX_DIGITS: usize = 12;
    let press = move |digit: char| {
        value.update(|pin| {
            if pin.len() < MAX_DIGITS {
                pin.push(digit);
            }
        })
    };
    let backspace = move || {
        value.update(|pin| {
            pin.pop();
        })
    };
    let submit = move || {
        let pin = value.get_untracked();
        if !pin.is_empty() && !busy.get_untracked() {
            on_submit.run(pin);
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
        key if key.len() == 1 && key.chars().all(|c| c.is_ascii_digit()) => {
            press(key.chars().next().unwrap_or('0'))
        }
        "Backspace" => backspace(),
        "Enter" => submit(),
        _ => {}
    };
    let digit = move |d: char| {
        view! {
            <button type="button" class="keypad__key" on:click=move |_| press(d)>
                {d.to_string()}
            </button>
        }
    };

    view! {
        <div class="keypad" role="group" aria-label=move || label.get() tabindex="0" on:keydown=on_keydown>
            <p class="keypad__dots" aria-live="polite">
                <span class="visually-hidden">
                    {move || entered_text(lang.get(), value.with(String::len))}
                </span>
                {move || {
                    let n = value.with(String::len);
                    (0..n.max(4)).map(|i| view! {
                        <span class="keypad__dot" class:keypad__dot--filled=move || i < n aria-hidden="true"></span>
                    }).collect_view()
                }}
            </p>
            <div class="keypad__grid">
                {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit)}
                <button
                    type="button"
                    class="keypad__key keypad__key--quiet"
                    aria-label=move || td_string!(lang.get(), common.delete_one_digit)
                    on:click=move |_| backspace()
                >
                    "⌫"
                </button>
                {digit('0')}
                <button
                    type="button"
                    class="keypad__key keypad__key--ok"
                    disabled=move || busy.get() || value.with(String::is_empty)
                    aria-busy=move || busy.get().then_some("true")
                    on:click=move |_| submit()
                >
                    "OK"
                </button>
            </div>
        </div>
    }
}

fn entered_text(lang: Lang, digits: usize) -> String {
    td_string!(lang, common.digits_entered, count = digits).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digit_count_is_worded_with_the_languages_plural_rules() {
        assert_eq!(entered_text(Lang::en, 1), "1 digit entered");
        assert_eq!(entered_text(Lang::en, 4), "4 digits entered");
        assert_eq!(entered_text(Lang::ja, 1), "1桁入力済み");
        assert_eq!(entered_text(Lang::ja, 4), "4桁入力済み");
    }
}
