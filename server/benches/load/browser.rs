//! What a tablet downloads first, and the first working tap, measured in Chromium.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::figures::*;
use crate::server::*;

/// What a tablet downloads to show the kiosk: the wasm, JavaScript and stylesheet the page
/// names, and the scripts those scripts import (the split wasm's loader), as the server sends
/// them to a browser that accepts brotli. A screen's own wasm, loaded when it is first opened,
/// is not part of it.
pub(crate) async fn first_load(kiosk: &Kiosk) -> Figure {
    let page = kiosk
        .client
        .get(kiosk.url("/"))
        .send()
        .await
        .expect("the kiosk page")
        .text()
        .await
        .unwrap_or_default();
    let mut files: Vec<String> = page
        .split("/pkg/")
        .skip(1)
        .filter_map(|rest| rest.split(['"', '\'', ')', ' ']).next())
        .map(|name| format!("/pkg/{name}"))
        .collect();
    files.sort();
    files.dedup();
    let mut total = 0u64;
    let mut details = Vec::new();
    let mut next = 0;
    while let Some(file) = files.get(next).cloned() {
        next += 1;
        let response = kiosk
            .client
            .get(kiosk.url(&file))
            .header("accept-encoding", "br, gzip")
            .send()
            .await
            .expect("a site file");
        let encoding = header(&response, "content-encoding");
        let cache = header(&response, "cache-control");
        let bytes = response.bytes().await.map(|b| b.len() as u64).unwrap_or(0);
        total += bytes;
        let kind = file.rsplit('.').next().unwrap_or("?");
        details.push(format!(
            "{kind} {:.0} KB {encoding}{}",
            bytes as f64 / 1024.0,
            if cache.contains("immutable") {
                ", cached a year"
            } else {
                ""
            }
        ));
        if kind == "js" {
            for imported in static_imports(&kiosk.text(&file).await) {
                let imported = format!("/pkg/{imported}");
                if !files.contains(&imported) {
                    files.push(imported);
                }
            }
        }
    }
    Figure {
        name: "first load of the kiosk (wasm + JS + CSS, as sent)",
        value: Some(total as f64 / 1024.0),
        unit: "KB",
        target: Target::AtMost(300.0),
        detail: details.join("; "),
    }
}

/// The most a screen other than the register makes a tablet download when it is first opened:
/// its own split-out wasm and the shared chunks it needs (the manifest `cargo leptos build
/// --split` writes), brotli as sent. Read from the checkout's `target/site`, which the
/// release binary embeds.
pub(crate) fn largest_screen() -> Figure {
    let pkg = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the server crate is in the workspace")
        .join("target/site/pkg");
    let manifest = std::fs::read_dir(&pkg)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| {
                    name.starts_with("__wasm_split_manifest.") && name.ends_with(".json")
                })
        })
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| {
            serde_json::from_slice::<std::collections::BTreeMap<String, Vec<String>>>(&bytes).ok()
        });
    let Some(manifest) = manifest else {
        return Figure {
            name: "a screen's own code, loaded when first opened (largest)",
            value: None,
            unit: "KB",
            target: Target::AtMost(150.0),
            detail: format!("not measured: no split manifest in {}", pkg.display()),
        };
    };
    let brotli = |file: &str| {
        std::fs::metadata(pkg.join(format!("{file}.wasm.br")))
            .map(|metadata| metadata.len())
            .unwrap_or(0)
    };
    let mut screens: Vec<(String, u64)> = manifest
        .iter()
        .map(|(screen, files)| {
            // `__settings_page_view_8260…` names the screen's view, `follow_up_view_1370…` a
            // lazy function of a screen (the follow-up after a check-in).
            let name = screen
                .trim_start_matches('_')
                .split("_page_view")
                .next()
                .unwrap_or(screen)
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end_matches('_')
                .to_owned();
            (name, files.iter().map(|file| brotli(file)).sum())
        })
        .collect();
    screens.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    Figure {
        name: "a screen's own code, loaded when first opened (largest)",
        value: screens.first().map(|(_, bytes)| *bytes as f64 / 1024.0),
        unit: "KB",
        target: Target::AtMost(150.0),
        detail: screens
            .iter()
            .map(|(name, bytes)| format!("{name} {:.0}", *bytes as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The first working tap's CPU throttling rates, with their figures' names and targets (ms).
pub(crate) const FIRST_TAP: [(u32, &str, f64); 3] = [
    (1, "first working tap on the register, CPU as is", 150.0),
    (4, "first working tap on the register, CPU slowed 4×", 400.0),
    (6, "first working tap on the register, CPU slowed 6×", 600.0),
];
/// Loads at each rate; a figure is their median.
pub(crate) const FIRST_TAP_LOADS: usize = 5;
/// How long `end2end/bench/first-tap.mjs` waits for the form in one load.
pub(crate) const FIRST_TAP_GIVE_UP_MS: u32 = 15_000;

/// First working tap: from navigating to the register to the form that "+ New regular" opens,
/// tapping it every 50 ms, in headless Chromium with the CPU as is and slowed 4× and 6× (Chrome
/// DevTools' throttling), each the median of 5 loads in fresh browser contexts with the cache
/// off, over loopback. The detail gives the floor of the same run: a bare page with the same
/// disclosure, which the browser serves itself. `end2end/bench/first-tap.mjs` drives the
/// browser with the owner's session; without Node, Chromium or end2end's npm packages the
/// figures say so and have no value.
pub(crate) async fn first_tap(kiosk: &Kiosk, regulars: i64, here: usize) -> Vec<Figure> {
    let cookie = kiosk.sign_in().await;
    let session = cookie.split_once('=').map_or("", |(_, value)| value);
    let measured = first_tap_loads(&kiosk.url("/"), session);
    FIRST_TAP
        .iter()
        .map(|&(rate, name, limit)| {
            let (value, detail) = match &measured {
                Err(why) => (None, why.clone()),
                Ok(loads) => {
                    let rate = rate.to_string();
                    let (median, detail) = first_tap_median(&loads[rate.as_str()]);
                    let (floor, floor_detail) = first_tap_median(&loads["floor"][rate.as_str()]);
                    let floor =
                        floor.map_or_else(|| "not measured".to_owned(), |ms| format!("{ms:.0} ms"));
                    (
                        median,
                        format!(
                            "{detail}; the register of a shop with {regulars} regulars, {here} \
                             of them in it now; floor in the same run: {floor}, {floor_detail}, \
                             a bare page with the same disclosure and field that the browser \
                             serves itself"
                        ),
                    )
                }
            };
            Figure {
                name,
                value,
                unit: "ms",
                target: Target::AtMost(limit),
                detail,
            }
        })
        .collect()
}

/// Runs `end2end/bench/first-tap.mjs` at every rate: `{"RATE": [ms or null, …], …}`, or why
/// it could not.
pub(crate) fn first_tap_loads(url: &str, session: &str) -> Result<Value, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the server crate is in the workspace");
    let chromium = std::env::var_os("JOREN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        return Err(format!(
            "not measured: no Chromium at {} (apt-get install chromium)",
            chromium.display()
        ));
    }
    if !root.join("end2end/node_modules/@playwright/test").is_dir() {
        return Err(
            "not measured: end2end's npm packages (Playwright) are not installed \
             (cd end2end && npm ci)"
                .to_owned(),
        );
    }
    let rates = FIRST_TAP.map(|(rate, _, _)| rate.to_string()).join(",");
    let output = Command::new("node")
        .arg(root.join("end2end/bench/first-tap.mjs"))
        .args([url, session, &rates, &FIRST_TAP_LOADS.to_string()])
        .stderr(Stdio::inherit())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err("not measured: Node.js is not installed".to_owned());
        }
        Err(error) => return Err(format!("not measured: node did not start: {error}")),
    };
    if !output.status.success() {
        return Err(format!(
            "not measured: end2end/bench/first-tap.mjs failed ({}; its errors are above the table)",
            output.status
        ));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("not measured: first-tap.mjs printed no figures ({error})"))
}

/// The median of one rate's loads and the detail that lists them. A load that gave up took
/// longer than any that did not, so the median is known while fewer than half gave up.
pub(crate) fn first_tap_median(loads: &Value) -> (Option<f64>, String) {
    let times: Vec<Option<f64>> = loads
        .as_array()
        .map(|loads| loads.iter().map(Value::as_f64).collect())
        .unwrap_or_default();
    if times.is_empty() {
        return (
            None,
            "not measured: first-tap.mjs gave no loads at this rate".to_owned(),
        );
    }
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| {
        a.unwrap_or(f64::INFINITY)
            .total_cmp(&b.unwrap_or(f64::INFINITY))
    });
    let median = sorted[(sorted.len() - 1) / 2];
    let listed: Vec<String> = times
        .iter()
        .map(|time| match time {
            Some(ms) => format!("{ms:.0}"),
            None => format!("over {} s", FIRST_TAP_GIVE_UP_MS / 1000),
        })
        .collect();
    let detail = format!(
        "median of {} loads ({} ms); a tap every 50 ms from navigation until the Nickname \
         field shows; fresh context, cache off, loopback, headless Chromium",
        times.len(),
        listed.join(", "),
    );
    (median, detail)
}

/// The sibling modules a script imports by a relative name (`from "./x.js"`,
/// `import("./x.js")`); other strings that look like one (wasm-bindgen names its import object
/// `"./joren_bg.js"`) are not imports.
pub(crate) fn static_imports(script: &str) -> Vec<String> {
    let mut imports = Vec::new();
    for quote in ['"', '\''] {
        let opening = format!("{quote}./");
        let mut rest = script;
        while let Some(at) = rest.find(&opening) {
            let before = rest[..at].trim_end();
            let after = &rest[at + opening.len()..];
            let name = after.split(quote).next().unwrap_or_default();
            if (before.ends_with("from")
                || before.ends_with("import")
                || before.ends_with("import("))
                && name.ends_with(".js")
                && !name.contains('/')
            {
                imports.push(name.to_owned());
            }
            rest = after;
        }
    }
    imports
}
