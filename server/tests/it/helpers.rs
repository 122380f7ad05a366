use std::collections::HashMap;

use portico_domain::{DatabaseConnection, Services, identity::Identity, test_util::TestDatabase};
use portico_server::{config::Config, startup::Application};

pub struct TestApp {
    pub base_url: String,
    pub origin: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub identity: Identity,
    pub services: Services,
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
    TestApp::serve(app, &env, site_root, test_db, data_dir)
}

/// A second instance of `first`: its own port, the same database, key file and mail directory,
/// and the same public origin (as two instances behind one load balancer have).
pub async fn spawn_second_instance(first: &TestApp) -> Instance {
    let env: HashMap<String, String> = [
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
        (
            "PORTICO_DATA_DIR",
            first._data_dir.path().display().to_string(),
        ),
        ("LEPTOS_SITE_ROOT", first.site_root.display().to_string()),
        ("DATABASE_URL", first._test_db.url.as_str().to_owned()),
        ("PORTICO_ORIGIN", first.origin.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let app = Application::build(Config::load(&env).unwrap())
        .await
        .unwrap();
    let base_url = format!("http://localhost:{}", app.port());
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    Instance { base_url, handle }
}

/// Another instance serving a [`TestApp`]'s database.
pub struct Instance {
    pub base_url: String,
    pub handle: axum_server::Handle<std::net::SocketAddr>,
}

impl TestApp {
    fn serve(
        app: Application,
        env: &HashMap<String, String>,
        site_root: std::path::PathBuf,
        test_db: TestDatabase,
        data_dir: tempfile::TempDir,
    ) -> TestApp {
        let scheme = if env.contains_key("PORTICO_TLS_CERT") {
            "https"
        } else {
            "http"
        };
        let base_url = format!("{scheme}://localhost:{}", app.port());
        let origin = app.origin().as_str().to_owned();
        let db = app.db().clone();
        let identity = app.identity().clone();
        let services = app.services().clone();
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
            services,
            site_root,
            _test_db: test_db,
            _data_dir: data_dir,
        }
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
        self.same_origin_post_as(path, "application/x-www-form-urlencoded")
    }

    /// [`Self::same_origin_post`] of a body of another type (a multipart upload).
    pub fn same_origin_post_as(&self, path: &str, content_type: &str) -> reqwest::RequestBuilder {
        self.client
            .post(self.url(path))
            .header("sec-fetch-site", "same-origin")
            .header("content-type", content_type)
    }
}

pub const CLINIC_CONTACT: &str = "/api/clinic/contact";

/// Enrols with an activation code (and, for a patient, the date of birth) through the HTTP
/// endpoints with a software passkey. Returns the Set-Cookie header value and the welcome JSON.
pub async fn enrol_over_http(
    app: &TestApp,
    code: &str,
    birth_date: &str,
) -> (String, serde_json::Value) {
    use portico_domain::test_passkeys::{authenticator, register};
    let begin = app
        .same_origin_post("/api/auth/enroll/begin")
        .form(&[("code", code), ("birth_date", birth_date)])
        .send()
        .await
        .unwrap();
    assert_eq!(begin.status(), 200, "enrolment begins");
    let begin: serde_json::Value = begin.json().await.unwrap();
    let options: serde_json::Value =
        serde_json::from_str(begin["ceremony"]["options"].as_str().unwrap()).unwrap();
    let credential = register(&mut authenticator(true), &options, &app.origin);
    let finish = app
        .same_origin_post("/api/auth/enroll/finish")
        .form(&[
            (
                "ceremony_id",
                begin["ceremony"]["ceremony_id"].as_str().unwrap(),
            ),
            ("credential", credential.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(finish.status(), 200, "enrolment finishes");
    let cookie = finish
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("__Host-portico_session="))
        .expect("enrolment sets the session cookie")
        .to_owned();
    (cookie, finish.json().await.unwrap())
}

/// A patient invited from the command line and enrolled over HTTP: their id and cookie pair.
pub async fn patient_cookie(
    app: &TestApp,
    given: &str,
    family: &str,
    birth_date: &str,
) -> (String, String) {
    use portico_domain::{
        audit::RequestMeta,
        identity::{Issuer, NewPatient},
    };
    let new = NewPatient::parse(
        given,
        family,
        birth_date,
        "",
        chrono::Utc::now().date_naive(),
    )
    .unwrap();
    let issued = app
        .identity
        .invite_patient(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    let cookie = cookie_pair(
        &enrol_over_http(app, issued.code.expose(), birth_date)
            .await
            .0,
    );
    (issued.patient_id.unwrap(), cookie)
}

/// A staff member invited from the command line and enrolled over HTTP: their cookie pair.
pub async fn staff_cookie(app: &TestApp, name: &str, role: &str) -> String {
    use portico_domain::{
        audit::RequestMeta,
        identity::{Issuer, NewStaff},
    };
    let new = NewStaff::parse(name, "", role).unwrap();
    let code = app
        .identity
        .invite_staff(Issuer::CommandLine, new, &RequestMeta::cli())
        .await
        .unwrap();
    cookie_pair(&enrol_over_http(app, code.code.expose(), "").await.0)
}

/// `name=value` from a Set-Cookie header, for sending back.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_owned()
}
