use leptos::prelude::*;

/// A wide table that scrolls sideways on a narrow screen. It can take the keyboard's focus
/// (so that the arrow keys scroll it) and is named by the heading of its section, which a
/// screen reader says when the focus arrives. A group, not a region: the section around it is
/// the landmark.
#[component]
pub fn TableScroll(#[prop(into)] labelled_by: String, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="group" aria-labelledby=labelled_by>
            {children()}
        </div>
    }
}
