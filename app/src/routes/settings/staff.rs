//! The staff list, and adding a member of staff.

use crate::i18n::td_string;
use joren::Role;
use leptos::prelude::*;

use crate::components::after_hydration::AfterHydration;

use super::{SettingsChanged, SettingsLists};
use crate::components::text_field::{FormState, NewPinFields, TextField, problem_of};
use crate::functions::staff::AddStaff;
use crate::lang::use_lang;
use crate::problems::Field;

#[component]
pub fn StaffSection() -> impl IntoView {
    let lang = use_lang();
    let changed = expect_context::<SettingsChanged>();
    let add = ServerAction::<AddStaff>::new();
    let staff = expect_context::<SettingsLists>().0;

    let FormState {
        problems,
        saved,
        refused,
    } = FormState::of(add.value().into());
    // After an addition the list is read again and the form emptied for the next person.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if saved.get()
            && let Some(form) = form.get()
        {
            form.reset();
            changed.bump();
        }
    });

    view! {
        <section class="card card--form settings__staff" aria-labelledby="staff-title">
            <h2 id="staff-title">{move || td_string!(lang.get(), settings.staff)}</h2>
            <AfterHydration><Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let members = staff.await.map(|settings| settings.staff).unwrap_or_default();
                    view! {
                        <ul class="staff-list">
                            {members.into_iter().map(|member| view! {
                                <li>
                                    {member.name.to_string()}
                                    <span class="badge">{move || match member.role {
                                        Role::Owner => td_string!(lang.get(), settings.owner),
                                        Role::Staff => td_string!(lang.get(), settings.staff),
                                    }}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Transition></AfterHydration>
            <h3>{move || td_string!(lang.get(), settings.add_a_member_of_staff)}</h3>
            <ActionForm action=add node_ref=form attr:class="form" attr:novalidate=true>
                <TextField
                    name="name"
                    label=Signal::derive(move || td_string!(lang.get(), settings.name_shown_in_the_staff).to_owned())
                    problem=problem_of(problems, Field::StaffName)
                />
                <NewPinFields problems min_digits=joren::Role::Staff.min_pin_digits()/>
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || td_string!(lang.get(), settings.added)}</p>
                </Show>
                <Show when=move || refused.get()>
                    <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), settings.it_could_not_be_added)}</p>
                </Show>
                <button type="submit" class="button button--primary" disabled=move || add.pending().get() aria-busy=move || add.pending().get().then_some("true")>
                    {move || td_string!(lang.get(), settings.add)}
                </button>
            </ActionForm>
        </section>
    }
}
