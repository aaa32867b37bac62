//! What a GDELT row's source URL gives its article: an id, a site and a readable title.

use super::super::url::host;

/// An article id from its URL: host and path as a slug, cut with a hash when long.
pub(super) fn url_id(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    let bare = bare.strip_prefix("www.").unwrap_or(bare);
    let mut id = String::new();
    for c in bare.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.len() <= 80 {
        return id;
    }
    // FNV-1a: stable across runs and platforms, unlike the standard hasher.
    let hash = url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("{}-{:08x}", id[..80].trim_end_matches('-'), hash as u32)
}

/// The site an article comes from: its URL's host. GDELT 1.0 writes a name where a
/// source has no URL ("BBC Monitoring"): that name is the site then.
pub(super) fn site(url: &str) -> &str {
    host(url).unwrap_or(url)
}

/// A readable title from the last words of a URL's path: ".../deepest-darkest-secrets-now-
/// display-national-postal-museum/" gives "Deepest darkest secrets now display national
/// postal museum"; the host when the path says nothing.
pub(super) fn url_title(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = bare.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').skip(1).filter(|s| !s.is_empty()).collect();
    let wordy = |s: &&str| s.chars().filter(|c| c.is_alphabetic()).count() >= 8 && (s.contains('-') || s.contains('_'));
    let Some(segment) = segments.iter().rev().find(|s| wordy(s)) else { return site(url).to_string() };
    let stem =
        segment.rsplit_once('.').filter(|(_, ext)| ext.chars().all(char::is_alphabetic)).map_or(*segment, |(s, _)| s);
    let words: Vec<&str> = stem
        .split(['-', '_', '+'])
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .collect();
    let mut title = words.join(" ");
    if let Some(first) = title.chars().next() {
        title.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
    }
    if title.is_empty() { site(url).to_string() } else { title }
}
