//! Words more than one place says: a screen, and a file or page the server writes (the
//! download of a regular's data, the audit log). Each is worded once, here, in the kiosk's
//! language.

pub mod audit;

use joren::introduction::{IntroductionError, Outcome};

use crate::i18n::td_string;
use crate::lang::Lang;

/// A person's name as the kiosk's texts put it before the rest of a sentence: in Japanese
/// with さん unless the name carries its own honorific (「ゆうさん」, but 「さくらちゃん」, never
/// 「さくらちゃんさん」); in English as it is. Every Japanese text that speaks of a person
/// takes the name through here rather than writing さん itself.
pub fn called(name: &str, lang: Lang) -> String {
    match lang {
        Lang::ja => joren::honorific::japanese(name).into_owned(),
        Lang::en => name.to_owned(),
    }
}

/// What an introduction led to.
pub fn outcome_words(outcome: Outcome, lang: Lang) -> &'static str {
    match outcome {
        Outcome::WorkedTogether => td_string!(lang, introduce.worked_together),
        Outcome::BecameCustomer => td_string!(lang, introduce.became_a_customer),
        Outcome::BecameFriends => td_string!(lang, introduce.became_friends),
        Outcome::NothingYet => td_string!(lang, introduce.nothing_yet),
    }
}

/// Why an introduction or follow-up was refused, in the kiosk's language.
pub fn introduction_refusal(refused: &IntroductionError, lang: Lang) -> String {
    match refused {
        IntroductionError::SamePerson => {
            td_string!(lang, introduce.choose_two_different_people).to_owned()
        }
        IntroductionError::NoSuchRegular => {
            td_string!(lang, introduce.regular_not_found).to_owned()
        }
        IntroductionError::NoConsent { nickname } => td_string!(
            lang,
            introduce.no_consent,
            nickname = called(nickname, lang)
        )
        .to_string(),
        IntroductionError::NoSuchIntroduction => {
            td_string!(lang, introduce.introduction_not_found).to_owned()
        }
        IntroductionError::UnknownOutcome(_) => {
            td_string!(lang, introduce.choose_what_it_led_to).to_owned()
        }
    }
}
