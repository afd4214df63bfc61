//! The built site's file names. A release build names the wasm, its JavaScript and the
//! stylesheet after their content (`joren.<hash>.css`, written by the build into `hash.txt`
//! beside the `joren` binary), so the browser may keep them for a year: a new version has new
//! names. Without that file (a debug build, the tests) the plain names are used.

use std::path::PathBuf;
use std::sync::OnceLock;

use leptos::prelude::LeptosOptions;

/// Where the build wrote the content hashes: beside the running binary.
pub fn hash_file(options: &LeptosOptions) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join(options.hash_file.as_ref()))
}

/// Whether this build's files carry their content hash in their names.
pub fn hashed_names(options: &LeptosOptions) -> bool {
    hash_file(options).is_some_and(|path| path.is_file())
}

/// The stylesheet's file name under `/pkg/`, read once.
pub fn stylesheet_file(options: &LeptosOptions) -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let hashes = options
            .hash_files
            .then(|| hash_file(options))
            .flatten()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        file_name(&options.output_name, "css", &hashes)
    })
}

/// `{output}.{hash}.{extension}` when `hashes` (the lines of `hash.txt`, `css: <hash>`) name
/// one for the extension, else `{output}.{extension}`.
fn file_name(output: &str, extension: &str, hashes: &str) -> String {
    hashes
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(kind, _)| kind.trim() == extension)
        .map(|(_, hash)| format!("{output}.{}.{extension}", hash.trim()))
        .unwrap_or_else(|| format!("{output}.{extension}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_file_names_each_kind_of_file() {
        let hashes = "js: AbC-1_x\nwasm: QQQ\ncss: Zz9\n";
        assert_eq!(file_name("joren", "css", hashes), "joren.Zz9.css");
        assert_eq!(file_name("joren", "wasm", hashes), "joren.QQQ.wasm");
        assert_eq!(file_name("joren", "css", ""), "joren.css");
    }
}
