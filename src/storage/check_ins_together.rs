//! Check-ins that wait for SQLite's one writer are committed together (a group commit).
//!
//! A commit with `synchronous=FULL` waits for the disk. When several tablets check people in
//! at the same moment, each check-in used to queue for the write turn and wait for the disk
//! once for every check-in ahead of it. Now the check-in whose turn comes takes every
//! check-in waiting at that moment, runs each in a savepoint of one transaction, in the order
//! they came, and commits once: one wait for the disk for all of them.
//!
//! - Each check-in still reads what the ones before it wrote (the same person checked in by
//!   two tablets is "already here" the second time), as it did one transaction at a time.
//! - A check-in that fails is rolled back to its savepoint, alone, and answered with its own
//!   error; the others are committed.
//! - When the transaction as a whole cannot begin or commit, nothing of it was written, and
//!   each check-in is tried again alone, in a transaction of its own, so that each gets its
//!   own answer.
//! - No check-in is answered before the commit that holds it.
//! - Each check-in waits (and leads its batch, when its turn comes) in a task of its own, so a
//!   tablet that goes away neither takes the others' check-ins with it nor leaves its own in the
//!   list for a later batch: its check-in is made at its turn, as if the answer were lost.
//!
//! PostgreSQL needs none of this: its writers wait for each other per shop, not for one
//! file, and it groups commits that arrive together itself (see `Store::check_in`).

use std::sync::Mutex;

use tokio::sync::{OwnedMutexGuard, oneshot};

use super::check_ins::{CheckedIn, check_in_within};
use super::{Change, StorageError, Store, WriteTx};
use crate::loyalty::StampRules;
use crate::regular::RegularId;
use crate::shop::ShopId;
use crate::staff::StaffId;

/// One check-in, as asked.
#[derive(Debug, Clone)]
pub(super) struct CheckInAsked {
    pub(super) shop: ShopId,
    pub(super) regular: RegularId,
    pub(super) rules: StampRules,
    pub(super) by: StaffId,
    pub(super) now: i64,
}

/// The check-ins waiting for the write turn, in the order they came.
#[derive(Debug, Default)]
pub(super) struct WaitingCheckIns(Mutex<Vec<Waiting>>);

#[derive(Debug)]
struct Waiting {
    asked: CheckInAsked,
    answer: oneshot::Sender<Answer>,
}

#[derive(Debug)]
enum Answer {
    /// Committed with the others (or refused alone, its savepoint rolled back).
    Done(Result<Option<CheckedIn>, StorageError>),
    /// The transaction as a whole failed before or at its commit: nothing of it was written.
    TryAlone,
}

impl WaitingCheckIns {
    fn push(&self, waiting: Waiting) {
        self.lock().push(waiting);
    }

    fn take(&self) -> Vec<Waiting> {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Waiting>> {
        // The list is only pushed to and taken whole: a panic elsewhere cannot leave it
        // half changed.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Store {
    /// A check-in on SQLite: waits with the others for the write turn, and is committed with
    /// whichever are waiting when the turn comes (see the module's notes).
    pub(super) async fn check_in_together(
        &self,
        asked: CheckInAsked,
    ) -> Result<Option<CheckedIn>, StorageError> {
        // In a task of its own: a check-in whose tablet goes away while it waits still takes
        // its turn then, rather than being left in the list for whichever batch comes next,
        // perhaps hours later.
        let store = self.clone();
        match tokio::spawn(async move { store.wait_and_check_in(asked).await }).await {
            Ok(answer) => answer,
            Err(failed) => std::panic::resume_unwind(failed.into_panic()),
        }
    }

    async fn wait_and_check_in(
        &self,
        asked: CheckInAsked,
    ) -> Result<Option<CheckedIn>, StorageError> {
        let (answer, mut answered) = oneshot::channel();
        self.waiting_check_ins.push(Waiting {
            asked: asked.clone(),
            answer,
        });
        let answer = tokio::select! {
            biased;
            answer = &mut answered => answer.ok(),
            turn = self.writes.clone().lock_owned() => {
                // A batch answers everyone in it before it gives the turn up: unanswered
                // now means this check-in is still waiting, and leads the next batch.
                match answered.try_recv() {
                    Ok(answer) => Some(answer),
                    Err(_) => {
                        // Already in a task of its own (above), so a tablet that goes away
                        // cannot stop the batch half way.
                        self.commit_waiting(turn).await;
                        answered.try_recv().ok()
                    }
                }
            }
        };
        match answer {
            Some(Answer::Done(result)) => result,
            // The batch failed as a whole, or its leader panicked without answering.
            Some(Answer::TryAlone) | None => self.check_in_alone(&asked).await,
        }
    }

    /// One check-in in a transaction of its own.
    pub(super) async fn check_in_alone(
        &self,
        asked: &CheckInAsked,
    ) -> Result<Option<CheckedIn>, StorageError> {
        let mut tx = self.begin_write_in(asked.shop).await?;
        let checked_in = check_in_within(
            &mut tx,
            asked.shop,
            asked.regular,
            &asked.rules,
            asked.by,
            asked.now,
        )
        .await?;
        tx.commit().await?;
        if checked_in.is_some() {
            self.announce(Change::InTheShop(asked.shop));
        }
        Ok(checked_in)
    }

    /// Holding the write turn: begins a transaction, takes every check-in waiting, makes
    /// each in a savepoint of its own, commits once and answers each.
    async fn commit_waiting(&self, turn: OwnedMutexGuard<()>) {
        // The transaction first: check-ins that arrive while SQLite's lock is being taken
        // join this batch.
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await;
        let waiting = self.waiting_check_ins.take();
        let Ok(tx) = tx else {
            return try_alone(waiting);
        };
        // The turn is held until every answer is sent (it is dropped last, below): a check-in
        // that got the turn unanswered must be one no batch has taken.
        let mut tx = WriteTx { tx, _turn: None };
        let mut answers = Vec::with_capacity(waiting.len());
        for one in &waiting {
            match in_a_savepoint(&mut tx, &one.asked).await {
                Ok(answer) => answers.push(answer),
                // The savepoint itself failed: the transaction is in doubt, and dropped.
                Err(_) => return try_alone(waiting),
            }
        }
        if tx.commit().await.is_err() {
            return try_alone(waiting);
        }
        let mut shops: Vec<ShopId> = waiting
            .iter()
            .zip(&answers)
            .filter(|(_, answer)| matches!(answer, Ok(Some(_))))
            .map(|(one, _)| one.asked.shop)
            .collect();
        shops.sort_by_key(|shop| shop.0);
        shops.dedup();
        for shop in shops {
            self.announce(Change::InTheShop(shop));
        }
        for (one, answer) in waiting.into_iter().zip(answers) {
            // A tablet that went away no longer listens; its check-in stands.
            let _ = one.answer.send(Answer::Done(answer));
        }
        drop(turn);
    }
}

/// One check-in inside the batch's transaction, rolled back alone if it fails. The outer
/// error is the savepoint's own; the inner one is the check-in's.
async fn in_a_savepoint(
    tx: &mut WriteTx,
    asked: &CheckInAsked,
) -> Result<Result<Option<CheckedIn>, StorageError>, sqlx::Error> {
    let mut savepoint = sqlx::Connection::begin(&mut **tx).await?;
    let answer = check_in_within(
        &mut savepoint,
        asked.shop,
        asked.regular,
        &asked.rules,
        asked.by,
        asked.now,
    )
    .await;
    match answer {
        Ok(answer) => savepoint.commit().await.map(|()| Ok(answer)),
        Err(error) => savepoint.rollback().await.map(|()| Err(error)),
    }
}

fn try_alone(waiting: Vec<Waiting>) {
    for one in waiting {
        let _ = one.answer.send(Answer::TryAlone);
    }
}
