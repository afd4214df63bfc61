//! The check-in chime: two soft notes when a check-in is confirmed, for a busy register where
//! nobody watches the screen. Off until someone turns it on; the choice stays on this tablet
//! (its local storage), since one tablet may sit by the espresso machine and another in a
//! quiet corner.

use crate::i18n::td_string;
use leptos::prelude::*;

use crate::components::icons::SpeakerIcon;
use crate::lang::use_lang;

/// Whether this tablet plays the chime.
#[derive(Clone, Copy)]
pub struct Sound(RwSignal<bool>);

impl Sound {
    /// Provides the tablet's choice to the register, read once the page runs in the browser.
    pub fn provide() -> Self {
        let sound = Sound(RwSignal::new(false));
        Effect::new(move |_| sound.0.set(browser::kept()));
        provide_context(sound);
        sound
    }

    /// Plays the chime, when this tablet has sound on.
    pub fn chime(self) {
        if self.0.get_untracked() {
            browser::play();
        }
    }
}

/// A speaker on the register's top bar: a toggle, named "check-in sound", that says whether
/// it is on (and shows it, with sound waves or a cross).
#[component]
pub fn SoundSwitch() -> impl IntoView {
    let lang = use_lang();
    let sound = expect_context::<Sound>();
    let on = Signal::derive(move || sound.0.get());
    view! {
        <button
            type="button"
            class="button button--icon"
            aria-pressed=move || sound.0.get().to_string()
            aria-label=move || td_string!(lang.get(), common.check_in_sound)
            title=move || td_string!(lang.get(), common.check_in_sound)
            on:click=move |_| {
                let on = !sound.0.get_untracked();
                sound.0.set(on);
                browser::keep(on);
                if on {
                    browser::play();
                }
            }
        >
            <SpeakerIcon on/>
        </button>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    /// Where the tablet keeps its choice: `on` or nothing.
    const SOUND_KEY: &str = "joren_sound";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn kept() -> bool {
        storage()
            .and_then(|storage| storage.get_item(SOUND_KEY).ok().flatten())
            .is_some_and(|value| value == "on")
    }

    pub fn keep(on: bool) {
        if let Some(storage) = storage() {
            let _ = if on {
                storage.set_item(SOUND_KEY, "on")
            } else {
                storage.remove_item(SOUND_KEY)
            };
        }
    }

    /// E5 then A5, soft sine notes that fade out, a quarter of a second each.
    pub fn play() {
        let Ok(context) = web_sys::AudioContext::new() else {
            return;
        };
        let start = context.current_time();
        for (offset, frequency) in [(0.0, 659.25_f32), (0.12, 880.0_f32)] {
            let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
            else {
                return;
            };
            oscillator.set_type(web_sys::OscillatorType::Sine);
            oscillator.frequency().set_value(frequency);
            let at = start + offset;
            let volume = gain.gain();
            let _ = volume.set_value_at_time(0.0, at);
            let _ = volume.linear_ramp_to_value_at_time(0.25, at + 0.02);
            let _ = volume.exponential_ramp_to_value_at_time(0.001, at + 0.35);
            let _ = oscillator
                .connect_with_audio_node(&gain)
                .and_then(|_| gain.connect_with_audio_node(&context.destination()));
            let _ = oscillator.start_with_when(at);
            let _ = oscillator.stop_with_when(at + 0.4);
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn kept() -> bool {
        false
    }
    pub fn keep(_on: bool) {}
    pub fn play() {}
}
