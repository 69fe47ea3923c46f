//! The admin charts on Home and the CSV download: figures from the store,
//! pictures drawn by `charts`, uploaded to Slack and shared into the admin's DM
//! with the bot (a viewer must have access to an image's file). An upload is
//! reused while its figures are unchanged or it is under an hour old
//! (`core::charts::still_good`), and a new one is made only while the admin is
//! looking at Home (`core::charts::looking`), so Home does not flood Slack or
//! their DM; when Slack refuses, Home shows the figures without pictures.

use chrono::Duration;
use serde_json::Value;

use crate::charts;
use crate::core::charts::{
    fill_weeks, fingerprint, looking, still_good, top_gaps, trend_start, Chart, RETRY_UPLOAD_AFTER,
    TREND_WEEKS,
};
use crate::core::export;
use crate::slack::FileUpload;
use crate::state::AppState;
use crate::store::charts::{self as figures, UploadKey};
use crate::views;
use crate::views::blocks::dm;

/// Days the gap chart covers (the CSV follows the admin's chosen window).
pub const WINDOW_DAYS: u32 = 30;

/// The charts' blocks for an admin's Home (call it for admins only: it may
/// upload). Never fails: without figures there is nothing to add, and without
/// pictures the figures stand alone.
pub async fn home_blocks(state: &AppState, team: &str, user: &str) -> Vec<Value> {
    match build(state, team, user).await {
        Ok(blocks) => blocks,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the chart figures");
            Vec::new()
        }
    }
}

async fn build(state: &AppState, team: &str, user: &str) -> anyhow::Result<Vec<Value>> {
    let now = state.clock.now();
    let known = figures::weekly(&state.db, team, trend_start(now)).await?;
    let weeks = fill_weeks(now, &known);
    let since = now - Duration::days(i64::from(WINDOW_DAYS));
    let (gaps, more_gaps) = top_gaps(figures::gaps(&state.db, team, since, now).await?);
    let may_upload = looking(figures::last_opened(&state.db, team, user).await?, now);

    let mut dm = None;
    let trend_alt = views::charts::trend_alt(&weeks);
    let trend_file = picture(
        state,
        Picture {
            key: UploadKey {
                team_id: team,
                user_id: user,
                chart: Chart::WeeklyTrend,
                window_days: (TREND_WEEKS * 7) as i16,
            },
            fingerprint: fingerprint(&weeks),
            filename: "weekly-trend.png",
            title: &views::charts::trend_title(&weeks),
            alt: &trend_alt,
            may_upload,
        },
        &mut dm,
        || charts::weekly_trend(&weeks),
    )
    .await;
    let gaps_alt = views::charts::gaps_alt(&gaps, more_gaps, WINDOW_DAYS);
    let gaps_file = picture(
        state,
        Picture {
            key: UploadKey {
                team_id: team,
                user_id: user,
                chart: Chart::SkillGaps,
                window_days: WINDOW_DAYS as i16,
            },
            fingerprint: fingerprint(&(&gaps, more_gaps)),
            filename: "skill-gaps.png",
            title: &views::charts::gaps_title(WINDOW_DAYS),
            alt: &gaps_alt,
            may_upload,
        },
        &mut dm,
        || charts::skill_gaps(&gaps, more_gaps, WINDOW_DAYS),
    )
    .await;
    Ok(views::charts::home_blocks(&views::charts::HomeCharts {
        weeks: &weeks,
        gaps: &gaps,
        more_gaps,
        window_days: WINDOW_DAYS,
        trend_file: trend_file.as_deref(),
        gaps_file: gaps_file.as_deref(),
    }))
}

struct Picture<'a> {
    key: UploadKey<'a>,
    fingerprint: String,
    filename: &'a str,
    title: &'a str,
    alt: &'a str,
    /// The admin is looking at Home: a new upload may be made.
    may_upload: bool,
}

/// The file to show for one chart: the one uploaded before while it is still
/// good, else a new upload (drawn only then). When the admin is not looking,
/// another upload is under way or failed a moment ago, or this one fails: the
/// last good file, if any.
async fn picture(
    state: &AppState,
    p: Picture<'_>,
    dm: &mut Option<String>,
    draw: impl FnOnce() -> Result<Vec<u8>, charts::ChartError>,
) -> Option<String> {
    let now = state.clock.now();
    let db = &state.db;
    let before = match figures::upload_of(db, p.key).await {
        Ok(before) => before,
        Err(e) => {
            tracing::warn!(error = %e, "could not read uploaded charts");
            return None;
        }
    };
    let previous = before.as_ref().map(|u| u.file_id.clone());
    if before
        .as_ref()
        .is_some_and(|u| still_good(u, &p.fingerprint, now))
        || !p.may_upload
    {
        return previous;
    }
    match figures::claim_upload(db, p.key, now, now - RETRY_UPLOAD_AFTER).await {
        Ok(true) => {}
        Ok(false) => return previous,
        Err(e) => {
            tracing::warn!(error = %e, "could not claim a chart upload");
            return previous;
        }
    }
    let png = match draw() {
        Ok(png) => png,
        Err(e) => {
            tracing::error!(error = %e, chart = p.key.chart.as_str(), "could not draw a chart");
            return previous;
        }
    };
    let channel = match dm {
        Some(channel) => channel.clone(),
        None => match state.slack.open_conversation(&[p.key.user_id]).await {
            Ok(channel) => dm.insert(channel).clone(),
            Err(e) => {
                tracing::warn!(error = %e, "could not open the admin's DM for charts");
                return previous;
            }
        },
    };
    let upload = FileUpload {
        filename: p.filename,
        content_type: "image/png",
        bytes: &png,
        title: p.title,
        alt_text: Some(p.alt),
        channel_id: Some(&channel),
        initial_comment: None,
    };
    match state.slack.upload_file(&upload).await {
        Ok(file) => {
            if let Err(e) = figures::uploaded(db, p.key, &file.id, &p.fingerprint, now).await {
                tracing::warn!(error = %e, "could not remember an uploaded chart");
            }
            Some(file.id)
        }
        Err(e) => {
            tracing::warn!(error = %e, chart = p.key.chart.as_str(), "could not upload a chart");
            previous
        }
    }
}

/// "Download CSV": the asks and matches of the admin's chosen window (7, 30 or
/// 90 days, as their figures on Home) as a file in their DM. Anyone else is
/// told, kindly, that it is for programme owners, and gets nothing.
pub async fn send_csv(state: &AppState, team: &str, user: &str) -> anyhow::Result<()> {
    if !super::admins::is_admin(state, user).await {
        super::post(state, dm(user, views::charts::NOT_ADMIN)).await;
        return Ok(());
    }
    let now = state.clock.now();
    let window = crate::store::insights::preferences(&state.db, team, user)
        .await?
        .window;
    let days = window.days() as u32;
    let rows = figures::export(&state.db, team, window.since(now)).await?;
    let csv = export::csv(&rows);
    let filename = format!("micromentor-asks-{}.csv", now.format("%Y-%m-%d"));
    let title = views::charts::csv_title(days);
    let comment = views::charts::csv_comment(rows.len(), days);
    let failed = views::charts::CSV_FAILED;
    let file = super::DmFile {
        filename: &filename,
        content_type: "text/csv",
        title: &title,
        comment: &comment,
        bytes: csv.as_bytes(),
        failed,
    };
    super::send_file_by_dm(state, user, file).await;
    Ok(())
}
