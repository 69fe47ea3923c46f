//! `/ask history`'s CSV: the clicker's own record as a file in their DM.

use crate::core::history::csv;
use crate::slack::client::FileUpload;
use crate::state::AppState;
use crate::store::history;
use crate::views::blocks::dm;
use crate::views::history as view;

pub async fn send_csv(state: &AppState, team: &str, user: &str) -> anyhow::Result<()> {
    let entries = history::of(&state.db, team, user).await?;
    let bytes = csv(&entries);
    let now = state.clock.now();
    let filename = format!("micromentor-record-{}.csv", now.format("%Y-%m-%d"));
    let comment = view::csv_comment(entries.len());
    let sent = match state.slack.open_conversation(&[user]).await {
        Ok(channel) => {
            let upload = FileUpload {
                filename: &filename,
                content_type: "text/csv",
                bytes: bytes.as_bytes(),
                title: "My micromentor record",
                alt_text: None,
                channel_id: Some(&channel),
                initial_comment: Some(&comment),
            };
            state.slack.upload_file(&upload).await.map(drop)
        }
        Err(e) => Err(e),
    };
    if let Err(e) = sent {
        tracing::warn!(error = %e, "could not send a record CSV");
        super::post(state, dm(user, view::CSV_FAILED)).await;
    }
    Ok(())
}
