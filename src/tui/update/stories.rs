//! Stories on the timeline: `s` shows one row a story (the reports of one event, however
//! many articles tell it) and back; Enter on a story lists its reports (the reports
//! panel), whose `x` splits one out; `J` merges the marked stories into the one under the
//! cursor. Splits and merges are saved in the notes file first, like marks, and shown once
//! saved; the stories themselves arrive from the background after loading.

use super::cursor::move_to;
use crate::desk::{Change, Desk, StoryEdit};
use crate::model::EventIx;
use crate::stories::Stories;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use std::sync::Arc;

/// The stories found in the background: the user's splits and merges applied.
pub fn clustered(app: &mut App, stories: Arc<Stories>) {
    let choices = app.desk.story_choices(&app.corpus);
    let stories = if choices.is_empty() { stories } else { Arc::new(stories.with_choices(&app.corpus, &choices)) };
    app.stories = Some(stories);
    if app.stories_on {
        // Asked for before they were found: shown now.
        reshow(app);
        app.say("stories found: one row a story");
    }
}

/// `s`: stories on or off, the cursor kept on the same event's row.
pub fn toggle(app: &mut App) {
    let Some(stories) = app.stories.clone() else {
        // Still being found: shown as soon as they are.
        app.stories_on = !app.stories_on;
        let n = crate::display::thousands(app.corpus.events().len());
        app.say(if app.stories_on {
            format!("the stories of {n} events are still being found: shown as soon as they are")
        } else {
            "every report".to_string()
        });
        return;
    };
    app.stories_on = !app.stories_on;
    reshow(app);
    let s = app.key(Context::Timeline, Action::ToggleStories);
    if app.stories_on {
        let merged = crate::display::thousands(stories.merged());
        app.say(format!("one row a story ({merged} in the corpus told more than once; {s}: every report)"));
    } else {
        app.say(format!("every report ({s}: one row a story)"));
    }
}

/// Show `reports` again as stories are now (on or off, or changed), the cursor kept on
/// the row of the same event, or of its story.
pub fn reshow(app: &mut App) {
    let current = app.current();
    app.view = app.shown(&app.reports);
    app.selection = None;
    app.cursor = 0;
    let Some(event) = current else { return };
    let position = app.row_of(event).unwrap_or_else(|| app.view.partition_point(|&v| v < event));
    move_to(app, position);
}

/// The story under the cursor and its reports, when stories are on and it has several.
fn current_story(app: &App) -> Option<(u32, &[EventIx])> {
    let stories = app.stories.as_ref().filter(|_| app.stories_on)?;
    let story = stories.story_of(app.current()?);
    let reports = stories.reports(story);
    (reports.len() > 1).then_some((story, reports))
}

/// Enter on a story of several reports lists them; false when it is not one.
pub fn open_reports(app: &mut App) -> bool {
    let Some((story, reports)) = current_story(app) else { return false };
    let current = app.current().unwrap_or(reports[0]);
    let selected = reports.iter().position(|&r| r == current).unwrap_or(0);
    app.mode = Mode::Reports { story, selected };
    true
}

/// The keys of the reports panel.
pub fn reports(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Reports { story, selected } = &mut app.mode else { return Vec::new() };
    let Some(stories) = app.stories.clone() else { return Vec::new() };
    let reports = stories.reports(*story);
    if let Some(row) = super::cursor::panel_row(*selected, &action, reports.len(), super::cursor::PANEL_PAGE) {
        *selected = row;
        return Vec::new();
    }
    match action {
        Action::Cancel => app.mode = Mode::Normal,
        Action::Submit => {
            if let Some(&report) = reports.get(*selected) {
                super::panels::show_article(app, report);
            }
        }
        Action::SplitReport => {
            let Some(&report) = reports.get(*selected) else { return Vec::new() };
            let key = Desk::key(&app.corpus, report);
            let said = format!("{}/{} split out of its story", key.0, key.1);
            return vec![Effect::SaveNotes {
                changes: vec![Change::Story { edit: StoryEdit::Split(key), on: true }],
                said,
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// `J`: merge each marked story into the story under the cursor.
pub fn merge(app: &mut App) -> Vec<Effect> {
    let (Some(stories), true) = (app.stories.clone(), app.stories_on) else {
        let s = app.key(Context::Timeline, Action::ToggleStories);
        app.say(format!("stories are off: {s} shows them, then mark the stories to merge and press J on one"));
        return Vec::new();
    };
    let Some(current) = app.current() else { return Vec::new() };
    let story = stories.story_of(current);
    let mut others: Vec<EventIx> = Vec::new();
    for &marked in app.desk.marked() {
        if stories.story_of(marked) != story && !others.iter().any(|&o| stories.story_of(o) == stories.story_of(marked))
        {
            others.push(marked);
        }
    }
    if others.is_empty() {
        let m = app.key(Context::Timeline, Action::ToggleMark);
        app.say(format!("mark ({m}) the stories to merge into this one, then press J on it"));
        return Vec::new();
    }
    let key = Desk::key(&app.corpus, current);
    let changes = others
        .iter()
        .map(|&o| Change::Story { edit: StoryEdit::Merge(key.clone(), Desk::key(&app.corpus, o)), on: true })
        .collect();
    let n = others.len();
    let said = format!("{n} stor{} merged into this one", if n == 1 { "y" } else { "ies" });
    vec![Effect::SaveNotes { changes, said }]
}

/// After the notes were saved: the stories with the user's splits and merges as now.
pub fn after_notes(app: &mut App) {
    let Some(stories) = app.stories.clone() else { return };
    let choices = app.desk.story_choices(&app.corpus);
    app.stories = Some(Arc::new(stories.with_choices(&app.corpus, &choices)));
    if let Mode::Reports { story, selected } = &mut app.mode {
        // The panel follows the story of the report it was on, which may be alone now.
        let before = stories.reports(*story).get(*selected).copied();
        if let (Some(report), Some(now)) = (before, &app.stories) {
            let reports = now.reports_with(report);
            if reports.len() > 1 {
                *story = now.story_of(report);
                *selected = (*selected).min(reports.len() - 1);
            } else {
                let first = stories.reports(*story).iter().find(|&&r| r != report).copied();
                match first.map(|r| (now.story_of(r), now.reports_with(r).len())) {
                    Some((other, n)) if n > 1 => {
                        *story = other;
                        *selected = (*selected).min(n - 1);
                    }
                    _ => app.mode = Mode::Normal,
                }
            }
        }
    }
    if app.stories_on {
        reshow(app);
    }
}

#[cfg(test)]
mod tests;
