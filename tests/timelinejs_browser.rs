//! The TimelineJS export opened in TimelineJS itself (its npm package), in headless
//! Chromium: the bundled corpus renders a slide per event (per story with `--stories`),
//! and a hostile fixture runs no script. Needs both, which `.ci/run` installs (`chromium` from Debian, the package with
//! npm into target/timelinejs); `cargo test -- --ignored` runs it elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

fn package() -> PathBuf {
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/timelinejs/node_modules/@knight-lab/timelinejs");
    let dir = std::env::var_os("ANNALS_TIMELINEJS").map_or(default, PathBuf::from);
    assert!(dir.join("dist/js/timeline.js").is_file(), "no TimelineJS at {} (see .ci/run)", dir.display());
    dir
}

fn timelinejs_export(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_annals")).args(["export", "--format", "timelinejs"]).args(args).output();
    let out = out.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The page TimelineJS draws `document` on, in Chromium; the DOM once drawn. `alert`
/// records that a script ran in an attribute of the page.
fn rendered(document: &str) -> String {
    let package = package();
    let dir = tempfile::tempdir().unwrap();
    // Inside a script element, "</" could close it: JSON allows "<\/" for it.
    let data = document.replace("</", "<\\/");
    let page = format!(
        r#"<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://{package}/dist/css/timeline.css">
<script>window.alert = function (m) {{ document.documentElement.setAttribute("data-script-ran", String(m)); }};</script>
<script src="file://{package}/dist/js/timeline.js"></script>
</head><body><div id="timeline-embed" style="width: 1000px; height: 600px"></div>
<script>
new TL.Timeline("timeline-embed", {data});
setTimeout(function () {{
  document.documentElement.setAttribute("data-slides", document.querySelectorAll(".tl-slide").length);
}}, 3000);
</script></body></html>"#,
        package = package.display()
    );
    let path = dir.path().join("page.html");
    std::fs::write(&path, page).unwrap();
    let out = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"])
        .args(["--virtual-time-budget=10000", "--dump-dom"])
        .arg(format!("file://{}", path.display()))
        .output()
        .expect("chromium runs (see .ci/run)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn attribute<'a>(dom: &'a str, name: &str) -> Option<&'a str> {
    let html = &dom[..dom.find("<head").unwrap_or(dom.len())];
    let start = html.find(&format!("{name}=\""))? + name.len() + 2;
    Some(&html[start..start + html[start..].find('"')?])
}

#[test]
#[ignore = "needs chromium and the TimelineJS npm package; .ci/run installs them and runs it"]
fn the_bundled_corpus_renders_a_slide_per_event_in_timelinejs() {
    let document = timelinejs_export(&[]);
    let events = serde_json::from_str::<serde_json::Value>(&document).unwrap()["events"].as_array().unwrap().len();
    // Every event: the four without a date of their own are dated through their relations.
    assert_eq!(events, 100, "the bundled corpus's dated events");
    let dom = rendered(&document);
    assert_eq!(attribute(&dom, "data-script-ran"), None);
    // The title slide and one a event.
    assert_eq!(attribute(&dom, "data-slides"), Some("101"), "{}", &dom[..dom.len().min(2000)]);
}

#[test]
#[ignore = "needs chromium and the TimelineJS npm package; .ci/run installs them and runs it"]
fn the_bundled_corpus_with_stories_renders_a_slide_per_story_in_timelinejs() {
    let document = timelinejs_export(&["--stories"]);
    let slides = serde_json::from_str::<serde_json::Value>(&document).unwrap()["events"].as_array().unwrap().len();
    assert!(slides < 100, "stories of several reports are one slide each: {slides}");
    let dom = rendered(&document);
    assert_eq!(attribute(&dom, "data-script-ran"), None);
    let expected = (slides + 1).to_string();
    assert_eq!(attribute(&dom, "data-slides"), Some(expected.as_str()), "{}", &dom[..dom.len().min(2000)]);
    assert!(dom.contains("Its sources disagree"), "a story's disagreement is drawn");
}

#[test]
#[ignore = "needs chromium and the TimelineJS npm package; .ci/run installs them and runs it"]
fn a_hostile_export_runs_no_script_in_timelinejs() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/html.json");
    let dom = rendered(&timelinejs_export(&[fixture.to_str().unwrap()]));
    assert_eq!(attribute(&dom, "data-slides"), Some("3"), "{}", &dom[..dom.len().min(2000)]);
    assert_eq!(attribute(&dom, "data-script-ran"), None, "a script ran");
    // The payloads are shown as text.
    assert!(dom.contains("onerror=alert(’group’)"), "the group label is shown");
    assert!(dom.contains("&lt;script&gt;alert('headline')&lt;/script&gt;"), "the headline is shown");
}
