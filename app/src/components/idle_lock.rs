use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;

/// Calls `on_idle` once nobody has touched the screen or pressed a key for `after`.
/// The server enforces the same limit on its side; this makes the screen follow at once.
#[component]
pub fn IdleLock(after: Duration, on_idle: Callback<()>) -> impl IntoView {
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| {
        let idle_seconds = StoredValue::new(0_u64);
        let limit = after.as_secs().max(1);
        let reset = move || {
            idle_seconds.try_set_value(0);
        };
        let listeners = [
            window_event_listener(ev::pointerdown, move |_| reset()),
            window_event_listener(ev::keydown, move |_| reset()),
        ];
        let ticker = set_interval_with_handle(
            move || {
                // `None` once the screen has gone and its timer is being cleared.
                let seconds = idle_seconds.try_update_value(|seconds| {
                    *seconds += 1;
                    *seconds
                });
                if seconds == Some(limit) {
                    on_idle.try_run(());
                }
            },
            Duration::from_secs(1),
        )
        .ok();
        on_cleanup(move || {
            for listener in listeners {
                listener.remove();
            }
            if let Some(ticker) = ticker {
                ticker.clear();
            }
        });
    });
}
