//! The register: what staff see once they have unlocked the kiosk. Check-in on the left,
//! who is in the shop now on the right (stacked on a phone).

mod check_in;
mod follow_up;
mod in_the_shop;

use crate::i18n::td_string;
use crate::words::called;
use joren::{Role, Staff};
use leptos::prelude::*;

use crate::components::chime::{Sound, SoundSwitch};
use crate::components::icons::LockIcon;
use crate::components::idle_lock::IdleLock;
use crate::contexts::RefreshKiosk;
use crate::error::AppError;
use crate::functions::register::{RegisterView, get_register};
use crate::functions::staff::Lock;
use crate::lang::use_lang;

/// Bumped after every change at the register, so the lists read again.
#[derive(Clone, Copy)]
pub(crate) struct RegisterChanged(pub RwSignal<u32>);

impl RegisterChanged {
    /// Browser events (live updates, timers, answers) may arrive after the register has
    /// gone (locked, another screen): then there is nothing to read again.
    pub fn bump(self) {
        self.0.try_update(|n| *n += 1);
    }
}

/// "In the shop now", read once for the whole register: the list shows it, and "+ new
/// regular" offers its people as the one a newcomer came with.
#[derive(Clone, Copy)]
pub(crate) struct RegisterList {
    /// This is the list of everyone (`?present=all`), not only the newest.
    pub everyone: Memo<bool>,
    /// An answer to an older reading never replaces a newer one: the resource keeps only the
    /// answer to the latest question it asked.
    pub answer: Resource<Result<RegisterView, AppError>>,
}

impl RegisterList {
    /// Read again whenever the register changes ([`RegisterChanged`]).
    fn provide(changed: RegisterChanged) {
        let query = leptos_router::hooks::use_query_map();
        let everyone =
            Memo::new(move |_| query.with(|query| query.get("present").as_deref() == Some("all")));
        let answer = Resource::new(
            move || (changed.0.get(), everyone.get()),
            |(_, everyone)| get_register(everyone),
        );
        provide_context(RegisterList { everyone, answer });
    }
}

/// What a refused call means for the register: the kiosk locked itself (idle, or on another
/// tablet's "lock"), so the lock screen is shown again. Made while the screen is built, so it
/// can be called from anywhere later.
pub(crate) fn lock_screen_on_refusal() -> impl Fn(&AppError) + Copy + 'static {
    let refresh = use_context::<RefreshKiosk>().map(|refresh| refresh.0);
    move |error: &AppError| {
        if *error == AppError::Locked
            && let Some(refresh) = refresh
        {
            refresh.try_run(());
        }
    }
}

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
    let changed = RegisterChanged(RwSignal::new(0));
    provide_context(changed);
    RegisterList::provide(changed);
    Sound::provide();
    let role = staff.role;
    let name = staff.name.to_string();
    let greeting = name.clone();

    view! {
        <IdleLock
            after=std::time::Duration::from_secs(u64::from(idle_lock_minutes) * 60)
            on_idle=lock_now
        />
        <div class="register">
            <header class="topbar">
                <p class="topbar__shop">{shop_name}</p>
                <p class="topbar__staff">
                    <span class="visually-hidden">{move || td_string!(lang.get(), register.signed_in)}</span>
                    {name}
                    <span class="badge">
                        {move || match role {
                            Role::Owner => td_string!(lang.get(), register.owner),
                            Role::Staff => td_string!(lang.get(), register.staff),
                        }}
                    </span>
                </p>
                <a class="button" href="/introduce">{move || td_string!(lang.get(), register.introduce_2)}</a>
                {(role == Role::Owner).then(|| view! {
                    <a class="button" href="/insights">{move || td_string!(lang.get(), register.insights)}</a>
                    <a class="button" href="/settings">{move || td_string!(lang.get(), register.settings)}</a>
                })}
                <SoundSwitch/>
                <ActionForm action=lock>
                    <button type="submit" class="button topbar__lock">
                        <LockIcon/>
                        {move || td_string!(lang.get(), register.lock)}
                    </button>
                </ActionForm>
            </header>
            <h1 class="visually-hidden">{move || td_string!(lang.get(), register.hello, name = called(&greeting, lang.get())).to_string()}</h1>
            <main class="register__main">
                <check_in::CheckInPanel/>
                <in_the_shop::InTheShop/>
            </main>
        </div>
    }
}
