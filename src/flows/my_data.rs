//! `/ask my-data` (`core::my_data`): the export by DM, and "Delete my data",
//! which runs as a job so a crash halfway cannot leave it half done and
//! forgotten.

use crate::core::my_data::{is_former, pseudonym};
use crate::flows::accept::Click;
use crate::queue::{self, Job, JobError};
use crate::state::AppState;
use crate::store::my_data as store;
use crate::store::office_hours;
use crate::views::my_data as view;

/// Everything stored about `user`, as a JSON file in their DM.
pub async fn export(state: &AppState, team: &str, user: &str) -> anyhow::Result<()> {
    let now = state.clock.now();
    let record = store::record(&state.db, team, user, now).await?;
    let json = view::export_json(&record);
    let filename = format!("micromentor-my-data-{}.json", now.format("%Y-%m-%d"));
    let file = super::DmFile {
        filename: &filename,
        content_type: "application/json",
        title: view::EXPORT_TITLE,
        comment: view::EXPORT_COMMENT,
        bytes: json.as_bytes(),
        failed: view::EXPORT_FAILED,
    };
    super::send_file_by_dm(state, user, file).await;
    Ok(())
}

/// The confirmation was submitted: erase, durably.
pub async fn request_erasure(state: &AppState, team: &str, user: &str) -> Result<(), sqlx::Error> {
    let job = Job::EraseMyData {
        user_id: user.to_owned(),
    };
    queue::schedule(state, &job.at(team, state.clock.now())).await?;
    Ok(())
}

/// The job: close what others wait on (telling them), then erase in one
/// transaction, then tell the person. Run again after the erasure committed,
/// the job carries the pseudonym and does nothing.
pub async fn erase(state: &AppState, team: &str, user: &str) -> Result<(), JobError> {
    if is_former(user) {
        return Ok(());
    }
    super::people::close_everything_of(state, team, user).await?;
    let now = state.clock.now();
    let click = Click {
        team_id: team,
        user_id: user,
        response_url: None,
    };
    for session in office_hours::hosted_upcoming(&state.db, team, user, now, 100).await? {
        super::office_hours::cancel_session(state, session.id, click).await?;
    }
    for (session, slot) in store::upcoming_bookings(&state.db, team, user, now).await? {
        super::office_hours::cancel_booking(state, session, slot, click).await?;
    }
    let pseudonym = pseudonym(rand::random());
    let mut conn = state.db.acquire().await?;
    let erased = store::erase(&mut conn, team, user, &pseudonym).await?;
    drop(conn);
    super::people::forget(state, user);
    tracing::info!(
        team_id = team,
        asks = erased.asks,
        sessions = erased.sessions,
        "a person erased their data"
    );
    super::post(state, view::erased_dm(user, &erased)).await;
    // Home showed their settings and asks: show it as it is now.
    if let Err(e) = super::home::publish(state, team, user).await {
        tracing::warn!(error = %e, "could not refresh App Home after an erasure");
    }
    Ok(())
}
