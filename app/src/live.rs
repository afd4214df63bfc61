//! Live updates in the browser: the register listens to the server's `/events` stream and
//! reads "in the shop now" again the moment another tablet changed it.
//!
//! A stream can drop in three ways, and each is noticed: the server closes it (restart, or
//! the tablet was locked; the browser's `EventSource` reconnects by itself, and a refusal
//! reads the list again, which shows the lock screen when locked), the browser goes offline
//! (its `offline` event; the stream is opened again on `online`), or the network dies
//! silently (no ping for 40 s). While it is away the screen says so, and on its return the
//! list is read again, since changes made meanwhile were not sent.

use leptos::prelude::*;

/// Where the server sends the register's events, and the events' names: the register
/// changed, and "still here" (every 15 s, so that a silent dead stream is noticed).
pub const EVENTS_PATH: &str = "/events";
pub const IN_THE_SHOP: &str = "in-the-shop";
pub const PING: &str = "ping";

/// Whether the live updates reach this tablet right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Live,
    /// The stream dropped; the browser is trying again.
    Reconnecting,
}

/// Calls `changed` whenever the shop's register changed, at another tablet or at this one
/// (which then reads the list a second time), and after each reconnection; the signal tells
/// whether the updates reach the tablet. On the server, and
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

    use super::{Connection, EVENTS_PATH, IN_THE_SHOP, PING};

    /// How often the tablet looks whether the stream went silent.
    const WATCH_EVERY: Duration = Duration::from_secs(5);
    /// The server pings every 15 s; a stream silent for this many looks (40 s) is taken for
    /// dead (a Wi-Fi that dropped without closing the connection) and opened again. So is a
    /// stream the server refused or closed, which the browser does not retry by itself.
    const SILENT_LOOKS: u32 = 8;

    /// A handler the stream or the window calls; kept alive as long as the listener is.
    type Handler = Closure<dyn FnMut(web_sys::Event)>;

    /// The open stream and its handlers; stopped (and closed) when the register goes away.
    pub struct Listener {
        inner: Rc<Inner>,
        window_handlers: Vec<(&'static str, Handler)>,
        watch: Option<IntervalHandle>,
    }

    struct Inner {
        source: RefCell<Option<EventSource>>,
        source_handlers: RefCell<Vec<Handler>>,
        changed: Box<dyn Fn()>,
        connection: WriteSignal<Connection>,
        /// Looks since the stream last said anything.
        silent: Cell<u32>,
    }

    impl Listener {
        pub fn start(changed: impl Fn() + 'static, connection: WriteSignal<Connection>) -> Self {
            let inner = Rc::new(Inner {
                source: RefCell::new(None),
                source_handlers: RefCell::new(Vec::new()),
                changed: Box::new(changed),
                connection,
                silent: Cell::new(0),
            });
            open(&inner);
            // The browser knows at once when the network goes; the stream may not.
            let offline = {
                let inner = Rc::clone(&inner);
                Handler::new(move |_| {
                    inner.connection.set(Connection::Reconnecting);
                    close(&inner);
                })
            };
            let online = {
                let inner = Rc::clone(&inner);
                Handler::new(move |_| open(&inner))
            };
            let window = window();
            let window_handlers = vec![("offline", offline), ("online", online)];
            for (name, handler) in &window_handlers {
                let _ =
                    window.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
            }
            let watch = {
                let inner = Rc::clone(&inner);
                set_interval_with_handle(
                    move || {
                        let silent = inner.silent.get() + 1;
                        inner.silent.set(silent);
                        let closed = inner
                            .source
                            .borrow()
                            .as_ref()
                            .is_some_and(|source| source.ready_state() == EventSource::CLOSED);
                        let online = leptos::prelude::window().navigator().on_line();
                        if online && (closed || silent >= SILENT_LOOKS) {
                            inner.connection.set(Connection::Reconnecting);
                            open(&inner);
                        }
                    },
                    WATCH_EVERY,
                )
                .ok()
            };
            Self {
                inner,
                window_handlers,
                watch,
            }
        }

        pub fn stop(self) {
            if let Some(watch) = self.watch {
                watch.clear();
            }
            let window = window();
            for (name, handler) in &self.window_handlers {
                let _ = window
                    .remove_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
            }
            close(&self.inner);
        }
    }

    /// Opens a new stream in place of the one there was.
    fn open(inner: &Rc<Inner>) {
        close(inner);
        inner.silent.set(0);
        let Ok(source) = EventSource::new(EVENTS_PATH) else {
            inner.connection.set(Connection::Reconnecting);
            return;
        };
        let heard = |then: fn(&Inner)| {
            let weak = Rc::downgrade(inner);
            Handler::new(move |_| {
                if let Some(inner) = weak.upgrade() {
                    inner.silent.set(0);
                    then(&inner);
                }
            })
        };
        let on_change = heard(|inner| (inner.changed)());
        let on_ping = heard(|_| {});
        let on_open = heard(|inner| {
            inner.connection.set(Connection::Live);
            // Changes made before the stream opened were not sent: while it was away, and on
            // the first opening those made since the page was read on the server (a reload
            // while another tablet checks someone in).
            (inner.changed)();
        });
        let on_error = {
            let weak = Rc::downgrade(inner);
            // The browser retries by itself (after the server's `retry`) unless the server
            // refused the stream; the watch opens a refused one again. A refusal is most
            // often a tablet locked meanwhile (the server ends the stream then): reading the
            // list again finds out, and a locked kiosk shows the lock screen.
            Handler::new(move |_| {
                if let Some(inner) = weak.upgrade() {
                    inner.connection.set(Connection::Reconnecting);
                    let refused = inner
                        .source
                        .borrow()
                        .as_ref()
                        .is_some_and(|source| source.ready_state() == EventSource::CLOSED);
                    if refused {
                        (inner.changed)();
                    }
                }
            })
        };
        let _ = source
            .add_event_listener_with_callback(IN_THE_SHOP, on_change.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback(PING, on_ping.as_ref().unchecked_ref());
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *inner.source.borrow_mut() = Some(source);
        *inner.source_handlers.borrow_mut() = vec![on_change, on_ping, on_open, on_error];
    }

    fn close(inner: &Inner) {
        if let Some(source) = inner.source.borrow_mut().take() {
            source.close();
        }
        inner.source_handlers.borrow_mut().clear();
    }
}
