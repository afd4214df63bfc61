use crate::i18n::td_string;
use leptos::prelude::*;

use crate::lang::{Lang, use_lang};

/// The longest PIN the keypad takes.
const MAX_DIGITS: usize = 12;

/// A large numeric keypad for PINs, inside the form that sends it (its OK is the form's
/// submit button, its digits a password field named `pin`).
///
/// Before the wasm has arrived the field is the keypad: the tablet's own number pad types into
/// it and OK posts the form. Once the browser has taken over, the big keys type into the field
/// and the tablet's own keyboard stays closed. A hardware keyboard works in both: digits,
/// Backspace and Enter.
#[component]
pub fn Keypad(
    /// The digits entered so far.
    value: RwSignal<String>,
    /// Called with the PIN on Enter while a key (not the field) has the focus.
    on_submit: Callback<String>,
    /// The label read out for the keypad (e.g. "みどりさんのPIN").
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] busy: Signal<bool>,
    /// The PIN field, so the screen can put the focus on it.
    field: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let lang = use_lang();
    // Effects run only in the browser, once it has taken over. The field then shows the
    // digits entered with the big keys; digits typed into it before are kept, not cleared.
    let hydrated = RwSignal::new(false);
    Effect::new(move |taken_over: Option<()>| {
        hydrated.set(true);
        let digits = value.get();
        let Some(field) = field.get() else { return };
        if taken_over.is_none() && digits.is_empty() && !field.value().is_empty() {
            value.set(only_digits(&field.value()));
        } else if field.value() != digits {
            field.set_value(&digits);
        }
    });
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
    let typed = move |event: leptos::ev::Event| {
        let digits = only_digits(&event_target_value(&event));
        // The field shows only digits, even when something else was pasted or typed.
        if let Some(field) = field.get_untracked() {
            field.set_value(&digits);
        }
        value.set(digits);
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
        // The field types by itself, and Enter in it submits its form.
        _ if field
            .get_untracked()
            .is_some_and(|field| event.target() == Some(field.into())) => {}
        key if key.len() == 1 && key.chars().all(|c| c.is_ascii_digit()) => {
            press(key.chars().next().unwrap_or('0'))
        }
        "Backspace" => backspace(),
        "Enter" => submit(),
        _ => {}
    };
    let digit = move |d: char| {
        view! {
            <button type="button" class="keypad__key keypad__key--digit" on:click=move |_| press(d)>
                {d.to_string()}
            </button>
        }
    };

    view! {
        <div class="keypad" role="group" aria-label=move || label.get() tabindex="0" on:keydown=on_keydown>
            <p class="visually-hidden" aria-live="polite">
                {move || entered_text(lang.get(), value.with(String::len))}
            </p>
            <input
                node_ref=field
                class="keypad__pin"
                type="password"
                name="pin"
                autocomplete="off"
                autofocus=true
                required=true
                maxlength="12"
                pattern="[0-9]*"
                // The tablet's number pad until the big keys work, then no keyboard at all.
                inputmode=move || if hydrated.get() { "none" } else { "numeric" }
                aria-label=move || label.get()
                on:input=typed
            />
            <div class="keypad__grid">
                {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit)}
                <button
                    type="button"
                    class="keypad__key keypad__key--digit keypad__key--quiet"
                    aria-label=move || td_string!(lang.get(), common.delete_one_digit)
                    on:click=move |_| backspace()
                >
                    "⌫"
                </button>
                {digit('0')}
                <button
                    type="submit"
                    class="keypad__key keypad__key--ok"
                    // Before the browser has taken over, the field's digits are not seen here.
                    disabled=move || busy.get() || (hydrated.get() && value.with(String::is_empty))
                    aria-busy=move || busy.get().then_some("true")
                >
                    "OK"
                </button>
            </div>
        </div>
    }
}

fn only_digits(typed: &str) -> String {
    typed
        .chars()
        .filter(char::is_ascii_digit)
        .take(MAX_DIGITS)
        .collect()
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
