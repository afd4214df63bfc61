//! The release binary carries the built site (`target/site`, see `src/site.rs`). Cargo is told
//! to build the server again whenever anything in that folder changes, so a new site never
//! ships inside an old binary.

fn main() {
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    // A folder that does not exist would count as changed on every build.
    if let Err(error) = std::fs::create_dir_all(&site) {
        println!("cargo:warning=cannot create {}: {error}", site.display());
    }
    println!("cargo:rerun-if-changed={}", site.display());
    println!("cargo:rerun-if-changed=build.rs");
}
