//! Work over a long list of events or actors, split across the cores.

/// `work` over `items`, in order: on one thread below `sequential_below` items (threads
/// cost more than they save there), else over one chunk per core (at most eight), with the
/// chunks' results concatenated in order. A panic in a chunk is resumed on the caller.
/// (Loading has its own count, at most four workers: there each worker holds blocks of a
/// file in flight, so more workers cost memory; a query's chunks cost none.)
pub fn chunked<T: Sync, R: Send>(items: &[T], sequential_below: usize, work: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    if items.len() < sequential_below {
        return work(items);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items.chunks(chunk).map(|part| scope.spawn(move || work(part))).collect();
        let parts: Vec<Vec<R>> =
            parts.into_iter().map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect();
        // One allocation for the whole, not a doubling at each chunk.
        let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            all.extend(part);
        }
        all
    })
}

#[cfg(test)]
mod tests {
    use super::chunked;

    #[test]
    fn chunks_keep_the_order_whichever_way_the_work_is_split() {
        let items: Vec<u32> = (0..1000).collect();
        let evens = |part: &[u32]| part.iter().copied().filter(|n| n % 2 == 0).collect::<Vec<_>>();
        let expected: Vec<u32> = (0..1000).step_by(2).collect();
        assert_eq!(chunked(&items, 10_000, evens), expected, "one thread");
        assert_eq!(chunked(&items, 1, evens), expected, "every core");
        assert_eq!(chunked(&[] as &[u32], 0, evens), Vec::<u32>::new(), "nothing to split");
    }
}
