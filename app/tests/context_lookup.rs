//! A context lookup never waits for itself when the owner it passes through is dropped.
//!
//! Every server function finds the request, the store and the session with `use_context`,
//! which climbs from the current reactive owner through its parents. On the server a page's
//! first, thrown-away build (a `Transition` walks its children once before it renders them)
//! is dropped on one thread while a read it started still runs on another. Leptos's
//! reactive_graph 0.2.16 held the lookup's lock on the starting owner while it let go of the
//! parent it had climbed to; when that was the parent's last handle, the parent's cleanup
//! waited for the very lock the thread held, and a worker thread of the server stopped for
//! good. `vendor/reactive_graph` carries the fix (vendor/README.md).
//!
//! Here the parent's last other handle is dropped from inside the lookup, which makes the
//! same moment happen on one thread every time. Each lookup runs on a thread of its own: a
//! lookup that deadlocks fails its test after a few seconds instead of hanging the suite.

use leptos::reactive::owner::{Owner, provide_context, update_context, with_context};
use std::sync::mpsc;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
struct Request(u32);

/// Runs `lookup` in a child owner whose parent holds `Request(7)`; the lookup is handed the
/// parent's only other handle, to drop while it is inside. Returns what the lookup returned,
/// or `None` when it did not return within five seconds.
fn look_up_while_the_parent_goes<R: Send + 'static>(
    lookup: impl FnOnce(&mut Option<Owner>) -> R + Send + 'static,
) -> Option<R> {
    let (answer, answered) = mpsc::channel();
    std::thread::spawn(move || {
        let parent = Owner::new();
        parent.with(|| provide_context(Request(7)));
        let child = parent.with(Owner::new);
        let mut parent = Some(parent);
        let found = child.with(|| lookup(&mut parent));
        let _ = answer.send(found);
    });
    answered.recv_timeout(Duration::from_secs(5)).ok()
}

#[test]
fn reading_a_context_while_its_owner_is_dropped_returns() {
    let found = look_up_while_the_parent_goes(|parent| {
        with_context::<Request, _>(|request| {
            parent.take();
            request.0
        })
    });
    assert_eq!(
        found,
        Some(Some(7)),
        "the lookup never returned: it waits for its own lock"
    );
}

#[test]
fn updating_a_context_while_its_owner_is_dropped_returns() {
    let found = look_up_while_the_parent_goes(|parent| {
        update_context::<Request, _>(|request| {
            parent.take();
            request.0 += 1;
            request.0
        })
    });
    assert_eq!(
        found,
        Some(Some(8)),
        "the lookup never returned: it waits for its own lock"
    );
}

#[test]
fn a_context_is_still_found_through_a_living_parent() {
    let found = look_up_while_the_parent_goes(|_| with_context::<Request, _>(|request| request.0));
    assert_eq!(found, Some(Some(7)));
}
