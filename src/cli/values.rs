//! The values of the global flags, read and checked: `--max-file-size`, `--published`,
//! `--window`.

use crate::model::When;

/// The fewest events a window holds: a window read around an event holds some before it
/// and some after, so that moving past either edge reads on.
pub const LEAST_WINDOW: usize = 10;

/// `--window`: a number of events, at least [`LEAST_WINDOW`].
pub fn parse_window(text: &str) -> Result<usize, String> {
    match text.trim().replace('_', "").parse::<usize>() {
        Ok(n) if n < LEAST_WINDOW => Err(format!("a window holds at least {LEAST_WINDOW} events")),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("invalid window '{text}': expected a number of events such as 100000")),
    }
}

/// `--published`: one date, as a sidecar holds it.
pub fn parse_published(text: &str) -> Result<When, String> {
    crate::ingest::document_date::parse_document_date(text)
}

/// `--max-file-size`: a size such as `512M`, `2G`, `1000000` (bytes); K, M, G and T are
/// powers of 1024.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let too_large = || format!("invalid size '{text}': too large (at most {} bytes)", u64::MAX);
    let n: u64 = match digits.parse() {
        Ok(n) => n,
        Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => return Err(too_large()),
        Err(_) => return Err(format!("invalid size '{text}': expected a number such as 512M or 2G")),
    };
    let shift = match unit.trim().to_ascii_uppercase().trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("invalid size '{text}': the unit must be K, M, G or T")),
    };
    n.checked_mul(1 << shift).ok_or_else(too_large)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("2K"), Ok(2048));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("3MiB"), Ok(3 << 20));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5Q").is_err());
    }
}
