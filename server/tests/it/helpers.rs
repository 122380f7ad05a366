use std::collections::HashMap;

use portico_domain::{DatabaseConnection, identity::Identity, test_util::TestDatabase};
use portico_server::{config::Config, startup::Application};

pub struct TestApp {
    pub base_url: String,
    pub origin: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub identity: Identity,
    pub site_root: std::path::PathBuf,
    _test_db: TestDatabase,
    _data_dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Starts the whole application on a free port, with its own data directory and database.
/// `settings` are extra configuration variables, as the environment would give them.
pub async fn spawn_app_with(settings: &[(&str, &str)]) -> TestApp {
    let test_db = TestDatabase::new().await;
    let data_dir = tempfile::tempdir().unwrap();
    let site_root = data_dir.path().join("site");
    std::fs::create_dir_all(site_root.join("pkg")).unwrap();
    let mut env: HashMap<String, String> = [
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
        ("PORTICO_DATA_DIR", data_dir.path().display().to_string()),
        ("LEPTOS_SITE_ROOT", site_root.display().to_string()),
        ("DATABASE_URL", test_db.url.as_str().to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    env.extend(settings.iter().map(|(k, v)| (k.to_string(), v.to_string())));

    let app = Application::build(Config::load(&env).unwrap())
        .await
        .unwrap();
    let scheme = if env.contains_key("PORTICO_TLS_CERT") {
        "https"
    } else {
        "http"
    };
    let base_url = format!("{scheme}://localhost:{}", app.port());
    let origin = app.origin().as_str().to_owned();
    let db = app.db().clone();
    let identity = app.identity().clone();
    tokio::spawn(app.run_until_stopped());

    TestApp {
        base_url,
        origin,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        db,
        identity,
        site_root,
        _test_db: test_db,
        _data_dir: data_dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The body of a page, fetched as a browser would follow a link.
    pub async fn get_html(&self, path: &str) -> String {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        response.text().await.unwrap()
    }

    /// A server-function call as the browser makes it from a page of this site.
    pub fn same_origin_post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .post(self.url(path))
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
    }
}

pub const CLINIC_CONTACT: &str = "/api/clinic/contact";
