//! `/ask my-data` from a test: the menu, the export, confirming "Delete my
//! data", and a scan of every table for a person's id.

use super::TestApp;
use micromentor::views::ids::{self, action};
use serde_json::{json, Value};

/// `/ask my-data`, then the button with `action_id`.
pub async fn my_data(app: &TestApp, user: &str, action_id: &str) {
    let res = app.command(user, "/ask", "my-data").await;
    let menu: Value = res.json().await.unwrap();
    assert_eq!(menu["response_type"], "ephemeral");
    assert!(menu.to_string().contains(action_id), "{menu}");
    app.click(user, action_id, "x").await;
    app.settle().await;
}

pub async fn export(app: &TestApp, user: &str) -> Value {
    my_data(app, user, action::MY_DATA_EXPORT).await;
    let files = app.slack.completed_files();
    let file = files
        .iter()
        .rev()
        .find(|f| f.filename.starts_with("micromentor-my-data-"))
        .expect("the export was uploaded");
    assert_eq!(file.channel.as_deref(), Some(format!("D{user}").as_str()));
    serde_json::from_slice(file.bytes.as_deref().unwrap()).expect("the file is JSON")
}

/// Confirms "Delete my data" in its modal and lets the job run.
pub async fn erase(app: &TestApp, user: &str) {
    my_data(app, user, action::MY_DATA_DELETE).await;
    let modal = app.slack.calls_to("views.open").last().unwrap().body["view"].clone();
    assert_eq!(modal["callback_id"], ids::ERASE_MODAL);
    let res = app.submit_view(user, &modal, json!({})).await;
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer["response_action"], "update", "{answer}");
    app.run_jobs().await;
    app.settle().await;
}

/// Every table and column (text, arrays, JSON) where `needle` appears.
pub async fn rows_naming(app: &TestApp, needle: &str) -> Vec<String> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type IN ('text', 'ARRAY', 'jsonb', 'character varying')
         ORDER BY 1, 2",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert!(columns.len() > 50, "the scan sees the schema");
    let mut hits = Vec::new();
    for (table, column) in columns {
        let sql = format!(
            "SELECT count(*) FROM \"{table}\" WHERE \"{column}\"::text LIKE '%' || $1 || '%'"
        );
        let n: i64 = sqlx::query_scalar(&sql)
            .bind(needle)
            .fetch_one(&app.db)
            .await
            .unwrap();
        if n > 0 {
            hits.push(format!("{table}.{column} ({n})"));
        }
    }
    hits
}
