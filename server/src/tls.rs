//! TLS termination with rustls: TLS 1.3 and 1.2 only (rustls implements nothing older), the ring
//! provider's default cipher suites, HTTP/2 and HTTP/1.1 by ALPN.

use std::sync::Arc;

use rustls::{
    ServerConfig,
    pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject},
};

use crate::config::TlsConfig;

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("PORTICO_TLS_CERT {path}: {message}")]
    Certificate { path: String, message: String },
    #[error("PORTICO_TLS_KEY {path}: {message}")]
    Key { path: String, message: String },
    #[error("TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
}

pub fn server_config(tls: &TlsConfig) -> Result<Arc<ServerConfig>, TlsError> {
    let cert_path = tls.cert_path.display().to_string();
    let certs = CertificateDer::pem_file_iter(&tls.cert_path)
        .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsError::Certificate {
            path: cert_path.clone(),
            message: e.to_string(),
        })?;
    if certs.is_empty() {
        return Err(TlsError::Certificate {
            path: cert_path,
            message: "no certificate found in the file".into(),
        });
    }
    let key = PrivateKeyDer::from_pem_file(&tls.key_path).map_err(|e| TlsError::Key {
        path: tls.key_path.display().to_string(),
        message: e.to_string(),
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
