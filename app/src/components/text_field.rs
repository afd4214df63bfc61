use leptos::prelude::*;

/// A labelled text input with its problem shown under it and announced.
#[component]
pub fn TextField(
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    problem: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = false)] numeric: bool,
    #[prop(default = "off")] autocomplete: &'static str,
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
            />
            <p class="field__problem" id=problem_id>{move || problem.get()}</p>
        </div>
    }
}
