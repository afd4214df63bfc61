//! Small pieces that several screens share.

pub mod after_hydration;
pub mod chime;
pub mod icons;
pub mod idle_lock;
pub mod keypad;
pub mod language_switch;
pub mod page_title;
pub mod qr_list;
pub mod stamp_card;
pub mod suspended;
pub mod table_scroll;
pub mod text_field;
pub mod unavailable;
