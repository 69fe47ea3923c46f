//! The Block Kit limits Slack enforces (see shared/SLACK.md), applied by the stand-in.

use serde_json::Value;
use std::collections::HashSet;

fn text_len(v: &Value) -> usize {
    v.get("text")
        .and_then(Value::as_str)
        .map_or(0, |t| t.chars().count())
}

fn limit(what: &str, len: usize, max: usize) -> Result<(), String> {
    if len > max {
        Err(format!("{what} is {len} long; the limit is {max}"))
    } else {
        Ok(())
    }
}

pub fn check_message(args: &Value) -> Result<(), String> {
    let blocks = args.get("blocks").and_then(Value::as_array);
    if args
        .get("text")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
        && blocks.is_none()
    {
        return Err("no_text".into());
    }
    if let Some(blocks) = blocks {
        limit("blocks", blocks.len(), 50)?;
        check_blocks(blocks)?;
    }
    Ok(())
}

pub fn check_view(view: &Value) -> Result<(), String> {
    let kind = view["type"].as_str().unwrap_or_default();
    if kind != "modal" && kind != "home" {
        return Err(format!("view type `{kind}`"));
    }
    if kind == "modal" {
        if view["title"]["text"].as_str().is_none() {
            return Err("modal without title".into());
        }
        limit("title", text_len(&view["title"]), 24)?;
        limit("submit", text_len(&view["submit"]), 24)?;
        limit("close", text_len(&view["close"]), 24)?;
    }
    let metadata = view["private_metadata"].as_str().map_or(0, str::len);
    limit("private_metadata", metadata, 3000)?;
    limit(
        "callback_id",
        view["callback_id"].as_str().map_or(0, str::len),
        255,
    )?;
    let blocks = view["blocks"].as_array().ok_or("view without blocks")?;
    limit("blocks", blocks.len(), 100)?;
    check_blocks(blocks)
}

fn check_blocks(blocks: &[Value]) -> Result<(), String> {
    let mut block_ids = HashSet::new();
    let mut action_ids = HashSet::new();
    for block in blocks {
        if let Some(id) = block["block_id"].as_str() {
            limit("block_id", id.len(), 255)?;
            if !block_ids.insert(id.to_owned()) {
                return Err(format!("duplicate block_id {id}"));
            }
        }
        match block["type"].as_str().unwrap_or_default() {
            "header" => limit("header text", text_len(&block["text"]), 150)?,
            "section" => {
                limit("section text", text_len(&block["text"]), 3000)?;
                if let Some(fields) = block["fields"].as_array() {
                    limit("section fields", fields.len(), 10)?;
                    for f in fields {
                        limit("field text", text_len(f), 2000)?;
                    }
                }
                if block.get("accessory").is_some() {
                    check_element(&block["accessory"], &mut action_ids)?;
                }
            }
            "actions" => {
                let elements = block["elements"]
                    .as_array()
                    .ok_or("actions without elements")?;
                limit("actions elements", elements.len(), 25)?;
                for e in elements {
                    check_element(e, &mut action_ids)?;
                }
            }
            "input" => {
                limit("input label", text_len(&block["label"]), 2000)?;
                check_element(&block["element"], &mut action_ids)?;
            }
            "context" => {
                let elements = block["elements"]
                    .as_array()
                    .ok_or("context without elements")?;
                limit("context elements", elements.len(), 10)?;
            }
            "image" => check_image(block)?,
            "divider" | "rich_text" => {}
            other => return Err(format!("unknown block type `{other}`")),
        }
    }
    Ok(())
}

/// An image block: a real `alt_text` (required, at most 2 000), a picture from
/// exactly one of `image_url` or `slack_file` (itself exactly one of `id` or `url`).
fn check_image(block: &Value) -> Result<(), String> {
    let alt = block["alt_text"].as_str().unwrap_or_default();
    if alt.trim().is_empty() {
        return Err("image without alt_text".into());
    }
    limit("alt_text", alt.chars().count(), 2000)?;
    limit("image title", text_len(&block["title"]), 2000)?;
    let file = &block["slack_file"];
    match (block.get("image_url").is_some(), file.is_object()) {
        (true, true) => return Err("image with both image_url and slack_file".into()),
        (false, false) => return Err("image without image_url or slack_file".into()),
        _ => {}
    }
    if file.is_object() && file.get("id").is_some() == file.get("url").is_some() {
        return Err("slack_file needs exactly one of id and url".into());
    }
    Ok(())
}

/// The ids of the `slack_file`s a view's image blocks show.
pub fn slack_file_ids(view: &Value) -> Vec<String> {
    view["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "image")
        .filter_map(|b| b["slack_file"]["id"].as_str().map(str::to_owned))
        .collect()
}

fn check_element(e: &Value, action_ids: &mut HashSet<String>) -> Result<(), String> {
    if let Some(id) = e["action_id"].as_str() {
        limit("action_id", id.len(), 255)?;
        if !action_ids.insert(id.to_owned()) {
            return Err(format!("duplicate action_id {id}"));
        }
    }
    match e["type"].as_str().unwrap_or_default() {
        "button" => {
            limit("button text", text_len(&e["text"]), 75)?;
            limit(
                "button value",
                e["value"].as_str().map_or(0, str::len),
                2000,
            )?;
        }
        "plain_text_input" => {
            if let Some(max) = e["max_length"].as_u64() {
                limit("max_length", max as usize, 3000)?;
            }
        }
        "static_select" | "multi_static_select" | "radio_buttons" | "checkboxes" => {
            let options = e["options"].as_array().map_or(&[][..], Vec::as_slice);
            limit("options", options.len(), 100)?;
            for o in options {
                check_option(o)?;
            }
        }
        _ => {}
    }
    for o in e["initial_options"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
    {
        check_option(o)?;
    }
    Ok(())
}

pub fn check_option(o: &Value) -> Result<(), String> {
    limit("option text", text_len(&o["text"]), 75)?;
    limit("option value", o["value"].as_str().map_or(0, str::len), 150)
}
