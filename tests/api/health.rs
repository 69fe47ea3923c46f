use crate::helpers::{spawn_app_with, Options};

#[tokio::test]
async fn healthz_follows_the_database_down_and_back_up() {
    let app = spawn_app_with(Options {
        db_via_proxy: true,
        ..Options::default()
    })
    .await;
    let health = || async {
        app.http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(health().await, 200);

    let proxy = app.db_proxy.as_ref().unwrap();
    proxy.down();
    assert_eq!(health().await, 503);

    proxy.up();
    assert_eq!(health().await, 200, "recovers without a restart");
}

#[tokio::test]
async fn metrics_are_exposed_in_prometheus_text() {
    let app = crate::helpers::spawn_app().await;
    app.http.get(app.url("/healthz")).send().await.unwrap();
    let res = app.http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("http_requests_total{route=\"/healthz\""),
        "{text}"
    );
    assert!(text.contains("http_request_duration_seconds"), "{text}");
}
