//! The built site — the wasm, its JavaScript, the stylesheet, the icons — served from inside
//! the `joren` binary, so that installing Joren is copying one file.
//!
//! The release build (`cargo leptos build --release --precompress`) writes the site into
//! `target/site` before it compiles the server, and `rust-embed` builds every file of it into
//! the binary, with its brotli and gzip variants. (A debug build reads the same folder from
//! disk instead, so `cargo leptos watch` sees each new build.) `--site-root DIR` serves a folder
//! instead, for development and the tests.
//!
//! Each answer carries its content type, the precompressed variant the browser accepts, an
//! `ETag`, and a cache rule: files named after their content (`/pkg/joren.<hash>.wasm`) may be
//! kept for a year, every other file is asked for again (and answered with 304 when unchanged).

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use joren_app::assets::SiteAssets;

/// How long a browser may keep a file named after its content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Every other file: kept, but asked for again each time (cheap with the ETag).
const REVALIDATE: &str = "no-cache";

/// The offline page may load its own stylesheet, script and icon, and ask `/healthz` whether
/// the box answers again; nothing else.
const OFFLINE_PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";
/// The service worker may fetch from the kiosk's own origin (the pages it passes on, the
/// offline page's files it keeps); a worker's script response sets the worker's own policy.
const SERVICE_WORKER_POLICY: &str = "default-src 'none'; connect-src 'self'";

/// The Content-Security-Policy of a site file that is a page or a worker. Every other file
/// gets the server's policy that allows nothing.
fn policy_of(path: &str) -> Option<&'static str> {
    match path {
        "offline.html" => Some(OFFLINE_PAGE_POLICY),
        "sw.js" => Some(SERVICE_WORKER_POLICY),
        _ => None,
    }
}

/// The site as the release build wrote it, built into the binary.
#[derive(rust_embed::RustEmbed)]
#[folder = "../target/site"]
#[allow_missing = true]
struct Embedded;

/// Where the site's files come from.
#[derive(Debug, Clone)]
pub enum Site {
    /// Built into the binary.
    Embedded,
    /// A folder on disk (`--site-root`).
    Folder(PathBuf),
}

/// One file's bytes and the tag that names this version of them.
struct SiteFile {
    bytes: Cow<'static, [u8]>,
    etag: String,
}

impl Site {
    pub fn new(root: Option<PathBuf>) -> Self {
        root.map_or(Self::Embedded, Self::Folder)
    }

    /// The names of the stylesheet, script and wasm every page loads.
    pub fn assets(&self, output_name: &str) -> SiteAssets {
        let files: Vec<String> = match self {
            Self::Embedded => Embedded::iter()
                .filter_map(|path| path.strip_prefix("pkg/").map(str::to_owned))
                .collect(),
            Self::Folder(root) => std::fs::read_dir(root.join("pkg"))
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|entry| entry.file_name().into_string().ok())
                .collect(),
        };
        SiteAssets::from_files(output_name, files.iter().map(String::as_str))
    }

    /// Whether the site holds the page script: without it pages render but stay inert.
    pub fn has(&self, path: &str) -> bool {
        self.file(path).is_some()
    }

    fn file(&self, path: &str) -> Option<SiteFile> {
        match self {
            Self::Embedded => Embedded::get(path).map(|file| SiteFile {
                etag: etag(&file.metadata.sha256_hash()[..8]),
                bytes: file.data,
            }),
            Self::Folder(root) => {
                let bytes = std::fs::read(root.join(path)).ok()?;
                let mut hasher = std::hash::DefaultHasher::new();
                bytes.hash(&mut hasher);
                Some(SiteFile {
                    etag: etag(&hasher.finish().to_be_bytes()),
                    bytes: Cow::Owned(bytes),
                })
            }
        }
    }
}

fn etag(digest: &[u8]) -> String {
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("\"{hex}\"")
}

/// The answer for `path` when the site has such a file, or `None` (the caller then renders
/// its "not found" page). Only GET and HEAD are answered.
pub fn respond(
    site: &Site,
    assets: &SiteAssets,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Option<Response> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let path = file_path(path)?;
    let accepted = accepted_encodings(headers);
    let (file, encoding) = [("br", ".br"), ("gzip", ".gz")]
        .into_iter()
        .filter(|(name, _)| accepted.contains(name))
        .find_map(|(name, suffix)| {
            site.file(&format!("{path}{suffix}"))
                .map(|file| (file, Some(name)))
        })
        .or_else(|| site.file(&path).map(|file| (file, None)))?;
    let hashed = assets.hashed && path.starts_with("pkg/");
    let mut response = Response::builder()
        .header(header::ETAG, &file.etag)
        .header(header::VARY, "accept-encoding")
        .header(
            header::CACHE_CONTROL,
            if hashed { IMMUTABLE } else { REVALIDATE },
        );
    if let Some(encoding) = encoding {
        response = response.header(header::CONTENT_ENCODING, encoding);
    }
    if let Some(policy) = policy_of(&path) {
        response = response.header(header::CONTENT_SECURITY_POLICY, policy);
    }
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == file.etag));
    let response = if unchanged {
        response
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
    } else {
        let content_type = mime_guess::from_path(&path).first_or_octet_stream();
        let response = response
            .header(header::CONTENT_TYPE, content_type.as_ref())
            .header(header::CONTENT_LENGTH, file.bytes.len());
        if method == Method::HEAD {
            response.body(Body::empty())
        } else {
            response.body(Body::from(file.bytes))
        }
    };
    response.ok()
}

/// The site-relative path of a request path, when it can name a file: no empty, `.` or `..`
/// segment, nothing hidden, no backslash.
fn file_path(request_path: &str) -> Option<String> {
    let path = request_path.strip_prefix('/')?;
    let plain = !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && !segment.starts_with('.'))
        && Path::new(path)
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
    plain.then(|| path.to_owned())
}

/// The content codings the request accepts (`br`, `gzip`), leaving out those with `q=0`.
fn accepted_encodings(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value: &HeaderValue| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let coding = parts.next()?.trim();
            let refused = parts.any(|parameter| {
                parameter
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!refused && !coding.is_empty()).then_some(coding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_can_name_a_file() {
        assert_eq!(
            file_path("/pkg/joren.css").as_deref(),
            Some("pkg/joren.css")
        );
        assert_eq!(file_path("/favicon.svg").as_deref(), Some("favicon.svg"));
        for refused in [
            "/",
            "",
            "pkg/joren.css",
            "/pkg/../secret",
            "/pkg//joren.css",
            "/.env",
            "/pkg/./joren.css",
            "/pkg\\joren.css",
            "/pkg/",
        ] {
            assert_eq!(file_path(refused), None, "{refused}");
        }
    }

    #[test]
    fn accepted_encodings_leave_out_refused_ones() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br;q=0, zstd;q=0.5"),
        );
        assert_eq!(accepted_encodings(&headers), ["gzip", "deflate", "zstd"]);
        assert!(accepted_encodings(&HeaderMap::new()).is_empty());
    }
}
