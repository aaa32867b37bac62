//! An event's extra named values (GDELT's codes and tone, brat's arguments, TimeML's
//! class...), held compact: a million GDELT events carry eighteen each, which as pairs of
//! shared words took 576 bytes an event before any value was stored. Here the names are
//! one list shared by every event with the same names (made once by the loader), and the
//! values lie one after another in one string: an event without attributes holds a null
//! pointer, one with eighteen about 200 bytes.

use std::sync::Arc;

/// The names of an event's attributes, in order: one list shared by many events.
pub type Names = Arc<[Arc<str>]>;

/// Named values in the order they were written; a name may repeat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes(Option<Box<Held>>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Held {
    names: Names,
    /// Where each value ends in `values` (its start is the previous end).
    ends: Box<[u32]>,
    values: Box<str>,
}

impl Attributes {
    /// The values `values` (one after another, the i-th ending at `ends[i]`) under `names`.
    /// Nothing when there are no names.
    ///
    /// # Panics
    /// When `ends` does not fit `names` and `values` (a loader's mistake, not the data's).
    pub fn new(names: Names, ends: Vec<u32>, values: String) -> Self {
        assert_eq!(names.len(), ends.len(), "one end per name");
        debug_assert!(
            ends.windows(2).all(|w| w[0] <= w[1])
                && ends.last().is_none_or(|&e| e as usize == values.len())
                && ends.iter().all(|&e| values.is_char_boundary(e as usize)),
            "ends are the values' boundaries"
        );
        if names.is_empty() {
            return Attributes(None);
        }
        Attributes(Some(Box::new(Held { names, ends: ends.into_boxed_slice(), values: values.into_boxed_str() })))
    }

    /// Pairs given one by one, under a list of names of their own (tests, and the odd
    /// attribute added after loading).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let (mut names, mut ends, mut values) = (Vec::new(), Vec::new(), String::new());
        for (name, value) in pairs {
            let Ok(end) = u32::try_from(values.len() + value.len()) else { break };
            names.push(Arc::<str>::from(name));
            values.push_str(value);
            ends.push(end);
        }
        Attributes::new(names.into(), ends, values)
    }

    /// These attributes and one more, `name` = `value`, at the end (the names already
    /// there stay shared); these alone if the values would pass 4 GiB.
    pub fn with(&self, name: &str, value: &str) -> Self {
        let mut values: String = self.iter().map(|(_, v)| v).collect();
        values.push_str(value);
        let Ok(end) = u32::try_from(values.len()) else { return self.clone() };
        let mut names: Vec<Arc<str>> = self.names().map_or_else(Vec::new, |n| n.to_vec());
        names.push(Arc::from(name));
        let mut ends: Vec<u32> = self.0.as_ref().map_or_else(Vec::new, |h| h.ends.to_vec());
        ends.push(end);
        Attributes::new(names.into(), ends, values)
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |h| h.names.len())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The names, shared by every event loaded with the same ones (compared by address to
    /// skip events whose names were just seen).
    pub fn names(&self) -> Option<&Names> {
        self.0.as_ref().map(|h| &h.names)
    }

    /// Name and value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let held = self.0.as_deref();
        let names = held.into_iter().flat_map(|h| h.names.iter().map(|n| &**n));
        names.zip(held.into_iter().flat_map(|h| values(&h.ends, &h.values)))
    }

    /// The value of the first attribute called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Heap bytes held by this event alone (the shared names not counted).
    pub fn heap_bytes(&self) -> usize {
        self.0.as_ref().map_or(0, |h| size_of::<Held>() + h.ends.len() * 4 + h.values.len())
    }
}

/// The values lying one after another in `values`, the i-th ending at `ends[i]`.
pub(crate) fn values<'a>(ends: &'a [u32], values: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    ends.iter().scan(0usize, move |start, &end| {
        let value = values.get(*start..end as usize).unwrap_or("");
        *start = end as usize;
        Some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_come_back_in_order_with_repeats_and_empty_values() {
        let a = Attributes::from_pairs([("code", "0834"), ("note", ""), ("code", "ß14"), ("tone", "-1.5")]);
        assert_eq!(a.len(), 4);
        assert_eq!(a.iter().collect::<Vec<_>>(), [("code", "0834"), ("note", ""), ("code", "ß14"), ("tone", "-1.5")]);
        assert_eq!(a.get("code"), Some("0834"));
        assert_eq!(a.get("note"), Some(""));
        assert_eq!(a.get("none"), None);
        assert_eq!(a.with("date from", "e3").get("date from"), Some("e3"));
        assert_eq!(a.with("x", "y").len(), 5);
    }

    #[test]
    fn no_pairs_hold_nothing() {
        let a = Attributes::from_pairs([]);
        assert!(a.is_empty() && a.names().is_none() && a.heap_bytes() == 0);
        assert_eq!(a, Attributes::default());
        assert_eq!(size_of::<Attributes>(), 8);
    }

    #[test]
    fn events_loaded_with_the_same_names_share_them() {
        let names: Names = vec![Arc::from("a"), Arc::from("b")].into();
        let one = Attributes::new(names.clone(), vec![1, 3], "xyz".to_string());
        let two = Attributes::new(names.clone(), vec![0, 0], String::new());
        assert!(Arc::ptr_eq(one.names().unwrap(), two.names().unwrap()));
        assert_eq!(one.iter().collect::<Vec<_>>(), [("a", "x"), ("b", "yz")]);
        assert_eq!(two.iter().collect::<Vec<_>>(), [("a", ""), ("b", "")]);
    }

    #[test]
    #[should_panic(expected = "boundaries")]
    fn ends_inside_a_character_are_refused() {
        let names: Names = vec![Arc::from("a"), Arc::from("b")].into();
        let _ = Attributes::new(names, vec![1, 2], "ß".to_string());
    }
}
