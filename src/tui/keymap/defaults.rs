//! The default keymap: what each key does in each context until the config file says
//! otherwise. README's key tables are this table (a test keeps them equal).

use super::Context;
use super::key::{Key, alt_key, ch, ctrl, ctrl_key, plain};
use crate::tui::action::Action;
use crate::tui::line_editor::Edit;
use crossterm::event::KeyCode;

/// A line of the default table.
pub(super) struct Default {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

macro_rules! bind {
    ($context:ident, [$($key:expr),+], $action:expr, $help:literal) => {
        Default { context: Context::$context, keys: &[$($key),+], action: $action, help: $help }
    };
}

pub(super) const DEFAULTS: &[Default] = &[
    bind!(Timeline, [ch('j'), plain(KeyCode::Down)], Action::Down, "next event"),
    bind!(Timeline, [ch('k'), plain(KeyCode::Up)], Action::Up, "previous event"),
    bind!(Timeline, [ctrl('d')], Action::HalfPageDown, "half a page down"),
    bind!(Timeline, [ctrl('u')], Action::HalfPageUp, "half a page up"),
    bind!(Timeline, [plain(KeyCode::PageDown), ctrl('f'), ch(' ')], Action::PageDown, "page down"),
    bind!(Timeline, [plain(KeyCode::PageUp), ctrl('b'), ch('b')], Action::PageUp, "page up"),
    bind!(Timeline, [ch('g'), plain(KeyCode::Home)], Action::Top, "first event"),
    bind!(Timeline, [ch('G'), plain(KeyCode::End)], Action::Bottom, "last event"),
    bind!(Timeline, [ch(']')], Action::NextDay, "next day"),
    bind!(Timeline, [ch('[')], Action::PrevDay, "previous day"),
    bind!(Timeline, [ch('}')], Action::NextMonth, "next month"),
    bind!(Timeline, [ch('{')], Action::PrevMonth, "previous month"),
    bind!(Timeline, [ch(':')], Action::OpenGoto, "go to a date (2016-12-29, 2016-12)"),
    bind!(Timeline, [ch('/')], Action::OpenSearch, "search as you type"),
    bind!(Timeline, [ch('n')], Action::NextMatch, "next search match"),
    bind!(Timeline, [ch('N')], Action::PrevMatch, "previous search match"),
    bind!(Timeline, [ch('a')], Action::OpenActorPicker, "pick actors by fuzzy name"),
    bind!(Timeline, [ch('f')], Action::OpenFilter, "filter with a query: actor:putin -status:denied ..."),
    bind!(Timeline, [ch('x')], Action::ToggleFilters, "turn all filters off, and on again"),
    bind!(Timeline, [ch('v')], Action::ToggleSelection, "start or end a range selection"),
    bind!(Timeline, [ch('e')], Action::OpenExport, "export the selection (or the view) to JSON or TimelineJS"),
    bind!(Timeline, [plain(KeyCode::Enter)], Action::OpenArticle, "read the article of this event"),
    bind!(Timeline, [ch('r')], Action::OpenRelations, "related events (both directions)"),
    bind!(Timeline, [ch('d')], Action::OpenDiagnostics, "problems found while loading"),
    bind!(Timeline, [ch('c')], Action::OpenCounts, "count the view by action, actor, day, code..."),
    bind!(Timeline, [ch('h')], Action::OpenHistogram, "histogram: the view's events per hour, day, week..."),
    bind!(Timeline, [plain(KeyCode::Right)], Action::ScrollRight, "scroll the summaries right (as less does)"),
    bind!(Timeline, [plain(KeyCode::Left)], Action::ScrollLeft, "scroll the summaries back left"),
    bind!(Timeline, [ch('u')], Action::ToggleUndated, "fold undated events away, and back (the filter date:*)"),
    bind!(Timeline, [ch('z')], Action::CycleClock, "show times in UTC, in this machine's zone, or in --tz's"),
    bind!(Timeline, [plain(KeyCode::Tab)], Action::ToggleFocus, "move focus between list and detail"),
    bind!(Timeline, [plain(KeyCode::Esc)], Action::Cancel, "end the selection"),
    bind!(Timeline, [ch('?')], Action::OpenHelp, "this help"),
    bind!(Timeline, [ctrl('z')], Action::Suspend, "suspend (resume with fg)"),
    bind!(Timeline, [ch('q'), ctrl('c')], Action::Quit, "quit"),
    bind!(Prompt, [plain(KeyCode::Enter)], Action::Submit, "apply"),
    bind!(Prompt, [plain(KeyCode::Esc), ctrl('c')], Action::Cancel, "cancel and restore"),
    bind!(Prompt, [plain(KeyCode::Backspace)], Action::Edit(Edit::Backspace), "delete the character before the cursor"),
    bind!(Prompt, [plain(KeyCode::Delete)], Action::Edit(Edit::Delete), "delete the character under the cursor"),
    bind!(Prompt, [plain(KeyCode::Left)], Action::Edit(Edit::Left), "cursor left"),
    bind!(Prompt, [plain(KeyCode::Right)], Action::Edit(Edit::Right), "cursor right"),
    bind!(Prompt, [plain(KeyCode::Home), ctrl('a')], Action::Edit(Edit::Home), "cursor to the start"),
    bind!(Prompt, [plain(KeyCode::End), ctrl('e')], Action::Edit(Edit::End), "cursor to the end"),
    bind!(Prompt, [ctrl_key(KeyCode::Left), alt_key(KeyCode::Char('b'))], Action::Edit(Edit::WordLeft), "a word left"),
    bind!(
        Prompt,
        [ctrl_key(KeyCode::Right), alt_key(KeyCode::Char('f'))],
        Action::Edit(Edit::WordRight),
        "a word right"
    ),
    bind!(
        Prompt,
        [ctrl('w'), alt_key(KeyCode::Backspace)],
        Action::Edit(Edit::DeleteWordBack),
        "delete the word before the cursor"
    ),
    bind!(Prompt, [ctrl('u')], Action::Edit(Edit::Clear), "clear the line"),
    bind!(Prompt, [plain(KeyCode::Tab)], Action::SwitchFormat, "export: native JSON or TimelineJS (.timeline.json)"),
    bind!(Picker, [plain(KeyCode::Down), ctrl('n'), ctrl('j')], Action::PickerDown, "next actor"),
    bind!(Picker, [plain(KeyCode::Up), ctrl('p'), ctrl('k')], Action::PickerUp, "previous actor"),
    bind!(Picker, [plain(KeyCode::Tab)], Action::PickerToggle, "tick or untick the actor, then the next (as fzf)"),
    bind!(Picker, [ctrl('t')], Action::PickerToggleAll, "tick every match (again: untick them)"),
    bind!(Picker, [plain(KeyCode::Enter)], Action::Submit, "filter to exactly the ticked actors (none: this one)"),
    bind!(Picker, [plain(KeyCode::Esc), ctrl('c')], Action::Cancel, "cancel"),
    bind!(Picker, [plain(KeyCode::Backspace)], Action::Edit(Edit::Backspace), "delete the character before the cursor"),
    bind!(Picker, [plain(KeyCode::Delete)], Action::Edit(Edit::Delete), "delete the character under the cursor"),
    bind!(Picker, [plain(KeyCode::Left)], Action::Edit(Edit::Left), "cursor left"),
    bind!(Picker, [plain(KeyCode::Right)], Action::Edit(Edit::Right), "cursor right"),
    bind!(Picker, [plain(KeyCode::Home), ctrl('a')], Action::Edit(Edit::Home), "cursor to the start"),
    bind!(Picker, [plain(KeyCode::End), ctrl('e')], Action::Edit(Edit::End), "cursor to the end"),
    bind!(Picker, [ctrl_key(KeyCode::Left), alt_key(KeyCode::Char('b'))], Action::Edit(Edit::WordLeft), "a word left"),
    bind!(
        Picker,
        [ctrl_key(KeyCode::Right), alt_key(KeyCode::Char('f'))],
        Action::Edit(Edit::WordRight),
        "a word right"
    ),
    bind!(
        Picker,
        [ctrl('w'), alt_key(KeyCode::Backspace)],
        Action::Edit(Edit::DeleteWordBack),
        "delete the word before the cursor"
    ),
    bind!(Picker, [ctrl('u')], Action::Edit(Edit::Clear), "clear the query"),
    bind!(Article, [ch('j'), plain(KeyCode::Down)], Action::Down, "scroll down"),
    bind!(Article, [ch('k'), plain(KeyCode::Up)], Action::Up, "scroll up"),
    bind!(Article, [plain(KeyCode::PageDown), ch(' '), ctrl('d')], Action::PageDown, "page down"),
    bind!(Article, [plain(KeyCode::PageUp), ctrl('u'), ch('b')], Action::PageUp, "page up"),
    bind!(Article, [ch('g'), plain(KeyCode::Home)], Action::Top, "the top of the article"),
    bind!(Article, [ch('G'), plain(KeyCode::End)], Action::Bottom, "the end of the article"),
    bind!(Article, [ch('/')], Action::ArticleFind, "search the article's text"),
    bind!(Article, [ch('n')], Action::ArticleNextEvent, "next match after /, else the article's next event"),
    bind!(Article, [ch('N')], Action::ArticlePrevEvent, "previous match after /, else the previous event"),
    bind!(Article, [plain(KeyCode::Esc), ch('q'), plain(KeyCode::Enter)], Action::Cancel, "back to the timeline"),
    bind!(Relations, [ch('j'), plain(KeyCode::Down)], Action::PickerDown, "next related event"),
    bind!(Relations, [ch('k'), plain(KeyCode::Up)], Action::PickerUp, "previous related event"),
    bind!(Relations, [ch('g'), plain(KeyCode::Home)], Action::Top, "first related event"),
    bind!(Relations, [ch('G'), plain(KeyCode::End)], Action::Bottom, "last related event"),
    bind!(Relations, [plain(KeyCode::Enter)], Action::Submit, "jump to it (clearing filters that hide it)"),
    bind!(Relations, [plain(KeyCode::Esc), ch('q')], Action::Cancel, "close"),
    bind!(Counts, [ch('j'), plain(KeyCode::Down)], Action::PickerDown, "next row"),
    bind!(Counts, [ch('k'), plain(KeyCode::Up)], Action::PickerUp, "previous row"),
    bind!(Counts, [plain(KeyCode::PageDown)], Action::PageDown, "page down"),
    bind!(Counts, [plain(KeyCode::PageUp)], Action::PageUp, "page up"),
    bind!(Counts, [ch('g'), plain(KeyCode::Home)], Action::Top, "first row"),
    bind!(Counts, [ch('G'), plain(KeyCode::End)], Action::Bottom, "last row"),
    bind!(Counts, [plain(KeyCode::Tab), plain(KeyCode::Right)], Action::NextField, "count by the next field"),
    bind!(Counts, [plain(KeyCode::BackTab), plain(KeyCode::Left)], Action::PrevField, "count by the previous field"),
    bind!(Counts, [plain(KeyCode::Enter)], Action::Submit, "add the row's words to the filter"),
    bind!(Counts, [ch('-')], Action::Exclude, "add words leaving the row out to the filter"),
    bind!(Counts, [plain(KeyCode::Esc), ch('q')], Action::Cancel, "close"),
    bind!(Histogram, [ch('j'), plain(KeyCode::Down)], Action::PickerDown, "next (later) bucket"),
    bind!(Histogram, [ch('k'), plain(KeyCode::Up)], Action::PickerUp, "previous (earlier) bucket"),
    bind!(
        Histogram,
        [plain(KeyCode::Right), plain(KeyCode::PageDown)],
        Action::ScrollRight,
        "move the window a page later"
    ),
    bind!(
        Histogram,
        [plain(KeyCode::Left), plain(KeyCode::PageUp)],
        Action::ScrollLeft,
        "move the window a page earlier"
    ),
    bind!(Histogram, [ch('g'), plain(KeyCode::Home)], Action::Top, "first bucket"),
    bind!(Histogram, [ch('G'), plain(KeyCode::End)], Action::Bottom, "last bucket"),
    bind!(Histogram, [ch('+'), ch('=')], Action::ZoomIn, "finer buckets (year, month, week, day, hour)"),
    bind!(Histogram, [ch('-')], Action::ZoomOut, "coarser buckets"),
    bind!(Histogram, [plain(KeyCode::Tab)], Action::NextField, "split by the next class (status, quad)"),
    bind!(Histogram, [plain(KeyCode::Enter)], Action::Submit, "jump the timeline to the bucket's first event"),
    bind!(Histogram, [plain(KeyCode::Esc), ch('q')], Action::Cancel, "close"),
    bind!(Panel, [ch('j'), plain(KeyCode::Down)], Action::Down, "scroll down"),
    bind!(Panel, [ch('k'), plain(KeyCode::Up)], Action::Up, "scroll up"),
    bind!(Panel, [plain(KeyCode::PageDown), ch(' ')], Action::PageDown, "page down"),
    bind!(Panel, [plain(KeyCode::PageUp), ch('b')], Action::PageUp, "page up"),
    bind!(Panel, [ch('g'), plain(KeyCode::Home)], Action::Top, "the top"),
    bind!(Panel, [ch('G'), plain(KeyCode::End)], Action::Bottom, "the end"),
    bind!(Panel, [plain(KeyCode::Esc), ch('q'), ch('?')], Action::Cancel, "close"),
    bind!(Confirm, [ch('y')], Action::Confirm, "yes"),
    bind!(Confirm, [ch('n'), plain(KeyCode::Esc)], Action::Refuse, "no"),
];
