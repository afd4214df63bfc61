//! Live updates in the browser: the register listens to the server's `/events` stream and
//! reads "in the shop now" again the moment another tablet changed it. The browser's
//! `EventSource` reconnects by itself after a network drop; while it is away the screen says
//! so, and on its return the list is read again, since changes made meanwhile were not sent.

use leptos::prelude::*;

/// Where the server sends the register's events, and the event's name.
pub const EVENTS_PATH: &str = "/events";
pub const IN_THE_SHOP: &str = "in-the-shop";

/// Whether the live updates reach this tablet right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Live,
    /// The stream dropped; the browser is trying again.
    Reconnecting,
}

/// Calls `changed` whenever the shop's register changed elsewhere (and after each
/// reconnection); the signal tells whether the updates reach the tablet. On the server, and
/// before hydration, it stays `Live` and nothing is listened to.
pub fn use_live_updates(changed: impl Fn() + Clone + 'static) -> ReadSignal<Connection> {
    let (connection, set_connection) = signal(Connection::Live);
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let listener = browser::Listener::start(changed.clone(), set_connection);
            let listener = send_wrapper::SendWrapper::new(listener);
            on_cleanup(move || listener.take().stop());
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (&changed, set_connection);
        }
    });
    connection
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::EventSource;

    use super::{Connection, EVENTS_PATH, IN_THE_SHOP};

    /// After the server refused or closed the stream (the browser does not retry then), the
    /// tablet asks again after this long.
    const REOPEN_AFTER: Duration = Duration::from_secs(3);

    /// The open stream and its handlers; dropped (and closed) when the register goes away.
    pub struct Listener {
        inner: Rc<Inner>,
    }

    /// A handler the stream calls; kept alive as long as the stream is.
    type Handler = Closure<dyn FnMut(web_sys::Event)>;

    struct Inner {
        source: RefCell<Option<EventSource>>,
        handlers: RefCell<Vec<Handler>>,
        stopped: Cell<bool>,
        /// Whether the stream was open once: a later opening is a reconnection.
        opened_before: Cell<bool>,
    }

    impl Listener {
        pub fn start(
            changed: impl Fn() + Clone + 'static,
            connection: WriteSignal<Connection>,
        ) -> Self {
            let inner = Rc::new(Inner {
                source: RefCell::new(None),
                handlers: RefCell::new(Vec::new()),
                stopped: Cell::new(false),
                opened_before: Cell::new(false),
            });
            open(&inner, Rc::new(changed), connection);
            Self { inner }
        }

        pub fn stop(self) {
            self.inner.stopped.set(true);
            if let Some(source) = self.inner.source.borrow_mut().take() {
                source.close();
            }
            self.inner.handlers.borrow_mut().clear();
        }
    }

    fn open(inner: &Rc<Inner>, changed: Rc<dyn Fn()>, connection: WriteSignal<Connection>) {
        if inner.stopped.get() {
            return;
        }
        let Ok(source) = EventSource::new(EVENTS_PATH) else {
            connection.set(Connection::Reconnecting);
            return;
        };
        let on_change = {
            let changed = changed.clone();
            Handler::new(move |_| changed())
        };
        let on_open = {
            let (inner, changed) = (Rc::clone(inner), changed.clone());
            Handler::new(move |_| {
                connection.set(Connection::Live);
                if inner.opened_before.replace(true) {
                    changed();
                }
            })
        };
        let on_error = {
            let (weak, changed) = (Rc::downgrade(inner), changed.clone());
            Handler::new(move |_| {
                connection.set(Connection::Reconnecting);
                let Some(inner) = weak.upgrade() else { return };
                let closed = inner
                    .source
                    .borrow()
                    .as_ref()
                    .is_none_or(|source| source.ready_state() == EventSource::CLOSED);
                if closed && !inner.stopped.get() {
                    // The browser gave up on this stream (the server refused or stopped):
                    // open a new one after a while.
                    let changed = changed.clone();
                    let weak = Rc::downgrade(&inner);
                    set_timeout(
                        move || {
                            if let Some(inner) = weak.upgrade() {
                                open(&inner, changed, connection);
                            }
                        },
                        REOPEN_AFTER,
                    );
                }
            })
        };
        let _ = source
            .add_event_listener_with_callback(IN_THE_SHOP, on_change.as_ref().unchecked_ref());
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        if let Some(previous) = inner.source.borrow_mut().replace(source) {
            previous.close();
        }
        *inner.handlers.borrow_mut() = vec![on_change, on_open, on_error];
    }
}
