# Installs what building and testing Joren need, when it is missing; sourced by scripts/run
# and scripts/test. Versions are pinned: cargo-leptos 0.3.11 does not build with Rust 1.95
# (its registry entry asks for 1.82, but its lockfile's cargo-util-schemas 0.14.2 needs 1.96;
# tried 2026-12-07 with --locked), and
# wasm-bindgen-cli must equal the wasm-bindgen library in Cargo.lock.

CARGO_LEPTOS_VERSION="0.3.10"
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q " ${CARGO_LEPTOS_VERSION}\$"; then
    say "installing cargo-leptos ${CARGO_LEPTOS_VERSION} (once; about 25 minutes on 2 cores)"
    cargo install cargo-leptos --version "${CARGO_LEPTOS_VERSION}" --locked --features no_downloads
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$"; then
    say "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (once; a few minutes)"
    # No --locked: its lockfile names a webpki-roots version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "=${WASM_BINDGEN_VERSION}" --force
  fi
}

# wasm-opt (npm's binaryen) and Playwright live in end2end/node_modules.
ensure_node_tools() {
  if [ ! -f end2end/node_modules/.package-lock.json ] ||
    [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the end2end npm packages (binaryen's wasm-opt, Playwright)"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
  PATH="$PWD/end2end/node_modules/.bin:$PATH"
  export PATH
}

ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  # zbarimg decodes the QR codes the end-to-end tests photograph.
  command -v zbarimg >/dev/null || missing+=(zbar-tools)
  # libfaketime runs a second server with its calendar moved back (end2end/tests/follow-up.spec.ts).
  dpkg -s libfaketime >/dev/null 2>&1 || missing+=(faketime)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# wrk loads the server with many connections for the benchmark's pages-per-second figures;
# Chromium, with the fonts the register's Japanese is drawn in, takes the first working tap
# (end2end/bench/first-tap.mjs, driven by the Playwright of ensure_node_tools).
ensure_bench_packages() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  [ -x "${JOREN_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages for the benchmark: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# The Debian package: cargo-deb builds it (scripts/check-deb, scripts/build-arm). dpkg-deb comes
# with Debian; systemd-analyze (Debian's systemd package) is used to check the unit when the
# machine has it, and not installed for that alone.
CARGO_DEB_VERSION="3.8.0"

ensure_deb_tools() {
  if ! cargo deb --version 2>/dev/null | grep -qx "cargo-deb ${CARGO_DEB_VERSION}"; then
    say "installing cargo-deb ${CARGO_DEB_VERSION} (once; a minute or two)"
    cargo install cargo-deb --version "${CARGO_DEB_VERSION}" --locked --force
  fi
}

# The book in docs/: mdBook builds it, and mdbook-linkcheck (a backend mdBook runs beside the
# HTML) fails the build on a link to a chapter or file that does not exist.
MDBOOK_VERSION="0.4.52"
MDBOOK_LINKCHECK_VERSION="0.7.7"

ensure_doc_tools() {
  if ! mdbook --version 2>/dev/null | grep -qx "mdbook v${MDBOOK_VERSION}"; then
    say "installing mdbook ${MDBOOK_VERSION} (once; a few minutes)"
    # Search, without the preview server and file watcher: the book is built, not served.
    cargo install mdbook --version "${MDBOOK_VERSION}" --locked --no-default-features --features search --force
  fi
  if ! mdbook-linkcheck --version 2>/dev/null | grep -qx "mdbook-linkcheck ${MDBOOK_LINKCHECK_VERSION}"; then
    say "installing mdbook-linkcheck ${MDBOOK_LINKCHECK_VERSION} (once; a few minutes)"
    cargo install mdbook-linkcheck --version "${MDBOOK_LINKCHECK_VERSION}" --locked --force
  fi
}

CARGO_DENY_VERSION="0.20.2"

# cargo-deny: the dependencies' licenses, bans and sources (deny.toml).
ensure_deny_tools() {
  if ! cargo deny --version 2>/dev/null | grep -qx "cargo-deny ${CARGO_DENY_VERSION}"; then
    say "installing cargo-deny ${CARGO_DENY_VERSION} (once; a few minutes)"
    cargo install cargo-deny --version "${CARGO_DENY_VERSION}" --locked --force
  fi
}

# 64-bit ARM (Raspberry Pi 4/5): Rust's target, Debian's cross compiler and C library for
# linking and for the C code crates build (SQLite), and qemu to run the result on this machine.
ensure_arm_tools() {
  if ! rustup target list --installed | grep -qx aarch64-unknown-linux-gnu; then
    say "adding the aarch64-unknown-linux-gnu target"
    rustup target add aarch64-unknown-linux-gnu
  fi
  local missing=()
  command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
  dpkg -s libc6-dev-arm64-cross >/dev/null 2>&1 || missing+=(libc6-dev-arm64-cross)
  command -v qemu-aarch64 >/dev/null || missing+=(qemu-user)
  # curl asks the ARM server for its pages in scripts/build-arm.
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages for the ARM build: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}
