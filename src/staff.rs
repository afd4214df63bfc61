//! Staff: who works the register, with which role, unlocked by which PIN.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StaffId(pub i64);

/// What a member of staff may do. Only the owner changes settings and staff, exports and
/// erases data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Staff,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Staff => "staff",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "owner" => Some(Role::Owner),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }

    /// The shortest PIN this role may have: the owner's unlocks settings and erasure.
    pub fn min_pin_digits(self) -> usize {
        match self {
            Role::Owner => 6,
            Role::Staff => 4,
        }
    }
}

/// How long the kiosk stays unlocked without a touch: an owner's setting, in whole minutes.
/// Short enough that a tablet left alone does not stay open on a regular's card, long
/// enough that staff are not asked for their PIN between two customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct IdleLock(u32);

impl IdleLock {
    pub const MIN_MINUTES: u32 = 1;
    pub const MAX_MINUTES: u32 = 30;
    pub const DEFAULT: IdleLock = IdleLock(2);

    pub fn from_minutes(minutes: u32) -> Result<Self, StaffError> {
        if (Self::MIN_MINUTES..=Self::MAX_MINUTES).contains(&minutes) {
            Ok(Self(minutes))
        } else {
            Err(StaffError::IdleLockOutOfRange {
                min: Self::MIN_MINUTES,
                max: Self::MAX_MINUTES,
            })
        }
    }

    /// What the owner typed in the settings form.
    pub fn parse(input: &str) -> Result<Self, StaffError> {
        let minutes = input
            .trim()
            .parse::<u32>()
            .map_err(|_| StaffError::IdleLockOutOfRange {
                min: Self::MIN_MINUTES,
                max: Self::MAX_MINUTES,
            })?;
        Self::from_minutes(minutes)
    }

    pub fn minutes(self) -> u32 {
        self.0
    }

    pub fn millis(self) -> i64 {
        i64::from(self.0) * 60_000
    }
}

impl Default for IdleLock {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u32> for IdleLock {
    type Error = StaffError;
    fn try_from(minutes: u32) -> Result<Self, Self::Error> {
        Self::from_minutes(minutes)
    }
}

impl From<IdleLock> for u32 {
    fn from(value: IdleLock) -> u32 {
        value.0
    }
}

/// Wrong PINs allowed in a row before a member of staff has to wait.
pub const FREE_PIN_ATTEMPTS: u32 = 5;

/// How long a member of staff waits after `failures` wrong PINs in a row: nothing for the
/// first five, then 30 seconds, doubling with each further failure, at most an hour. A
/// four-digit PIN would otherwise fall to a patient guesser in an afternoon.
pub fn pin_lockout_millis(failures: u32) -> Option<i64> {
    const FIRST_WAIT_MILLIS: i64 = 30_000;
    const LONGEST_WAIT_MILLIS: i64 = 60 * 60 * 1000;
    let over = failures.checked_sub(FREE_PIN_ATTEMPTS)?;
    let wait = FIRST_WAIT_MILLIS.saturating_mul(1_i64 << over.min(20));
    Some(wait.min(LONGEST_WAIT_MILLIS))
}

/// Wrong PINs allowed in a row from one client address, whoever they were for, before that
/// address has to wait. Someone trying five PINs on each member of staff in turn is stopped
/// here, not after five per member.
pub const FREE_ADDRESS_ATTEMPTS: u32 = 10;

/// How long a client address waits after `failures` wrong PINs in a row: nothing for the
/// first ten, then a minute, doubling with each further failure, at most an hour.
pub fn address_lockout_millis(failures: u32) -> Option<i64> {
    const FIRST_WAIT_MILLIS: i64 = 60_000;
    const LONGEST_WAIT_MILLIS: i64 = 60 * 60 * 1000;
    let over = failures.checked_sub(FREE_ADDRESS_ATTEMPTS)?;
    let wait = FIRST_WAIT_MILLIS.saturating_mul(1_i64 << over.min(20));
    Some(wait.min(LONGEST_WAIT_MILLIS))
}

/// Who has to wait before a PIN is checked again, as the owner's settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Lockouts {
    /// Members of staff with wrong PINs in a row, waiting or not yet.
    pub staff: Vec<StaffLockout>,
    /// Client addresses that are waiting now.
    pub clients: Vec<ClientLockout>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffLockout {
    pub staff: Staff,
    pub failures: u32,
    /// Unix ms; `None` while the failures are still below the free attempts.
    pub locked_until: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientLockout {
    /// The client's IP address, as the server saw it.
    pub client: String,
    pub failures: u32,
    /// Unix ms.
    pub locked_until: i64,
}

/// A member of staff as the staff picker shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: StaffId,
    pub name: StaffName,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    #[error("the name is empty")]
    EmptyName,
    #[error("the name is longer than {max} characters")]
    NameTooLong { max: usize },
    #[error("the name contains control characters")]
    NameHasControlCharacters,
    #[error(
        "the name contains invisible characters or marks that change the direction of the text"
    )]
    NameHasInvisibleCharacters,
    #[error("a PIN is made of digits only")]
    PinNotDigits,
    #[error("the PIN needs at least {min} digits")]
    PinTooShort { min: usize },
    #[error("the PIN may have at most {max} digits")]
    PinTooLong { max: usize },
    #[error("a PIN of one repeated digit is too easy to guess")]
    PinOneDigit,
    #[error("the two PINs differ")]
    PinsDiffer,
    #[error("the idle lock must be {min} to {max} minutes")]
    IdleLockOutOfRange { min: u32, max: u32 },
}

/// A staff member's name as the picker shows it: trimmed, 1 to 40 characters, nothing
/// invisible (no zero-width spaces or bidi overrides: two members must not look alike on the
/// lock screen, and the name is what the audit log shows for what they did).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StaffName(String);

impl StaffName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(input: &str) -> Result<Self, StaffError> {
        let name = Self::from_stored(input)?;
        if crate::invisible::has_invisible_characters(name.as_str()) {
            return Err(StaffError::NameHasInvisibleCharacters);
        }
        Ok(name)
    }

    /// A name as stored: the rules of [`StaffName::parse`] but for invisible characters,
    /// which earlier versions accepted, so that a member named then can still be read back.
    pub fn from_stored(input: &str) -> Result<Self, StaffError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(StaffError::EmptyName);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(StaffError::NameTooLong {
                max: Self::MAX_CHARS,
            });
        }
        if name.chars().any(char::is_control) {
            return Err(StaffError::NameHasControlCharacters);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What serde reads back (in the browser, what the server sent) was parsed when it was typed.
impl TryFrom<String> for StaffName {
    type Error = StaffError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::from_stored(&value)
    }
}

impl From<StaffName> for String {
    fn from(value: StaffName) -> String {
        value.0
    }
}

impl fmt::Display for StaffName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A PIN as typed on the keypad. It never prints its digits, not even in debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub const MAX_DIGITS: usize = 12;

    /// A new PIN for a role: digits only, long enough for the role, not one repeated digit.
    pub fn new_for(role: Role, input: &str) -> Result<Self, StaffError> {
        let pin = Self::entered(input)?;
        let min = role.min_pin_digits();
        if pin.0.len() < min {
            return Err(StaffError::PinTooShort { min });
        }
        if pin.0.chars().all(|digit| pin.0.starts_with(digit)) {
            return Err(StaffError::PinOneDigit);
        }
        Ok(pin)
    }

    /// A new PIN typed twice, as set-up forms ask for it.
    pub fn confirmed(role: Role, input: &str, again: &str) -> Result<Self, StaffError> {
        let pin = Self::new_for(role, input)?;
        if input.trim() != again.trim() {
            return Err(StaffError::PinsDiffer);
        }
        Ok(pin)
    }

    /// A PIN entered to unlock: only its shape is checked; the hash decides the rest.
    pub fn entered(input: &str) -> Result<Self, StaffError> {
        let input = input.trim();
        if input.is_empty() || !input.chars().all(|c| c.is_ascii_digit()) {
            return Err(StaffError::PinNotDigits);
        }
        if input.len() > Self::MAX_DIGITS {
            return Err(StaffError::PinTooLong {
                max: Self::MAX_DIGITS,
            });
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(****)")
    }
}

#[cfg(feature = "server")]
pub use hashing::{PinHash, PinHashError};

#[cfg(feature = "server")]
mod hashing {
    use super::Pin;
    use argon2::Argon2;
    use argon2::password_hash::phc::PasswordHash;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    /// A PIN as stored: an argon2id hash in PHC string form, salted per PIN.
    #[derive(Clone, PartialEq, Eq)]
    pub struct PinHash(String);

    #[derive(Debug, thiserror::Error)]
    #[error("cannot hash the PIN: {0}")]
    pub struct PinHashError(String);

    impl PinHash {
        pub fn of(pin: &Pin) -> Result<Self, PinHashError> {
            // Salted with fresh random bytes from the operating system each time.
            Argon2::default()
                .hash_password(pin.expose().as_bytes())
                .map(|hash| Self(hash.to_string()))
                .map_err(|error| PinHashError(error.to_string()))
        }

        /// Reads a stored hash; `None` when it is not a PHC string.
        pub fn from_stored(phc: String) -> Option<Self> {
            PasswordHash::new(&phc).ok()?;
            Some(Self(phc))
        }

        pub fn as_str(&self) -> &str {
            &self.0
        }

        /// Takes the same time whether the PIN is right or wrong.
        pub fn verify(&self, pin: &Pin) -> bool {
            PasswordHash::new(&self.0)
                .map(|hash| {
                    Argon2::default()
                        .verify_password(pin.expose().as_bytes(), &hash)
                        .is_ok()
                })
                .unwrap_or(false)
        }
    }

    /// How many PINs may be hashed at once: all cores but one (at most two), so that a burst
    /// of guesses at the lock screen leaves a core for the register.
    fn hashes_at_once() -> usize {
        std::thread::available_parallelism()
            .map_or(1, |cores| cores.get().saturating_sub(1))
            .clamp(1, 2)
    }

    /// A hash to make, and where its answer goes.
    type Job = Box<dyn FnOnce() + Send>;

    /// The threads that hash PINs, as many as may hash at once, fed in turn. argon2 takes
    /// tens of milliseconds of one core by design, so hashes never run on the async workers
    /// that answer every other request. Always the same threads, not tokio's blocking pool:
    /// the allocator gives each thread an arena of its own and keeps a hash's 19 MiB there
    /// for the next, so a burst of guesses spread over ever other threads left a new 19 MiB
    /// behind in each (40 unlock attempts at once took the server from 46 MB to 290 MB).
    static HASHERS: std::sync::LazyLock<std::sync::mpsc::Sender<Job>> =
        std::sync::LazyLock::new(|| {
            let (jobs, waiting) = std::sync::mpsc::channel::<Job>();
            let waiting = std::sync::Arc::new(std::sync::Mutex::new(waiting));
            for n in 0..hashes_at_once() {
                let waiting = waiting.clone();
                let started = std::thread::Builder::new()
                    .name(format!("{HASHER_NAME}-{n}"))
                    .spawn(move || {
                        loop {
                            let next = waiting
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner)
                                .recv();
                            let Ok(job) = next else { return };
                            // A job that panics loses its own answer, not the thread.
                            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                        }
                    });
                if let Err(error) = started {
                    tracing::error!(%error, "cannot start a thread to hash PINs");
                }
            }
            jobs
        });

    /// The name the hashing threads share (with their number after it).
    const HASHER_NAME: &str = "joren-pin-hash";

    async fn off_the_workers<T: Send + 'static>(
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PinHashError> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        HASHERS
            .send(Box::new(move || {
                let _ = answer.send(work());
            }))
            .map_err(|_| PinHashError("no thread is left to hash PINs".to_owned()))?;
        answered
            .await
            .map_err(|_| PinHashError("the PIN's hash was not finished".to_owned()))
    }

    impl PinHash {
        /// [`PinHash::of`], off the async workers and a few at a time.
        pub async fn of_off_thread(pin: Pin) -> Result<Self, PinHashError> {
            off_the_workers(move || Self::of(&pin)).await?
        }

        /// [`PinHash::verify`], off the async workers and a few at a time.
        pub async fn verify_off_thread(&self, pin: Pin) -> Result<bool, PinHashError> {
            let hash = self.clone();
            off_the_workers(move || hash.verify(&pin)).await
        }

        /// Takes as long as [`PinHash::verify_off_thread`] and checks nothing: for a member
        /// who does not exist, so that timing does not tell who does. The hash it checks
        /// against is made once, off the async workers too.
        pub async fn spend_a_check(pin: Pin) -> Result<(), PinHashError> {
            static NOBODY: tokio::sync::OnceCell<PinHash> = tokio::sync::OnceCell::const_new();
            let nobody = NOBODY
                .get_or_try_init(|| async {
                    let pin = Pin::entered("000000").expect("six digits are a PIN");
                    Self::of_off_thread(pin).await
                })
                .await?;
            nobody.verify_off_thread(pin).await.map(|_| ())
        }
    }

    impl std::fmt::Debug for PinHash {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("PinHash(argon2id)")
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn pins_are_hashed_on_the_same_few_threads_and_a_panic_loses_none() {
            let mut jobs = Vec::new();
            for _ in 0..12 {
                jobs.push(tokio::spawn(off_the_workers(|| {
                    std::thread::current().name().map(str::to_owned)
                })));
            }
            let mut threads = std::collections::BTreeSet::new();
            for job in jobs {
                let name = job.await.unwrap().unwrap().unwrap_or_default();
                assert!(name.starts_with(HASHER_NAME), "hashed on {name:?}");
                threads.insert(name);
            }
            assert!(threads.len() <= hashes_at_once(), "{threads:?}");

            let lost = off_the_workers(|| -> u8 { panic!("a broken hash") }).await;
            assert!(lost.is_err());
            let pin = Pin::entered("142857").unwrap();
            let hash = PinHash::of_off_thread(pin.clone()).await.unwrap();
            assert!(hash.verify_off_thread(pin).await.unwrap());
            assert!(
                !hash
                    .verify_off_thread(Pin::entered("000000").unwrap())
                    .await
                    .unwrap()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_pins_need_six_digits_and_staff_pins_four() {
        assert_eq!(
            Pin::new_for(Role::Owner, "12345"),
            Err(StaffError::PinTooShort { min: 6 })
        );
        assert!(Pin::new_for(Role::Owner, "142857").is_ok());
        assert_eq!(
            Pin::new_for(Role::Staff, "123"),
            Err(StaffError::PinTooShort { min: 4 })
        );
        assert!(Pin::new_for(Role::Staff, "2718").is_ok());
    }

    #[test]
    fn pins_are_digits_and_not_one_repeated_digit() {
        for bad in ["12a456", "", "１２３４５６", "12 3456"] {
            assert_eq!(
                Pin::new_for(Role::Owner, bad),
                Err(StaffError::PinNotDigits),
                "{bad:?}"
            );
        }
        assert_eq!(
            Pin::new_for(Role::Owner, "000000"),
            Err(StaffError::PinOneDigit)
        );
        assert_eq!(
            Pin::new_for(Role::Owner, "1234567890123"),
            Err(StaffError::PinTooLong { max: 12 })
        );
    }

    #[test]
    fn a_confirmed_pin_must_be_typed_the_same_twice() {
        assert_eq!(
            Pin::confirmed(Role::Owner, "142857", "142858"),
            Err(StaffError::PinsDiffer)
        );
        assert!(Pin::confirmed(Role::Owner, "142857", "142857").is_ok());
    }

    #[test]
    fn the_wait_starts_after_five_wrong_pins_and_doubles_up_to_an_hour() {
        for failures in 0..5 {
            assert_eq!(pin_lockout_millis(failures), None, "{failures} failures");
        }
        assert_eq!(pin_lockout_millis(5), Some(30_000));
        assert_eq!(pin_lockout_millis(6), Some(60_000));
        assert_eq!(pin_lockout_millis(7), Some(120_000));
        assert_eq!(pin_lockout_millis(12), Some(3_600_000));
        assert_eq!(pin_lockout_millis(u32::MAX), Some(3_600_000));
    }

    #[test]
    fn an_address_waits_after_ten_wrong_pins_doubling_up_to_an_hour() {
        assert_eq!(address_lockout_millis(0), None);
        assert_eq!(address_lockout_millis(9), None);
        assert_eq!(address_lockout_millis(10), Some(60_000));
        assert_eq!(address_lockout_millis(11), Some(120_000));
        assert_eq!(address_lockout_millis(16), Some(3_600_000));
        assert_eq!(address_lockout_millis(u32::MAX), Some(3_600_000));
    }

    #[test]
    fn the_idle_lock_is_one_to_thirty_minutes() {
        assert_eq!(IdleLock::default().minutes(), 2);
        assert_eq!(IdleLock::default().millis(), 120_000);
        assert_eq!(IdleLock::parse(" 1 ").map(IdleLock::minutes), Ok(1));
        assert_eq!(IdleLock::parse("30").map(IdleLock::minutes), Ok(30));
        for bad in ["0", "31", "", "two", "-1", "1.5"] {
            assert_eq!(
                IdleLock::parse(bad),
                Err(StaffError::IdleLockOutOfRange { min: 1, max: 30 }),
                "{bad:?}"
            );
        }
        assert!(serde_json::from_str::<IdleLock>("45").is_err());
    }

    #[test]
    fn a_pin_never_shows_its_digits() {
        let pin = Pin::entered("142857").unwrap();
        assert_eq!(format!("{pin:?}"), "Pin(****)");
    }

    #[test]
    fn staff_names_are_trimmed_and_bounded() {
        assert_eq!(StaffName::parse("  さくら ").unwrap().as_str(), "さくら");
        assert_eq!(StaffName::parse(" "), Err(StaffError::EmptyName));
        assert_eq!(
            StaffName::parse(&"あ".repeat(41)),
            Err(StaffError::NameTooLong { max: 40 })
        );
        assert_eq!(
            StaffName::parse("a\u{0}b"),
            Err(StaffError::NameHasControlCharacters)
        );
    }

    #[test]
    fn staff_names_refuse_bidi_controls_and_zero_width_characters() {
        for bad in [
            "さくら\u{200B}",
            "\u{202E}さくら",
            "さ\u{2066}くら\u{2069}",
            "\u{FEFF}さくら",
        ] {
            assert_eq!(
                StaffName::parse(bad),
                Err(StaffError::NameHasInvisibleCharacters),
                "{bad:?}"
            );
        }
        assert!(StaffName::parse("さくら 👩\u{200D}🍳").is_ok());
        // A member named before the rule still shows on the lock screen.
        let stored = "さくら\u{200B}";
        assert_eq!(StaffName::from_stored(stored).unwrap().as_str(), stored);
        let read: StaffName = serde_json::from_str("\"さくら\\u200b\"").unwrap();
        assert_eq!(read.as_str(), stored);
    }

    #[cfg(feature = "server")]
    #[test]
    fn a_hashed_pin_verifies_only_the_same_pin() {
        let pin = Pin::new_for(Role::Owner, "142857").unwrap();
        let hash = PinHash::of(&pin).unwrap();
        assert!(hash.as_str().starts_with("$argon2id$"));
        assert!(!hash.as_str().contains("142857"));
        assert!(hash.verify(&pin));
        assert!(!hash.verify(&Pin::entered("142858").unwrap()));
        // Salted: the same PIN hashes differently each time.
        assert_ne!(PinHash::of(&pin).unwrap().as_str(), hash.as_str());
        let stored = PinHash::from_stored(hash.as_str().to_owned()).unwrap();
        assert!(stored.verify(&pin));
        assert!(PinHash::from_stored("plain".to_owned()).is_none());
    }

    /// A hash as the database keeps it, made by argon2 0.5 (Joren before 2026-12-07): staff
    /// whose PIN was set then must still unlock after the crate moves on.
    #[cfg(feature = "server")]
    #[test]
    fn a_pin_hashed_by_an_earlier_version_still_verifies() {
        let stored = PinHash::from_stored(
            "$argon2id$v=19$m=19456,t=2,p=1$qxnlvYQ1/1i7l4XKV5kTew$TG3NT1B5m7cit9flhC0GTJptkRuPghXv4IoWmPbWiyQ"
                .to_owned(),
        )
        .unwrap();
        assert!(stored.verify(&Pin::entered("142857").unwrap()));
        assert!(!stored.verify(&Pin::entered("142858").unwrap()));
    }
}
