//! Generates the `i18n` module (locale enum, keys, `t!` macros) from
//! `locales/{en,fr}/*.json`; fails the build when a locale lacks a key or an
//! interpolation another locale has.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    // One namespace per file of the default locale: locales/en/<namespace>.json.
    let mut namespaces: Vec<String> = std::fs::read_dir("locales/en")
        .expect("locales/en exists")
        .filter_map(|entry| entry.ok()?.path().file_stem()?.to_str().map(str::to_owned))
        .collect();
    namespaces.sort();
    println!("cargo::rerun-if-changed=locales");
    let config = Config::new("en")
        .expect("en is a valid locale")
        .add_locale("fr")
        .expect("fr is a valid locale")
        .add_namespaces(&namespaces)
        .expect("namespace names are valid")
        // Strings with values (counts, names) are also needed outside views:
        // attributes, toasts, formatted numbers.
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config).expect("locales/ parse");
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    translations.generate_i18n_module(out.join("i18n")).expect("i18n module written");
}
