//! What importers read from an article's URL: the site it names.

/// The host of a URL, as its site is shown: after `scheme://`, before the first `/`, `?`
/// or `#`, without the user (`user@`), the port (`:8080`) or a leading `www.`. `None`
/// when the text is no `scheme://` URL or names no host.
pub fn host(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let mut letters = scheme.chars();
    let scheme_ok = letters.next().is_some_and(|c| c.is_ascii_alphabetic())
        && letters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        // An IPv6 literal keeps its brackets; its colons are no port.
        Some(v6) => v6.split_once(']').map_or(host_port, |(addr, _)| &host_port[..addr.len() + 2]),
        None => host_port.split_once(':').map_or(host_port, |(h, _)| h),
    };
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_is_between_the_scheme_and_the_path_query_or_fragment() {
        for (url, expected) in [
            ("https://www.timescolonist.com/a/b", Some("timescolonist.com")),
            ("http://wtop.com/lifestyle/2016/07/x/", Some("wtop.com")),
            ("https://example.com", Some("example.com")),
            ("https://example.com?q=1/2", Some("example.com")),
            ("https://example.com#part/2", Some("example.com")),
            ("https://example.com/?q=http://other.org/", Some("example.com")),
            ("https://user:secret@example.com/a", Some("example.com")),
            ("https://user@www.example.com:8443/a", Some("example.com")),
            ("http://example.com:8080", Some("example.com")),
            ("http://[2001:db8::1]:8080/a", Some("[2001:db8::1]")),
            ("svn+ssh://host.example.org/repo", Some("host.example.org")),
            ("https:///path-only", None),
            ("https://", None),
            ("BBC Monitoring", None),
            ("www.example.com/a", None),
            ("see http://example.com/a", None),
            ("?q=http://example.com", None),
        ] {
            assert_eq!(host(url), expected, "{url}");
        }
    }
}
