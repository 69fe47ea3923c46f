//! `/ask history`'s CSV: the clicker's own record as a file in their DM.

use crate::core::history::csv;
use crate::state::AppState;
use crate::store::history;
use crate::views::history as view;

pub async fn send_csv(state: &AppState, team: &str, user: &str) -> anyhow::Result<()> {
    let entries = history::of(&state.db, team, user).await?;
    let now = state.clock.now();
    let filename = format!("micromentor-record-{}.csv", now.format("%Y-%m-%d"));
    let comment = view::csv_comment(entries.len());
    let title = "My micromentor record";
    let body = csv(&entries);
    let file = super::DmFile {
        filename: &filename,
        content_type: "text/csv",
        title,
        comment: &comment,
        bytes: body.as_bytes(),
        failed: view::CSV_FAILED,
    };
    super::send_file_by_dm(state, user, file).await;
    Ok(())
}
