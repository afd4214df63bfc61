//! The built site's file names, and the tags that load them.
//!
//! A release build names the wasm, its JavaScript and the stylesheet after their content
//! (`joren.<hash>.css`), so the browser may keep them for a year: a new version has new names.
//! The server finds the names in the site it serves (built into the binary, or a folder given
//! with `--site-root`) and hands them to every page here; without a hashed file (a debug build,
//! the tests) the plain names are used.

use leptos::prelude::*;

/// The names of the three files every page loads, under `/pkg/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteAssets {
    pub stylesheet: String,
    pub script: String,
    pub wasm: String,
    /// Whether the names carry a content hash (then the files may be cached for a year).
    pub hashed: bool,
    /// The loader of the screens split out of the wasm, which the page script imports: fetched
    /// beside it rather than after it.
    pub split_loader: Option<String>,
}

impl SiteAssets {
    /// The plain names, `{output}.css`, `{output}.js`, `{output}.wasm`.
    pub fn plain(output: &str) -> Self {
        Self {
            stylesheet: format!("{output}.css"),
            script: format!("{output}.js"),
            wasm: format!("{output}.wasm"),
            hashed: false,
            split_loader: None,
        }
    }

    /// The names found among the files of `/pkg/` (`joren.Zz9.css`, …): for each kind, the
    /// one `{output}.{hash}.{extension}` if there is exactly one, else the plain name.
    pub fn from_files<'a>(output: &str, files: impl IntoIterator<Item = &'a str>) -> Self {
        let files: Vec<&str> = files.into_iter().collect();
        let plain = Self::plain(output);
        let stylesheet = hashed_name(&files, output, "css");
        let script = hashed_name(&files, output, "js");
        let wasm = hashed_name(&files, output, "wasm");
        Self {
            hashed: stylesheet.is_some() && script.is_some() && wasm.is_some(),
            stylesheet: stylesheet.unwrap_or(plain.stylesheet),
            script: script.unwrap_or(plain.script),
            wasm: wasm.unwrap_or(plain.wasm),
            split_loader: hashed_name(&files, SPLIT_LOADER, "js"),
        }
    }
}

/// The stem of the script that loads the screens split out of the main wasm
/// (`cargo leptos build --split`), which the page script imports.
const SPLIT_LOADER: &str = "__wasm_split";

/// The one `{stem}.{hash}.{extension}` among `files`, if there is exactly one.
fn hashed_name(files: &[&str], stem: &str, extension: &str) -> Option<String> {
    let mut found = files.iter().filter(|name| {
        name.strip_prefix(stem)
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|rest| rest.strip_suffix(extension))
            .and_then(|rest| rest.strip_suffix('.'))
            .is_some_and(|hash| {
                !hash.is_empty()
                    && hash
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
    });
    match (found.next(), found.next()) {
        (Some(name), None) => Some((*name).to_owned()),
        _ => None,
    }
}

/// The stylesheet link, and the script that loads the wasm and hydrates the page, with the
/// page's nonce (the Content-Security-Policy allows no other script).
#[component]
pub fn SiteHead(assets: SiteAssets) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let SiteAssets {
        stylesheet,
        script,
        wasm,
        split_loader,
        ..
    } = assets;
    let script_path = format!("/pkg/{script}");
    let wasm_path = format!("/pkg/{wasm}");
    let start = format!(
        "import('{script_path}').then(m => m.default({{module_or_path: '{wasm_path}'}}).then(() => m.hydrate()));"
    );
    view! {
        <link rel="stylesheet" id="leptos" href=format!("/pkg/{stylesheet}")/>
        <link rel="modulepreload" href=script_path/>
        {split_loader.map(|loader| view! { <link rel="modulepreload" href=format!("/pkg/{loader}")/> })}
        <link rel="preload" href=wasm_path r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" nonce=nonce>{start}</script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_found_among_the_files() {
        let files = [
            "joren.Zz9.css",
            "joren.AbC-1_x.js",
            "joren.QQQ.wasm",
            "joren.QQQ.wasm.br",
            "snippets",
        ];
        let assets = SiteAssets::from_files("joren", files);
        assert_eq!(assets.stylesheet, "joren.Zz9.css");
        assert_eq!(assets.script, "joren.AbC-1_x.js");
        assert_eq!(assets.wasm, "joren.QQQ.wasm");
        assert!(assets.hashed);
        assert_eq!(assets.split_loader, None);
    }

    #[test]
    fn the_split_wasm_loader_is_found_beside_the_script() {
        let files = [
            "joren.Zz9.css",
            "joren.AbC.js",
            "joren.QQQ.wasm",
            "__wasm_split.J6z-T_Y.js",
            "__wasm_split.J6z-T_Y.js.br",
            "__wasm_split_manifest.xW2.json",
            "split___settings_page_view_82.uAx.wasm",
        ];
        let assets = SiteAssets::from_files("joren", files);
        assert_eq!(assets.script, "joren.AbC.js");
        assert_eq!(
            assets.split_loader.as_deref(),
            Some("__wasm_split.J6z-T_Y.js")
        );
    }

    #[test]
    fn plain_names_when_nothing_is_hashed_or_the_choice_is_unclear() {
        let assets = SiteAssets::from_files("joren", ["joren.css", "joren.js", "joren.wasm"]);
        assert_eq!(assets, SiteAssets::plain("joren"));
        assert_eq!(
            SiteAssets::from_files("joren", []),
            SiteAssets::plain("joren")
        );
        // Two stylesheets: neither is trusted, and nothing may be cached for a year.
        let assets = SiteAssets::from_files("joren", ["joren.a.css", "joren.b.css", "joren.c.js"]);
        assert_eq!(assets.stylesheet, "joren.css");
        assert_eq!(assets.script, "joren.c.js");
        assert!(!assets.hashed);
        // Another output's files, or a name with a dot in its "hash", are not ours.
        let assets = SiteAssets::from_files("joren", ["jorenx.a.css", "joren.a.b.css"]);
        assert_eq!(assets.stylesheet, "joren.css");
    }
}
