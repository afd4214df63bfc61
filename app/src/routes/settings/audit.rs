//! The audit log: who did what to whose data, when, newest first.

use joren::audit::AuditAction;
use leptos::prelude::*;

use crate::components::after_hydration::AfterHydration;
use crate::components::table_scroll::TableScroll;

use crate::functions::settings::{AuditLine, get_audit_log};
use crate::lang::{Lang, use_lang};
use crate::shell::tr;

#[component]
pub fn AuditSection() -> impl IntoView {
    let lang = use_lang();
    // `None`: the newest page; `Some(id)`: the page of entries older than `id`.
    let before = RwSignal::new(None::<i64>);
    let changed = expect_context::<super::SettingsChanged>();
    // Read in the browser once the page is up: the log changes with every action, and a
    // list that is not part of the server's page cannot disagree with it while hydrating.
    let page = LocalResource::new(move || {
        let before = before.get();
        changed.0.track();
        get_audit_log(before)
    });

    let lines = move || {
        Suspend::new(async move {
            let Ok(page) = page.await else {
                return view! { <p class="notice notice--error" role="alert">{move || tr(lang.get(), "読み込めませんでした。", "It could not be loaded.")}</p> }.into_any();
            };
            let older = page.older;
            // This page was read for this value of `before`: no signal is needed inside it.
            let paged = before.get_untracked().is_some();
            let empty = page.lines.is_empty();
            // The buttons that apply, as one list: two optional siblings side by side do not
            // hydrate reliably.
            let mut pager = Vec::new();
            if paged {
                pager.push(
                    view! {
                        <button type="button" class="button" on:click=move |_| before.set(None)>
                            {move || tr(lang.get(), "最新に戻る", "Back to the newest")}
                        </button>
                    }
                    .into_any(),
                );
            }
            if let Some(older) = older {
                pager.push(view! {
                    <button type="button" class="button" on:click=move |_| before.set(Some(older))>
                        {move || tr(lang.get(), "さらに古い記録", "Older entries")}
                    </button>
                }.into_any());
            }
            view! {
                {empty.then(|| view! { <p class="muted">{move || tr(lang.get(), "まだ記録はありません。", "Nothing recorded yet.")}</p> })}
                <TableScroll labelled_by="audit-title">
                    <table class="audit">
                        <thead>
                            <tr>
                                <th scope="col">{move || tr(lang.get(), "日時", "When")}</th>
                                <th scope="col">{move || tr(lang.get(), "だれが", "Who")}</th>
                                <th scope="col">{move || tr(lang.get(), "なにを", "What")}</th>
                                <th scope="col">{move || tr(lang.get(), "お客さま", "Customer")}</th>
                                <th scope="col">{move || tr(lang.get(), "詳細", "Detail")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.lines.into_iter().map(|line| audit_row(line, lang)).collect_view()}
                        </tbody>
                    </table>
                </TableScroll>
                <div class="audit__pages">{pager}</div>
            }
            .into_any()
        })
    };

    view! {
        <section class="card card--form settings__audit" aria-labelledby="audit-title">
            <h2 id="audit-title">{move || tr(lang.get(), "操作の記録", "Audit log")}</h2>
            <p class="muted">{move || tr(
                lang.get(),
                "スタッフがお客さまの情報や設定に対して行ったことの記録です。消したり書き換えたりはできません。",
                "What staff did to customers' data and to the settings. It cannot be edited or deleted.",
            )}</p>
            <AfterHydration><Transition fallback=|| ()>{lines}</Transition></AfterHydration>
        </section>
    }
}

fn audit_row(line: AuditLine, lang: RwSignal<Lang>) -> impl IntoView {
    let action = line.action;
    view! {
        <tr>
            <td class="audit__time">{line.at}</td>
            <td>{line.by.unwrap_or_else(|| "—".to_owned())}</td>
            <td>{move || action_words(action, lang.get())}</td>
            <td>{line.regular}</td>
            <td class="audit__detail">{(!line.detail.is_empty()).then_some(line.detail)}</td>
        </tr>
    }
}

pub(crate) fn action_words(action: AuditAction, lang: Lang) -> &'static str {
    match action {
        AuditAction::FirstStart => tr(lang, "初期設定", "First start"),
        AuditAction::Unlocked => tr(lang, "ロック解除", "Unlocked"),
        AuditAction::LockedOut => tr(lang, "PINの入力を一時停止", "PIN entry paused"),
        AuditAction::LockoutCleared => tr(lang, "待機を解除", "Wait cleared"),
        AuditAction::StaffAdded => tr(lang, "スタッフを追加", "Staff added"),
        AuditAction::SettingsChanged => tr(lang, "設定を変更", "Settings changed"),
        AuditAction::RegularCreated => tr(lang, "常連さんを登録", "Regular added"),
        AuditAction::RegularEdited => tr(lang, "常連さんの情報を変更", "Regular edited"),
        AuditAction::CheckedIn => tr(lang, "チェックイン", "Checked in"),
        AuditAction::CheckInUndone => tr(lang, "チェックインを取り消し", "Check-in undone"),
        AuditAction::MarkedLeft => tr(lang, "退店", "Left"),
        AuditAction::RewardRedeemed => tr(lang, "特典を利用", "Reward redeemed"),
        AuditAction::Introduced => tr(lang, "紹介", "Introduced"),
        AuditAction::OutcomeRecorded => tr(lang, "紹介のその後を記録", "Introduction followed up"),
        AuditAction::Erased => tr(lang, "個人データを消去", "Personal data erased"),
        AuditAction::Exported => tr(lang, "全データを書き出し", "All data exported"),
    }
}
