//! Small pieces that several screens share.

pub mod keypad;
pub mod language_switch;
