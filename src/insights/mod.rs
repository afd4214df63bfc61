//! The owner's insights: how the small circle grows, for a chosen period in the shop's time.
//!
//! `period` says which days; `figures` adds up what storage counted into the numbers each
//! chart shows; `community` picks whom the community graph (who met whom here) shows, and
//! `graph` lays it out. `period` and `figures` need the time zone database and run on the
//! server only.

pub mod bringers;
pub mod community;
#[cfg(feature = "server")]
mod figures;
pub mod graph;
pub mod not_seen;
#[cfg(feature = "server")]
mod period;
#[cfg(feature = "server")]
mod tables;

#[cfg(feature = "server")]
pub use figures::{
    Bucket, Connector, Figures, IntroductionFact, MonthOfIntroductions, QUARTER_MILLIS,
    QuarterTally, Step, TOP_CONNECTORS, Totals, figures,
};
#[cfg(feature = "server")]
pub use period::{Period, PeriodError, PeriodKind};
#[cfg(feature = "server")]
pub use tables::{Chart, csv, table};
