use std::{io::Write as _, sync::Arc};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{TestApp, spawn_app_with};

struct TlsApp {
    app: TestApp,
    cert_der: Vec<u8>,
    _files: tempfile::TempDir,
}

async fn spawn_tls_app() -> TlsApp {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let files = tempfile::tempdir().unwrap();
    let cert_path = files.path().join("cert.pem");
    let key_path = files.path().join("key.pem");
    std::fs::File::create(&cert_path)
        .unwrap()
        .write_all(cert.cert.pem().as_bytes())
        .unwrap();
    std::fs::File::create(&key_path)
        .unwrap()
        .write_all(cert.signing_key.serialize_pem().as_bytes())
        .unwrap();
    let app = spawn_app_with(&[
        ("PORTICO_TLS_CERT", cert_path.to_str().unwrap()),
        ("PORTICO_TLS_KEY", key_path.to_str().unwrap()),
    ])
    .await;
    TlsApp {
        app,
        cert_der: cert.cert.der().to_vec(),
        _files: files,
    }
}

fn port_of(app: &TestApp) -> u16 {
    app.base_url.rsplit(':').next().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_https_with_a_configured_certificate() {
    let tls = spawn_tls_app().await;
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_der(&tls.cert_der).unwrap())
        .build()
        .unwrap();
    let response = client.get(tls.app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(tls.app.origin.starts_with("https://"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepts_a_tls_1_2_only_client() {
    let tls = spawn_tls_app().await;
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(
            tls.cert_der.clone(),
        ))
        .unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_protocol_versions(&[&rustls::version::TLS12])
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port_of(&tls.app)))
        .await
        .unwrap();
    let stream = connector
        .connect("localhost".try_into().unwrap(), tcp)
        .await
        .unwrap();
    assert_eq!(
        stream.get_ref().1.protocol_version(),
        Some(rustls::ProtocolVersion::TLSv1_2)
    );
}

/// A ClientHello offering only `version` (no supported_versions extension), with AEAD cipher
/// suites, groups and signature schemes that the server supports, so that the protocol version
/// is the only thing that can make the server refuse.
fn client_hello(version: [u8; 2]) -> Vec<u8> {
    fn with_len16(bytes: &[u8]) -> Vec<u8> {
        let mut out = (bytes.len() as u16).to_be_bytes().to_vec();
        out.extend_from_slice(bytes);
        out
    }
    fn extension(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_be_bytes().to_vec();
        out.extend(with_len16(data));
        out
    }
    let mut extensions = Vec::new();
    extensions.extend(extension(0x000a, &with_len16(&[0x00, 0x1d, 0x00, 0x17]))); // x25519, P-256
    extensions.extend(extension(0x000b, &[0x01, 0x00])); // uncompressed points
    extensions.extend(extension(0x000d, &with_len16(&[0x04, 0x03, 0x08, 0x04]))); // ecdsa P-256, rsa-pss

    let mut body = version.to_vec();
    body.extend([0x42; 32]); // random
    body.push(0); // no session id
    body.extend(with_len16(&[0xc0, 0x2b, 0xc0, 0x2f])); // ECDHE-ECDSA/RSA-AES128-GCM-SHA256
    body.extend([0x01, 0x00]); // null compression only
    body.extend(with_len16(&extensions));
    let mut handshake = vec![0x01, 0x00];
    handshake.extend(with_len16(&body));
    let mut record = vec![0x16, 0x03, 0x01];
    record.extend(with_len16(&handshake));
    record
}

async fn first_reply(port: u16, hello: &[u8]) -> Vec<u8> {
    let mut tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    tcp.write_all(hello).await.unwrap();
    let mut reply = vec![0; 7];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), tcp.read(&mut reply))
        .await
        .map_or(0, |r| r.unwrap_or(0));
    reply.truncate(n);
    reply
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_tls_1_1() {
    let tls = spawn_tls_app().await;
    let port = port_of(&tls.app);
    // Control: the same hello at TLS 1.2 gets a ServerHello (a handshake record, 22).
    assert_eq!(
        first_reply(port, &client_hello([0x03, 0x03])).await.first(),
        Some(&0x16)
    );
    // At TLS 1.1 the server answers with a fatal alert record (21, level 2) or hangs up.
    let reply = first_reply(port, &client_hello([0x03, 0x02])).await;
    assert_ne!(
        reply.first(),
        Some(&0x16),
        "server continued a TLS 1.1 handshake: {reply:?}"
    );
    if !reply.is_empty() {
        assert_eq!(reply[0], 0x15, "expected an alert record, got {reply:?}");
        assert_eq!(
            reply.get(5),
            Some(&2),
            "expected a fatal alert, got {reply:?}"
        );
    }
}
