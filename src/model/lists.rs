//! Compact storage for a million short lists.

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
