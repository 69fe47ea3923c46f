//! Just enough of the W3C WebDriver protocol to drive Chromium through
//! chromedriver: a session, navigation, finding, clicking, typing, running a
//! script and taking screenshots. (fantoccini would pull in the `webdriver`
//! crate, MPL-2.0, which deny.toml does not allow; these few JSON calls over the
//! reqwest the tests already have are all the test needs.)

use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a wait for something on the page lasts before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// Where chromedriver and Chromium are, when both are installed.
pub struct Browser {
    pub driver: String,
    pub chromium: String,
}

impl Browser {
    /// Finds chromedriver and a Chromium (Debian: `chromium` + `chromium-driver`).
    pub fn find() -> Option<Browser> {
        let which = |names: &[&str]| {
            names.iter().find_map(|n| {
                std::env::var_os("PATH").and_then(|paths| {
                    std::env::split_paths(&paths)
                        .map(|p| p.join(n))
                        .find(|p| p.is_file())
                        .map(|p| p.to_string_lossy().into_owned())
                })
            })
        };
        Some(Browser {
            driver: which(&["chromedriver"])?,
            chromium: which(&["chromium", "chromium-browser", "google-chrome"])?,
        })
    }
}

/// A chromedriver process and one headless browser session on it; both end on drop.
pub struct Session {
    http: reqwest::Client,
    base: String,
    driver: Child,
}

impl Session {
    pub async fn start(browser: &Browser, width: u32, height: u32) -> Session {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let driver = Command::new(&browser.driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.driver));
        let http = reqwest::Client::new();
        let root = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let ready = http.get(format!("{root}/status")).send().await;
            if let Ok(r) = ready {
                let v: Value = r.json().await.unwrap_or_default();
                if v["value"]["ready"] == true {
                    break;
                }
            }
            assert!(started.elapsed() < WAIT, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": browser.chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         format!("--window-size={width},{height}"), "--hide-scrollbars", "--force-device-scale-factor=1"],
            },
        }}});
        let answer: Value = http
            .post(format!("{root}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {answer}"));
        Session {
            base: format!("{root}/session/{id}"),
            http,
            driver,
        }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            req = req.json(&body);
        }
        let answer: Value = req.send().await.unwrap().json().await.unwrap();
        answer["value"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    /// Runs `script` in the page with `args`; its return value.
    pub async fn execute(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .await
    }

    /// The element matching `css`, once there is one.
    pub async fn find(&self, css: &str) -> Element<'_> {
        self.find_where(css, None).await
    }

    /// The first element matching `css` whose text contains `text`, once there is one.
    pub async fn find_text(&self, css: &str, text: &str) -> Element<'_> {
        self.find_where(css, Some(text)).await
    }

    async fn find_where(&self, css: &str, text: Option<&str>) -> Element<'_> {
        let started = Instant::now();
        loop {
            let found = self
                .execute(
                    "const [css, text] = arguments;
                     return [...document.querySelectorAll(css)]
                       .find(e => text === null || e.textContent.includes(text)) || null;",
                    json!([css, text]),
                )
                .await;
            if let Some(id) = found
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(Value::as_str)
            {
                return Element {
                    session: self,
                    id: id.to_owned(),
                };
            }
            if started.elapsed() > WAIT {
                let body = self
                    .execute("return document.body.innerText", json!([]))
                    .await;
                panic!(
                    "nothing matches `{css}`{} after {WAIT:?}; the page says:\n{}",
                    text.map(|t| format!(" with text `{t}`"))
                        .unwrap_or_default(),
                    body.as_str().unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks what matches `css`, finding it again when the page redrew it between
    /// finding and clicking (it redraws what changed).
    pub async fn click(&self, css: &str) {
        let started = Instant::now();
        loop {
            match self.find(css).await.try_click().await {
                Ok(()) => return,
                Err(e) if started.elapsed() > WAIT => panic!("cannot click `{css}`: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Types into what matches `css`, finding it again if it was redrawn.
    pub async fn type_into(&self, css: &str, text: &str) {
        let started = Instant::now();
        loop {
            match self.find(css).await.try_type(text).await {
                Ok(()) => return,
                Err(e) if started.elapsed() > WAIT => panic!("cannot type into `{css}`: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Waits until nothing matches `css`.
    pub async fn gone(&self, css: &str) {
        let started = Instant::now();
        while self
            .execute(
                "return !!document.querySelector(arguments[0])",
                json!([css]),
            )
            .await
            == true
        {
            assert!(
                started.elapsed() < WAIT,
                "`{css}` is still there after {WAIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether something matches `css` with `text` right now.
    pub async fn has_text(&self, css: &str, text: &str) -> bool {
        self.execute(
            "const [css, text] = arguments;
             return [...document.querySelectorAll(css)].some(e => e.textContent.includes(text));",
            json!([css, text]),
        )
        .await
            == true
    }

    /// A PNG of the browser's viewport.
    pub async fn screenshot(&self) -> Vec<u8> {
        use base64::Engine as _;
        let b64 = self.send(reqwest::Method::GET, "/screenshot", None).await;
        base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().expect("a screenshot"))
            .expect("base64")
    }
}

impl Drop for Session {
    /// Ends the session first (chromedriver then closes Chromium, which would
    /// outlive a killed chromedriver), then chromedriver. Drop cannot await, so the
    /// `DELETE` goes over a plain blocking socket.
    fn drop(&mut self) {
        let _ = delete_session(&self.base);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `DELETE http://host:port/session/<id>`, blocking, waiting for the answer.
fn delete_session(url: &str) -> std::io::Result<()> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "DELETE {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(())
}

/// An element of the page.
pub struct Element<'s> {
    session: &'s Session,
    id: String,
}

impl Element<'_> {
    /// Clicks it; the browser's refusal (the element was redrawn, something covers it).
    pub async fn try_click(&self) -> Result<(), Value> {
        let answer = self
            .session
            .post(&format!("/element/{}/click", self.id), json!({}))
            .await;
        if answer.is_null() {
            Ok(())
        } else {
            Err(answer)
        }
    }

    /// Types `text` (`\u{E007}` is Enter).
    pub async fn try_type(&self, text: &str) -> Result<(), Value> {
        let answer = self
            .session
            .post(
                &format!("/element/{}/value", self.id),
                json!({ "text": text }),
            )
            .await;
        if answer.is_null() {
            Ok(())
        } else {
            Err(answer)
        }
    }
}
