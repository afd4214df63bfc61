//! Staff at the kiosk: the first start, unlocking with a PIN, locking.

use joren::Staff;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::problems::FieldProblem;

/// What the kiosk shows before anything else: nothing personal about any customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kiosk {
    pub shop_name: String,
    pub needs_first_start: bool,
    /// The staff picker.
    pub staff: Vec<Staff>,
    /// Who has unlocked this tablet, if anyone.
    pub signed_in: Option<Staff>,
    /// The owner's setting: the page locks itself after this long without a touch.
    pub idle_lock_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormOutcome {
    Saved,
    Invalid(Vec<FieldProblem>),
    /// Another tablet finished the first start a moment earlier.
    AlreadySetUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnlockOutcome {
    Unlocked,
    /// The same answer whether the person or the PIN was wrong.
    WrongPin,
    /// Too many wrong PINs in a row: no PIN is checked for this long.
    Wait {
        seconds: u64,
    },
}

#[server(endpoint = "get_kiosk")]
pub async fn get_kiosk() -> Result<Kiosk, AppError> {
    use crate::auth::{current_shop, current_staff};
    let state = crate::state::app_state()?;
    let shop = current_shop(&state).await?;
    let staff = state.store.staff(shop.id).await?;
    let signed_in = current_staff(&state.store, &shop).await?;
    Ok(Kiosk {
        shop_name: shop.name.to_string(),
        needs_first_start: staff.is_empty(),
        staff,
        signed_in,
        idle_lock_minutes: shop.idle_lock.minutes(),
    })
}

#[server(endpoint = "first_start")]
pub async fn first_start(
    shop_name: String,
    owner_name: String,
    pin: String,
    pin_again: String,
) -> Result<FormOutcome, AppError> {
    use crate::auth::{current_shop, sign_in};
    use crate::problems::{Field, Problem};
    use joren::staff::PinHash;
    use joren::storage::FirstStart;
    use joren::{Pin, Role, ShopName, StaffName};

    let state = crate::state::app_state()?;
    let shop = current_shop(&state).await?;

    let mut problems = Vec::new();
    let mut check = |field, result: Result<(), Problem>| {
        if let Err(problem) = result {
            problems.push(FieldProblem { field, problem });
        }
    };
    let parsed_shop_name = ShopName::parse(&shop_name);
    let parsed_owner = StaffName::parse(&owner_name);
    let parsed_pin = Pin::new_for(Role::Owner, &pin);
    check(
        Field::ShopName,
        parsed_shop_name.clone().map(drop).map_err(Problem::from),
    );
    check(
        Field::StaffName,
        parsed_owner.clone().map(drop).map_err(Problem::from),
    );
    check(
        Field::Pin,
        parsed_pin.clone().map(drop).map_err(Problem::from),
    );
    if parsed_pin.is_ok() {
        check(
            Field::PinAgain,
            Pin::confirmed(Role::Owner, &pin, &pin_again)
                .map(drop)
                .map_err(Problem::from),
        );
    }
    let (Ok(shop_name), Ok(owner), Ok(pin), true) = (
        parsed_shop_name,
        parsed_owner,
        parsed_pin,
        problems.is_empty(),
    ) else {
        return Ok(FormOutcome::Invalid(problems));
    };

    let hash = PinHash::of_off_thread(pin).await?;
    match state
        .store
        .first_start(shop.id, &shop_name, &owner, &hash)
        .await?
    {
        FirstStart::Done(owner) => {
            sign_in(&shop, &owner).await?;
            tracing::info!(staff = owner.id.0, "first start: the owner was created");
            Ok(FormOutcome::Saved)
        }
        FirstStart::AlreadySetUp => Ok(FormOutcome::AlreadySetUp),
    }
}

/// Where a plain form's unlock sends the browser: the register, or the lock screen with who
/// was chosen and why it did not unlock (`unlock=wrong`, `unlock=failed`, `wait=<seconds>`);
/// `None` is a failure.
#[cfg(feature = "ssr")]
fn after_unlock(staff_id: i64, outcome: Option<UnlockOutcome>) -> String {
    match outcome {
        Some(UnlockOutcome::Unlocked) => "/".to_owned(),
        Some(UnlockOutcome::WrongPin) => format!("/?staff={staff_id}&unlock=wrong"),
        Some(UnlockOutcome::Wait { seconds }) => format!("/?staff={staff_id}&wait={seconds}"),
        None => format!("/?staff={staff_id}&unlock=failed"),
    }
}

#[server(endpoint = "unlock")]
pub async fn unlock(staff_id: i64, pin: String) -> Result<UnlockOutcome, AppError> {
    use super::plain_form::PlainForm;
    let result = unlocking(staff_id, pin).await;
    if let Some(plain) = PlainForm::of_request() {
        plain.go_to(&after_unlock(staff_id, result.as_ref().ok().copied()));
    }
    result
}

#[cfg(feature = "ssr")]
async fn unlocking(staff_id: i64, pin: String) -> Result<UnlockOutcome, AppError> {
    use crate::auth::{client_address, current_shop, sign_in};
    use joren::staff::PinHash;
    use joren::storage::{PinAttempt, now_millis};
    use joren::{Pin, StaffId};

    let state = crate::state::app_state()?;
    let shop = current_shop(&state).await?;
    let client = client_address().await;
    let now = now_millis();
    let wait = |until: i64| UnlockOutcome::Wait {
        seconds: u64::try_from((until - now + 999) / 1000)
            .unwrap_or(1)
            .max(1),
    };
    // The attempt is counted (or refused for a wait) before any PIN is looked at, so that
    // guesses sent in parallel cannot all be checked while the first ones are still hashing.
    let attempt = match state
        .store
        .count_pin_attempt(shop.id, StaffId(staff_id), &client, now)
        .await?
    {
        PinAttempt::Wait { until } => return Ok(wait(until)),
        PinAttempt::Counted(attempt) => attempt,
    };
    let entered = Pin::entered(&pin);
    let right = match (&attempt.check, entered) {
        (Some(check), Ok(pin)) => check.hash.verify_off_thread(pin).await?,
        (None, Ok(pin)) => {
            // Spend the same time as a real check, so timing does not tell who exists.
            PinHash::spend_a_check(pin).await?;
            false
        }
        // Not a PIN at all: nothing to check, for anybody.
        (_, Err(_)) => false,
    };
    match (&attempt.check, right) {
        (Some(check), true) => {
            state
                .store
                .record_right_pin(shop.id, check.staff.id, &client, now)
                .await?;
            sign_in(&shop, &check.staff).await?;
            Ok(UnlockOutcome::Unlocked)
        }
        _ => {
            tracing::warn!(staff = staff_id, %client, "wrong PIN");
            state
                .store
                .record_wrong_pin(shop.id, &client, &attempt, now)
                .await?;
            let waits = attempt.if_wrong;
            Ok(waits
                .staff_locked_until
                .max(waits.client_locked_until)
                .map_or(UnlockOutcome::WrongPin, wait))
        }
    }
}

#[server(endpoint = "lock")]
pub async fn lock() -> Result<(), AppError> {
    let result = crate::auth::sign_out().await;
    if let Some(plain) = super::plain_form::PlainForm::of_request() {
        plain.go_to("/");
    }
    result
}

/// The owner adds a member of staff (4+ digit PIN, typed twice).
#[server(endpoint = "add_staff")]
pub async fn add_staff(
    name: String,
    pin: String,
    pin_again: String,
) -> Result<FormOutcome, AppError> {
    use crate::auth::require_owner;
    use crate::problems::{Field, Problem};
    use joren::staff::PinHash;
    use joren::storage::AddStaff;
    use joren::{Pin, Role, StaffName};

    let (state, shop, owner) = require_owner().await?;
    let parsed_name = StaffName::parse(&name).map_err(Problem::from);
    let parsed_pin = Pin::confirmed(Role::Staff, &pin, &pin_again).map_err(Problem::from);
    let (name, pin) = match (parsed_name, parsed_pin) {
        (Ok(name), Ok(pin)) => (name, pin),
        (name, pin) => {
            let mut problems = Vec::new();
            if let Err(problem) = name {
                problems.push(FieldProblem {
                    field: Field::StaffName,
                    problem,
                });
            }
            if let Err(problem) = pin {
                let field = if problem == Problem::PinsDiffer {
                    Field::PinAgain
                } else {
                    Field::Pin
                };
                problems.push(FieldProblem { field, problem });
            }
            return Ok(FormOutcome::Invalid(problems));
        }
    };
    let hash = PinHash::of_off_thread(pin).await?;
    match state
        .store
        .add_staff(shop.id, &name, Role::Staff, &hash, owner.id)
        .await?
    {
        AddStaff::Added(added) => {
            tracing::info!(by = owner.id.0, staff = added.id.0, "staff added");
            Ok(FormOutcome::Saved)
        }
        AddStaff::NameTaken => Ok(FormOutcome::Invalid(vec![FieldProblem {
            field: Field::StaffName,
            problem: Problem::NameTaken,
        }])),
    }
}
