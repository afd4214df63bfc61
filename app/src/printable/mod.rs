//! The printable creator card: a QR code with the creator's nickname, tagline, what the code
//! opens and the shop's name, for the counter or a wallet. `draw` (server only) lays it out
//! as SVG in millimetres, so it prints at its true size, and rasterizes it to PNG.

#[cfg(feature = "ssr")]
mod draw;

#[cfg(feature = "ssr")]
pub use draw::{PngError, card_png, card_svg};

use serde::{Deserialize, Serialize};

/// The sizes the card is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardSize {
    /// A6 portrait, 105 × 148 mm: a card that stands on the counter.
    A6,
    /// A Japanese business card, 91 × 55 mm landscape.
    BusinessCard,
}

impl CardSize {
    pub fn code(self) -> &'static str {
        match self {
            CardSize::A6 => "a6",
            CardSize::BusinessCard => "meishi",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "a6" => Some(CardSize::A6),
            "meishi" => Some(CardSize::BusinessCard),
            _ => None,
        }
    }

    /// Width and height in millimetres.
    pub fn millimetres(self) -> (f32, f32) {
        match self {
            CardSize::A6 => (105.0, 148.0),
            CardSize::BusinessCard => (91.0, 55.0),
        }
    }
}

/// What the card says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintableCard {
    pub shop_name: String,
    pub nickname: String,
    pub tagline: Option<String>,
    /// What the code opens: "Instagram", "ポートフォリオ", or the public card.
    pub label: String,
    /// The address as people read it, printed small under the label on A6.
    pub address: String,
    /// What the QR code carries.
    pub encoded: String,
}
