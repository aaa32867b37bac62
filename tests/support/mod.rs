//! Helpers of the integration tests that read stores (`tests/store.rs`,
//! `tests/clickhouse.rs`); `chfront.py` is the HTTP front over the ClickHouse engine that
//! chdb embeds.

#![allow(dead_code)]

pub mod clickhouse;
pub mod stores;
