//! Embeds the bundled corpus (data/*.json) into the binary, so that `annals` works from
//! any directory.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    println!("cargo::rerun-if-changed={}", data.display());
    let mut names: Vec<String> = std::fs::read_dir(&data)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json") || n.ends_with(".jsonl"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("&[\n");
    for name in names {
        let path = data.join(&name);
        println!("cargo::rerun-if-changed={}", path.display());
        writeln!(out, "    ({:?}, include_str!({:?})),", format!("bundled/{name}"), path.display().to_string())
            .unwrap();
    }
    out.push(']');
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("bundled.rs"), out).expect("write bundled.rs");
}
