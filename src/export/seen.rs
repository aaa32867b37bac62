//! Which names an export has written (TimelineJS's slide ids, the articles of a streamed
//! export), held as 128-bit hashes: 16 bytes a name whatever its length, so that ten
//! million of them take 160 MB, not gigabytes. Two names whose hashes meet (one chance in
//! about 10^25 among ten million) would be taken for one.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

#[derive(Debug, Default)]
pub struct Seen(HashSet<u128>);

impl Seen {
    /// Note `name`; whether it is new.
    pub fn insert(&mut self, name: &str) -> bool {
        self.0.insert(hash(name))
    }

    /// How many names were noted.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// Two 64-bit SipHashes of `name`, under two different first bytes.
fn hash(name: &str) -> u128 {
    let half = |seed: u8| {
        let mut h = std::hash::DefaultHasher::new();
        seed.hash(&mut h);
        name.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_new_once() {
        let mut seen = Seen::default();
        assert!(seen.insert("a/e1") && seen.insert("a/e2") && !seen.insert("a/e1"));
        assert_eq!(seen.len(), 2);
    }
}
