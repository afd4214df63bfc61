//! Staff at the kiosk: the first start, unlocking with a PIN, locking.

use joren::Staff;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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
pub async fn get_kiosk() -> Result<Kiosk, ServerFnError> {
    use crate::auth::{current_shop, current_staff, internal};
    let state = crate::state::app_state()?;
    let shop = current_shop(&state).await?;
    let staff = state.store.staff(shop.id).await.map_err(internal)?;
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
) -> Result<FormOutcome, ServerFnError> {
    use crate::auth::{current_shop, internal, sign_in};
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

    let hash = PinHash::of(&pin).map_err(internal)?;
    match state
        .store
        .first_start(shop.id, &shop_name, &owner, &hash)
        .await
        .map_err(internal)?
    {
        FirstStart::Done(owner) => {
            sign_in(&shop, &owner).await?;
            tracing::info!(staff = owner.id.0, "first start: the owner was created");
            Ok(FormOutcome::Saved)
        }
        FirstStart::AlreadySetUp => Ok(FormOutcome::AlreadySetUp),
    }
}

#[server(endpoint = "unlock")]
pub async fn unlock(staff_id: i64, pin: String) -> Result<UnlockOutcome, ServerFnError> {
    use crate::auth::{client_address, current_shop, internal, sign_in};
    use joren::storage::now_millis;
    use joren::{Pin, StaffId};

    let state = crate::state::app_state()?;
    let shop = current_shop(&state).await?;
    let client = client_address().await;
    let staff_id = StaffId(staff_id);
    let now = now_millis();
    let wait = |until: i64| UnlockOutcome::Wait {
        seconds: u64::try_from((until - now + 999) / 1000)
            .unwrap_or(1)
            .max(1),
    };
    // An address that guessed too often waits before any PIN is looked at, whoever for.
    if let Some(until) = state
        .store
        .client_locked_until(shop.id, &client, now)
        .await
        .map_err(internal)?
    {
        return Ok(wait(until));
    }
    let found = state
        .store
        .staff_with_pin(shop.id, staff_id)
        .await
        .map_err(internal)?;
    let Some(check) = found else {
        // Spend the same time as a real check, so timing does not tell who exists.
        static NOBODY: std::sync::LazyLock<Option<joren::staff::PinHash>> =
            std::sync::LazyLock::new(|| {
                Pin::entered("000000")
                    .ok()
                    .and_then(|pin| joren::staff::PinHash::of(&pin).ok())
            });
        if let (Some(hash), Ok(pin)) = (NOBODY.as_ref(), Pin::entered(&pin)) {
            hash.verify(&pin);
        }
        let wrong = state
            .store
            .record_wrong_pin(shop.id, None, &client, now)
            .await
            .map_err(internal)?;
        return Ok(wrong
            .client_locked_until
            .map_or(UnlockOutcome::WrongPin, wait));
    };
    if let Some(until) = check.locked_until.filter(|until| *until > now) {
        return Ok(wait(until));
    }
    let right = Pin::entered(&pin).is_ok_and(|pin| check.hash.verify(&pin));
    if right {
        state
            .store
            .record_right_pin(shop.id, staff_id, &client, now)
            .await
            .map_err(internal)?;
        sign_in(&shop, &check.staff).await?;
        return Ok(UnlockOutcome::Unlocked);
    }
    tracing::warn!(staff = staff_id.0, %client, "wrong PIN");
    let wrong = state
        .store
        .record_wrong_pin(shop.id, Some(staff_id), &client, now)
        .await
        .map_err(internal)?;
    Ok(wrong
        .staff_locked_until
        .max(wrong.client_locked_until)
        .map_or(UnlockOutcome::WrongPin, wait))
}

#[server(endpoint = "lock")]
pub async fn lock() -> Result<(), ServerFnError> {
    crate::auth::sign_out().await
}

/// The owner adds a member of staff (4+ digit PIN, typed twice).
#[server(endpoint = "add_staff")]
pub async fn add_staff(
    name: String,
    pin: String,
    pin_again: String,
) -> Result<FormOutcome, ServerFnError> {
    use crate::auth::{internal, require_owner};
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
    let hash = PinHash::of(&pin).map_err(internal)?;
    match state
        .store
        .add_staff(shop.id, &name, Role::Staff, &hash, owner.id)
        .await
        .map_err(internal)?
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
