//! Generates the `i18n` module (the `Locale` type and a checked key for every text) from the
//! translation files in `locales/<language>/<area>.json`.

use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

/// One file per area of the kiosk, in each language.
const AREAS: &[&str] = &[
    "common",
    "lock",
    "register",
    "regular",
    "introduce",
    "settings",
    "insights",
    "privacy",
    "problems",
    "public",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Leptos's `erase_components`, which every build sets (.cargo/config.toml, `crate::VIEWS`).
    println!("cargo::rustc-check-cfg=cfg(erase_components)");
    let options = ParseOptions::new().interpolate_display(true);
    let config = Config::new("ja")?
        .add_locale("en")?
        .add_namespaces(AREAS)?
        .parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}
