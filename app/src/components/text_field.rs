use crate::i18n::td_string;
use leptos::prelude::*;

use crate::error::AppError;
use crate::functions::staff::FormOutcome;
use crate::lang::use_lang;
use crate::markup::escape;
use crate::problems::{Field, FieldProblem};

/// The message for one field, from the problems the server found in the form.
pub fn problem_of(problems: Signal<Vec<FieldProblem>>, field: Field) -> Signal<Option<String>> {
    let lang = use_lang();
    Signal::derive(move || {
        problems.with(|all| {
            all.iter()
                .find(|problem| problem.field == field)
                .map(|problem| problem.problem.message(lang.get()))
        })
    })
}

/// What a form's last submission came to, as the form shows it.
#[derive(Clone, Copy)]
pub struct FormState {
    /// Each field's problem, when the server found any.
    pub problems: Signal<Vec<FieldProblem>>,
    pub saved: Signal<bool>,
    /// The server refused or failed (a locked kiosk, a lost connection).
    pub refused: Signal<bool>,
}

impl FormState {
    /// Reads a form action's last answer: `FormState::of(action.value().into())`.
    pub fn of(answer: Signal<Option<Result<FormOutcome, AppError>>>) -> Self {
        FormState {
            problems: Signal::derive(move || match answer.get() {
                Some(Ok(FormOutcome::Invalid(problems))) => problems,
                _ => Vec::new(),
            }),
            saved: Signal::derive(move || matches!(answer.get(), Some(Ok(FormOutcome::Saved)))),
            refused: Signal::derive(move || matches!(answer.get(), Some(Err(_)))),
        }
    }
}

/// A new PIN, typed twice side by side (fields `pin` and `pin_again`).
#[component]
pub fn NewPinFields(problems: Signal<Vec<FieldProblem>>, min_digits: usize) -> impl IntoView {
    let lang = use_lang();
    let pin_label = Signal::derive(move || {
        td_string!(lang.get(), common.pin_with_min_digits, min_digits).to_string()
    });
    view! {
        <div class="form__row">
            <TextField
                name="pin"
                label=pin_label
                problem=problem_of(problems, Field::Pin)
                input_type="password"
                numeric=true
                autocomplete="new-password"
            />
            <TextField
                name="pin_again"
                label=Signal::derive(move || td_string!(lang.get(), common.pin_again).to_owned())
                problem=problem_of(problems, Field::PinAgain)
                input_type="password"
                numeric=true
                autocomplete="new-password"
            />
        </div>
    }
}

/// A labelled text input with its problem shown under it and announced.
#[component]
pub fn TextField(
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    problem: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = false)] numeric: bool,
    #[prop(default = "off")] autocomplete: &'static str,
    /// What the field holds when the form is shown (an edit form's saved value).
    #[prop(optional, into)]
    value: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let problem_id = format!("{id}-problem");
    view! {
        <div class="field" class:field--invalid=move || problem.get().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            <input
                id=id
                name=name
                type=input_type
                inputmode=numeric.then_some("numeric")
                autocomplete=autocomplete
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=problem_id.clone()
                value=value
            />
            <p class="field__problem" id=problem_id>{move || problem.get()}</p>
        </div>
    }
}

/// A labelled multi-line field with its problem shown under it and announced.
#[component]
pub fn TextArea(
    name: &'static str,
    label: Signal<String>,
    problem: Signal<Option<String>>,
    value: String,
    rows: u32,
) -> impl IntoView {
    let id = format!("field-{name}");
    let problem_id = format!("{id}-problem");
    view! {
        <div class="field" class:field--invalid=move || problem.get().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            <TextAreaControl id=id name=name rows=rows text=value problem problem_id=problem_id.clone()/>
            <p class="field__problem" id=problem_id>{move || problem.get()}</p>
        </div>
    }
}

/// The app's one `<textarea>`, showing `text` when the form is shown; every multi-line field
/// is this one. Further attributes (`attr:lang`, `prop:value`, `on:input`) pass on to it.
///
/// The browser reads everything up to `</textarea>` as the field's text, so Leptos writes a
/// textarea's children into the server's HTML unescaped, and leaves them alone on hydration:
/// a note that says `</textarea><p>` would end the field and add an element. So the text
/// goes in through [`starting_text`]. A test (app/tests/raw_markup.rs) keeps any other
/// `<textarea` out of app/src.
#[component]
pub fn TextAreaControl(
    id: String,
    name: &'static str,
    rows: u32,
    text: String,
    problem: Signal<Option<String>>,
    problem_id: String,
) -> impl IntoView {
    view! {
        <textarea
            id=id
            name=name
            rows=rows
            aria-invalid=move || problem.get().is_some().to_string()
            aria-describedby=problem_id
        >{starting_text(text)}</textarea>
    }
}

/// A textarea's text as its child: escaped in the server's HTML, where Leptos writes it as
/// it is; as it is in the browser, which makes it a text node (a page rendered there, after
/// a link was followed). Hydration keeps the server's text.
fn starting_text(text: String) -> String {
    if cfg!(feature = "ssr") {
        // The HTML parser drops one line break right after `<textarea>`: this one, so that
        // a text that starts with a line break keeps it.
        format!("\n{}", escape(&text))
    } else {
        text
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_servers_textarea_text_cannot_end_the_textarea() {
        assert_eq!(
            starting_text("</textarea><p id=\"x\">Tom & Jerry's".to_owned()),
            "\n&lt;/textarea&gt;&lt;p id=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s"
        );
        assert_eq!(starting_text("\nsecond line".to_owned()), "\n\nsecond line");
        assert_eq!(starting_text(String::new()), "\n");
    }

    #[test]
    fn the_textarea_is_written_with_its_text_escaped() {
        let html = Owner::new_root(None).with(|| {
            view! {
                <TextAreaControl
                    id="field-notes".to_owned()
                    name="notes"
                    rows=2
                    text="</textarea><meta http-equiv=\"refresh\">".to_owned()
                    problem=Signal::stored(None)
                    problem_id="field-notes-problem".to_owned()
                />
            }
            .to_html()
        });
        assert_eq!(
            html,
            "<textarea id=\"field-notes\" name=\"notes\" rows=\"2\" aria-invalid=\"false\" \
             aria-describedby=\"field-notes-problem\">\n&lt;/textarea&gt;&lt;meta \
             http-equiv=&quot;refresh&quot;&gt;</textarea>"
        );
    }
}
