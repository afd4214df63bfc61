//! The schema's migrations are compiled into the program (`sqlx::migrate!`); a new migration
//! file must rebuild it.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
