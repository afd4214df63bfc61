//! Small pieces that several screens share.

pub mod language_switch;
