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
    super::send_csv_by_dm(
        state,
        user,
        &filename,
        title,
        &comment,
        &body,
        view::CSV_FAILED,
    )
    .await;
    Ok(())
}
