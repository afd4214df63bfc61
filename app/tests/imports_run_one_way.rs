//! Imports run one way. In the app: screens (`routes`) use components and server functions,
//! server functions use the core, and nothing goes back; no two modules name each other,
//! directly or round a loop. In the server: only `main.rs` and `lib.rs` name `startup`, and
//! its modules form no loop either.
//!
//! A module is named by the `crate::…` paths its files write (in `use` lines, in code and
//! inside macros such as `view!`), taken to two levels: `routes::register`,
//! `functions::links`, `error`. A module's own submodules count as itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;

/// Each module of the crate whose sources are in `src`, with the modules it names.
fn names(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut names = BTreeMap::new();
    for file in rust_files(src) {
        let module = module_of(src, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        let named: &mut BTreeSet<String> = names.entry(module).or_default();
        for (at, _) in text.match_indices("crate::") {
            let path: String = text[at + "crate::".len()..]
                .chars()
                .take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':'
                })
                .collect();
            let path = path.trim_end_matches(':');
            if !path.is_empty() {
                named.insert(path.to_owned());
            }
        }
    }
    names
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    files
}

/// `src/routes/register/mod.rs` → `routes::register`; `src/lib.rs` → `` (the crate itself).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// A path cut to two levels: `routes::register::check_in::CheckIn` → `routes::register`.
fn level_two(path: &str) -> String {
    path.split("::").take(2).collect::<Vec<_>>().join("::")
}

/// One module inside the other (or the same): they are one part of the code.
fn same_part(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

/// Every loop of modules naming each other, each as the names it goes through.
fn loops(names: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let edges: BTreeSet<(String, String)> = names
        .iter()
        .filter(|(module, _)| !module.is_empty())
        .flat_map(|(module, named)| {
            named
                .iter()
                .map(move |name| (level_two(module), level_two(name)))
        })
        .filter(|(from, to)| !same_part(from, to))
        .collect();
    let mut graph = DiGraphMap::<&str, ()>::new();
    for (from, to) in &edges {
        graph.add_edge(from.as_str(), to.as_str(), ());
    }
    tarjan_scc(&graph)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| {
            let mut component: Vec<String> = component.into_iter().map(str::to_owned).collect();
            component.sort();
            component
        })
        .collect()
}

fn crate_src(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)
}

#[test]
fn no_two_modules_of_the_app_or_the_server_name_each_other() {
    for src in [crate_src("src"), crate_src("../server/src")] {
        let loops = loops(&names(&src));
        assert!(
            loops.is_empty(),
            "{}: modules in a loop: {loops:?}",
            src.display()
        );
    }
}

#[test]
fn screens_use_server_functions_and_never_the_other_way() {
    let names = names(&crate_src("src"));
    for (module, named) in &names {
        let below = [
            "functions",
            "components",
            "words",
            "error",
            "problems",
            "auth",
        ];
        if below.iter().any(|lower| same_part(module, lower)) {
            let upward: Vec<&String> = named
                .iter()
                .filter(|name| name.starts_with("routes"))
                .collect();
            assert!(upward.is_empty(), "{module} names screens: {upward:?}");
        }
        if same_part(module, "functions") {
            let upward: Vec<&String> = named
                .iter()
                .filter(|name| name.starts_with("components"))
                .collect();
            assert!(upward.is_empty(), "{module} names components: {upward:?}");
        }
    }
}

#[test]
fn only_main_and_lib_name_the_servers_start_up() {
    let names = names(&crate_src("../server/src"));
    for (module, named) in &names {
        if module.is_empty() || module == "startup" {
            continue;
        }
        let start_up: Vec<&String> = named
            .iter()
            .filter(|name| name.starts_with("startup"))
            .collect();
        assert!(start_up.is_empty(), "{module} names startup: {start_up:?}");
    }
}

#[test]
fn a_loop_is_found_where_there_is_one() {
    let names = BTreeMap::from([
        (
            "routes::regular".to_owned(),
            BTreeSet::from(["functions::data_care::export".to_owned()]),
        ),
        (
            "functions::data_care".to_owned(),
            BTreeSet::from(["routes::settings::audit::words".to_owned()]),
        ),
        (
            "routes::settings::audit".to_owned(),
            BTreeSet::from([
                "routes::regular::card".to_owned(),
                "routes::settings".to_owned(),
            ]),
        ),
        (
            "words".to_owned(),
            BTreeSet::from(["lang::Lang".to_owned()]),
        ),
    ]);
    assert_eq!(
        loops(&names),
        vec![vec![
            "functions::data_care".to_owned(),
            "routes::regular".to_owned(),
            "routes::settings".to_owned(),
        ]]
    );
    assert_eq!(
        module_of(Path::new("src"), Path::new("src/routes/register/mod.rs")),
        "routes::register"
    );
    assert_eq!(module_of(Path::new("src"), Path::new("src/lib.rs")), "");
}
