//! The yardstick for loading GDELT (docs/PERFORMANCE.md, "Shapes of data"), as
//! `serde_baseline` is for JSON: a minimal single-threaded program that reads a GDELT 2.0
//! export table (61 tab-separated columns, no header) with the csv crate into typed serde
//! structs, keeps every row, and does nothing else.
//!
//!     cargo run --release --example gdelt_baseline -- big.export.CSV

#![allow(dead_code)] // The fields are parsed to be paid for, not read.

use serde::Deserialize;

/// One row: the 61 columns of GDELT 2.0's event table in order (GLOBALEVENTID, SQLDATE,
/// MonthYear, Year, FractionDate, Actor1's and Actor2's ten fields, IsRootEvent, the event
/// codes, QuadClass, GoldsteinScale, the counts, AvgTone, three geo blocks of eight fields,
/// DATEADDED, SOURCEURL), typed as GDELT's codebook says: codes as text for their leading
/// zeros; FeatureID as text, as it is a text code for countries and states; Lat and Long
/// empty when the place is unknown.
#[derive(Deserialize)]
struct Event {
    global_event_id: u64,
    sql_date: u32,
    month_year: u32,
    year: u16,
    fraction_date: f64,
    actor1_code: String,
    actor1_name: String,
    actor1_country_code: String,
    actor1_known_group_code: String,
    actor1_ethnic_code: String,
    actor1_religion1_code: String,
    actor1_religion2_code: String,
    actor1_type1_code: String,
    actor1_type2_code: String,
    actor1_type3_code: String,
    actor2_code: String,
    actor2_name: String,
    actor2_country_code: String,
    actor2_known_group_code: String,
    actor2_ethnic_code: String,
    actor2_religion1_code: String,
    actor2_religion2_code: String,
    actor2_type1_code: String,
    actor2_type2_code: String,
    actor2_type3_code: String,
    is_root_event: u8,
    event_code: String,
    event_base_code: String,
    event_root_code: String,
    quad_class: u8,
    goldstein_scale: Option<f64>,
    num_mentions: u32,
    num_sources: u32,
    num_articles: u32,
    avg_tone: f64,
    actor1_geo_type: u8,
    actor1_geo_full_name: String,
    actor1_geo_country_code: String,
    actor1_geo_adm1_code: String,
    actor1_geo_adm2_code: String,
    actor1_geo_lat: Option<f64>,
    actor1_geo_long: Option<f64>,
    actor1_geo_feature_id: String,
    actor2_geo_type: u8,
    actor2_geo_full_name: String,
    actor2_geo_country_code: String,
    actor2_geo_adm1_code: String,
    actor2_geo_adm2_code: String,
    actor2_geo_lat: Option<f64>,
    actor2_geo_long: Option<f64>,
    actor2_geo_feature_id: String,
    action_geo_type: u8,
    action_geo_full_name: String,
    action_geo_country_code: String,
    action_geo_adm1_code: String,
    action_geo_adm2_code: String,
    action_geo_lat: Option<f64>,
    action_geo_long: Option<f64>,
    action_geo_feature_id: String,
    date_added: u64,
    source_url: String,
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: gdelt_baseline FILE.export.CSV");
    let started = std::time::Instant::now();
    let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&path).expect("readable file"));
    // GDELT quotes nothing: a field may begin with a quotation mark.
    let mut reader = csv::ReaderBuilder::new().delimiter(b'\t').has_headers(false).quoting(false).from_reader(file);
    let rows: Vec<Event> = reader.deserialize().map(|row| row.expect("a valid GDELT 2.0 row")).collect();
    println!("{} rows in {:.3} s", rows.len(), started.elapsed().as_secs_f64());
}
