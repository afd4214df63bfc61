//! The register: what staff see once they have unlocked the kiosk.

use joren::{Role, Staff};
use leptos::prelude::*;

use crate::components::icons::LockIcon;

use crate::components::idle_lock::IdleLock;
use crate::functions::staff::Lock;
use crate::lang::use_lang;
use crate::routes::kiosk::RefreshKiosk;
use crate::shell::tr;

#[component]
pub fn Register(shop_name: String, staff: Staff, idle_lock_minutes: u32) -> impl IntoView {
    let lang = use_lang();
    let refresh = expect_context::<RefreshKiosk>().0;
    let lock = ServerAction::<Lock>::new();
    Effect::new(move |_| {
        if lock.value().get().is_some() {
            refresh.run(());
        }
    });
    let lock_now = Callback::new(move |()| {
        lock.dispatch(Lock {});
    });
    let role = staff.role;
    let name = staff.name.to_string();

    view! {
        <IdleLock
            after=std::time::Duration::from_secs(u64::from(idle_lock_minutes) * 60)
            on_idle=lock_now
        />
        <div class="register">
            <header class="topbar">
                <p class="topbar__shop">{shop_name}</p>
                <p class="topbar__staff">
                    <span class="visually-hidden">{move || tr(lang.get(), "担当：", "Signed in: ")}</span>
                    {name.clone()}
                    <span class="badge">
                        {move || match role {
                            Role::Owner => tr(lang.get(), "オーナー", "Owner"),
                            Role::Staff => tr(lang.get(), "スタッフ", "Staff"),
                        }}
                    </span>
                </p>
                {(role == Role::Owner).then(|| view! {
                    <a class="button" href="/settings">{move || tr(lang.get(), "設定", "Settings")}</a>
                })}
                <button type="button" class="button" on:click=move |_| lock_now.run(())>
                    <LockIcon/>
                    {move || tr(lang.get(), "ロックする", "Lock")}
                </button>
            </header>
            <main class="screen register__main">
                <h1>{move || match lang.get() {
                    crate::lang::Lang::Ja => format!("{name}さん、おつかれさまです"),
                    crate::lang::Lang::En => format!("Hello, {name}"),
                }}</h1>
            </main>
        </div>
    }
}
