//! Built-in https: a certificate chain and its private key, given by path (PEM), served with
//! rustls. For a shop with its own domain a reverse proxy (Caddy, nginx) is the other way;
//! the book's install chapter (docs/install.md) shows both.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The two files https needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate chain, the server's own certificate first.
    pub cert: PathBuf,
    /// The private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read the https certificate {path}: {reason}")]
    Certificate { path: PathBuf, reason: String },
    #[error("cannot read the https key {path}: {reason}")]
    Key { path: PathBuf, reason: String },
    #[error("the https key {key} does not fit the certificate {cert}: {reason}")]
    Mismatch {
        cert: PathBuf,
        key: PathBuf,
        reason: String,
    },
}

/// Reads both files and checks that the key belongs to the certificate.
pub fn load(files: &TlsFiles) -> Result<RustlsConfig, TlsError> {
    let certificate_error = |reason: String| TlsError::Certificate {
        path: files.cert.clone(),
        reason,
    };
    let chain = CertificateDer::pem_file_iter(&files.cert)
        .map_err(|error| certificate_error(pem_reason(&error, &files.cert)))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| certificate_error(pem_reason(&error, &files.cert)))?;
    if chain.is_empty() {
        return Err(certificate_error(
            "no certificate in it (a PEM file starting with -----BEGIN CERTIFICATE-----)".into(),
        ));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|error| TlsError::Key {
        path: files.key.clone(),
        reason: pem_reason(&error, &files.key),
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_no_client_auth().with_single_cert(chain, key))
        .map_err(|error| TlsError::Mismatch {
            cert: files.cert.clone(),
            key: files.key.clone(),
            reason: error.to_string(),
        })?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(RustlsConfig::from_config(Arc::new(config)))
}

fn pem_reason(error: &rustls::pki_types::pem::Error, path: &Path) -> String {
    use rustls::pki_types::pem::Error;
    match error {
        Error::Io(error) => error.to_string(),
        Error::NoItemsFound => format!(
            "nothing of that kind in {} (is it the other file of the two?)",
            path.display()
        ),
        other => format!("not a PEM file ({other:?})"),
    }
}
