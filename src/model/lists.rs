//! Compact storage for a million short lists and a million search texts.

/// Many short lists in two allocations, a million of them costing no more than their
/// items: list `i` is `items[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone)]
pub struct Lists<T> {
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists { starts: vec![0], items: Vec::new() }
    }
}

impl<T: Copy> Lists<T> {
    /// `lists` lists from (list, item) pairs, each list's items in the order given. The
    /// pairs are walked twice: once to count, once to place.
    pub fn from_pairs<I: Iterator<Item = (usize, T)>>(lists: usize, pairs: impl Fn() -> I) -> Self {
        let mut starts = vec![0u32; lists + 1];
        for (list, _) in pairs() {
            starts[list + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next: Vec<u32> = starts[..lists].to_vec();
        // Every slot is written below; the first item fills them until then.
        let Some((_, filler)) = pairs().next() else { return Lists { starts, items: Vec::new() } };
        let mut items = vec![filler; starts[lists] as usize];
        for (list, item) in pairs() {
            items[next[list] as usize] = item;
            next[list] += 1;
        }
        Lists { starts, items }
    }
}

impl<T> Lists<T> {
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &[T]> {
        self.starts.windows(2).map(|w| &self.items[w[0] as usize..w[1] as usize])
    }

    /// Heap bytes held (for the memory figures of docs/PERFORMANCE.md).
    pub fn heap_bytes(&self) -> usize {
        self.starts.capacity() * 4 + self.items.capacity() * std::mem::size_of::<T>()
    }
}

impl<T> std::ops::Index<usize> for Lists<T> {
    type Output = [T];

    fn index(&self, list: usize) -> &[T] {
        &self.items[self.starts[list] as usize..self.starts[list + 1] as usize]
    }
}

/// Each event's summary and evidence in lower case, for text search: one buffer, in the
/// order the events were loaded, read in the timeline's order through `load_order`.
#[derive(Debug, Clone, Default)]
pub struct SearchText {
    text: String,
    /// Where each loaded event's text ends in `text` (it starts where the previous ends).
    ends: Vec<usize>,
    /// For each event of the timeline, its place in load order.
    load_order: Vec<u32>,
}

impl SearchText {
    /// Texts in load order, with where each ends.
    pub fn new(text: String, ends: Vec<usize>) -> Self {
        let load_order = (0..ends.len() as u32).collect();
        SearchText { text, ends, load_order }
    }

    /// Append to `out` what an event's text search reads: its summary and each quote,
    /// lower-cased, a line each (the loader and a stored page build it alike).
    pub fn push_event<'a>(out: &mut String, summary: &str, quotes: impl IntoIterator<Item = &'a str>) {
        push_lower(out, summary);
        for quote in quotes {
            out.push('\n');
            push_lower(out, quote);
        }
    }

    /// Read the texts in another order: `load_order[i]` is the loaded event now at `i`.
    pub fn reorder(&mut self, load_order: Vec<u32>) {
        self.load_order = load_order;
    }

    pub fn len(&self) -> usize {
        self.load_order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.load_order.is_empty()
    }

    /// Heap bytes held (for the memory figures of docs/PERFORMANCE.md).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 8 + self.load_order.capacity() * 4
    }
}

/// `s` lower-cased onto `out`; ASCII in place, without an allocation.
fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

impl std::ops::Index<usize> for SearchText {
    type Output = str;

    fn index(&self, event: usize) -> &str {
        let loaded = self.load_order[event] as usize;
        let start = if loaded == 0 { 0 } else { self.ends[loaded - 1] };
        &self.text[start..self.ends[loaded]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hold_each_list_in_the_order_given() {
        let pairs = [(2, 'a'), (0, 'b'), (2, 'c'), (0, 'd')];
        let lists = Lists::from_pairs(4, || pairs.iter().copied());
        assert_eq!(lists.len(), 4);
        assert_eq!((&lists[0], &lists[1], &lists[2], &lists[3]), (&['b', 'd'][..], &[][..], &['a', 'c'][..], &[][..]));
        assert_eq!(lists.iter().map(<[char]>::len).collect::<Vec<_>>(), [2, 0, 2, 0]);
        let none = Lists::<u32>::from_pairs(3, std::iter::empty);
        assert_eq!((none.len(), none[2].len()), (3, 0));
    }
}
