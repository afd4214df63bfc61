//! `/settings`: the owner's screen. Today: the staff, and adding a member of staff.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::text_field::{NewPinFields, TextField, problem_of};
use crate::functions::staff::{AddStaff, FormOutcome, get_kiosk};
use crate::lang::use_lang;
use crate::problems::Field;
use crate::shell::tr;
use joren::Role;

#[component]
pub fn Settings() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddStaff>::new();
    // Read again after each addition, so the list shows the new member.
    let kiosk = Resource::new(move || add.version().get(), |_| get_kiosk());

    let problems = Signal::derive(move || match add.value().get() {
        Some(Ok(FormOutcome::Invalid(problems))) => problems,
        _ => Vec::new(),
    });
    let saved = move || matches!(add.value().get(), Some(Ok(FormOutcome::Saved)));
    // After an addition the form is emptied, ready for the next person.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if saved()
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });
    let refused = move || matches!(add.value().get(), Some(Err(_)));

    let content = move || {
        Suspend::new(async move {
            let Ok(kiosk) = kiosk.await else {
                return view! { <p class="notice notice--error" role="alert">{move || tr(lang.get(), "読み込めませんでした。", "It could not be loaded.")}</p> }.into_any();
            };
            let owner_signed_in = kiosk
                .signed_in
                .as_ref()
                .is_some_and(|staff| staff.role == Role::Owner);
            if !owner_signed_in {
                return view! {
                    <section class="card card--narrow">
                        <h1>{move || tr(lang.get(), "オーナー専用の画面です", "For the owner only")}</h1>
                        <p>{move || tr(lang.get(), "オーナーがロックを解除すると開けます。", "The owner can open it after unlocking the kiosk.")}</p>
                        <a class="button button--primary" href="/">{move || tr(lang.get(), "はじめの画面へ", "Back to the start")}</a>
                    </section>
                }
                .into_any();
            }
            view! {
                <section class="card card--form" aria-labelledby="staff-title">
                    <h1 id="staff-title">{move || tr(lang.get(), "スタッフ", "Staff")}</h1>
                    <ul class="staff-list">
                        {kiosk.staff.into_iter().map(|member| view! {
                            <li>
                                {member.name.to_string()}
                                <span class="badge">{move || match member.role {
                                    Role::Owner => tr(lang.get(), "オーナー", "Owner"),
                                    Role::Staff => tr(lang.get(), "スタッフ", "Staff"),
                                }}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <h2>{move || tr(lang.get(), "スタッフを追加", "Add a member of staff")}</h2>
                    <ActionForm action=add node_ref=form attr:class="form" attr:novalidate=true>
                        <TextField
                            name="name"
                            label=Signal::derive(move || tr(lang.get(), "お名前（スタッフ一覧に表示）", "Name (shown in the staff list)").to_owned())
                            problem=problem_of(problems, Field::StaffName)
                        />
                        <NewPinFields problems min_digits=joren::Role::Staff.min_pin_digits()/>
                        <Show when=saved>
                            <p class="notice" role="status">{move || tr(lang.get(), "追加しました。", "Added.")}</p>
                        </Show>
                        <Show when=refused>
                            <p class="notice notice--error" role="alert">{move || tr(lang.get(), "追加できませんでした。ロックを解除し直してください。", "It could not be added. Please unlock the kiosk again.")}</p>
                        </Show>
                        <button type="submit" class="button button--primary" disabled=move || add.pending().get()>
                            {move || tr(lang.get(), "追加する", "Add")}
                        </button>
                    </ActionForm>
                    <a href="/">{move || tr(lang.get(), "レジに戻る", "Back to the register")}</a>
                </section>
            }
            .into_any()
        })
    };

    view! {
        <Title text=move || tr(lang.get(), "設定", "Settings")/>
        <main class="screen screen--centered">
            <Transition fallback=|| ()>{content}</Transition>
        </main>
    }
}
