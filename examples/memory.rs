//! Where a loaded corpus's memory goes: live heap bytes after loading, the peak during
//! loading, and the bytes held by each part of the corpus (docs/PERFORMANCE.md).
//!
//!     cargo run --release --example memory -- big.jsonl
//!
//! On a store (a dataset directory, a `clickhouse://` address): the heap a scan holds,
//! with a query and the number of events after which it stops.
//!
//!     cargo run --release --example memory -- gdelt.d 'from:2018-07-14' 50

use annals::ingest::Loaded;
use annals::ingest::{self, Input, LoadOptions};
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live and peak heap bytes, over the allocator of the `annals` binary.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> String {
    format!("{:8.1} MiB", bytes as f64 / (1 << 20) as f64)
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: memory FILE, or memory STORE [QUERY [EVENTS]]");
    if annals::store::Store::is_store(std::path::Path::new(&path)) {
        return scan(&path);
    }
    let size = std::fs::metadata(&path).map(|m| m.len() as usize).unwrap_or(0);
    let loaded = ingest::load(&[Input::Path(path.into())], &LoadOptions::default());
    let live = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed);
    println!("file          {}", mib(size));
    println!("live heap     {}  ({:.2}x the file)", mib(live), live as f64 / size as f64);
    println!("peak heap     {}  ({:.2}x the file)", mib(peak), peak as f64 / size as f64);
    // What the interface makes once the timeline is shown, for text search.
    loaded.corpus.text_pairs();
    let searching = LIVE.load(Ordering::Relaxed);
    println!(
        "live heap once text search is ready {}  ({:.2}x the file)",
        mib(searching),
        searching as f64 / size as f64
    );
    for (part, bytes) in parts(&loaded) {
        println!("  {part:<22}{}", mib(bytes));
    }
}

/// The heap a scan of a store holds: opened, then read until `EVENTS` events pass.
fn scan(place: &str) {
    use annals::store::{Flow, Store};
    let query = std::env::args().nth(2).unwrap_or_default();
    let wanted: usize = std::env::args().nth(3).map_or(usize::MAX, |n| n.parse().expect("EVENTS: a number"));
    let store = Store::open(std::path::Path::new(place)).expect("the store opens");
    println!("opened        live {}  peak {}", mib(LIVE.load(Ordering::Relaxed)), mib(PEAK.load(Ordering::Relaxed)));
    let filter = annals::query::Filter::parse_words(&query).expect("the query reads");
    let mut found = 0;
    let scanned = store
        .scan(&filter, Default::default(), |_, events| {
            found += events.len();
            Ok(if found >= wanted { Flow::Enough } else { Flow::More })
        })
        .expect("the scan runs");
    println!("scanned       {found} events in {} pages", scanned.pages_read);
    println!("peak heap     {}", mib(PEAK.load(Ordering::Relaxed)));
}

/// Heap bytes of each part, counted from lengths and capacities (allocator rounding and
/// headers not included).
fn parts(loaded: &Loaded) -> Vec<(&'static str, usize)> {
    let c = &loaded.corpus;
    use std::mem::size_of_val;
    let text = |t: &annals::text::Text| t.heap_bytes();
    let opt = |t: &Option<annals::text::Text>| t.as_ref().map_or(0, text);
    let events_array = size_of_val(c.events());
    let mut event_strings = 0;
    let mut evidence = 0;
    let mut lists = 0;
    let (mut attributes, mut lists_of_names) = (0, std::collections::HashSet::new());
    let (mut words, mut word_bytes) = (std::collections::HashSet::new(), 0);
    for e in c.events() {
        // Actions and tags are shared words: counted once, below.
        event_strings += e.id.len() + e.date_text.as_ref().map_or(0, |t| t.heap_bytes()) + e.summary.heap_bytes();
        // An event's attribute values are its own; their names, a list shared by events.
        attributes += e.attributes.heap_bytes();
        if let Some(names) = e.attributes.names()
            && lists_of_names.insert(std::sync::Arc::as_ptr(names) as *const u8 as usize)
        {
            attributes += names.len() * 16 + names.iter().map(|n| n.len() + 16).sum::<usize>();
        }
        for word in e.action.iter().chain(e.tags.iter()) {
            if words.insert(std::sync::Arc::as_ptr(word) as *const u8 as usize) {
                word_bytes += word.len() + 16;
            }
        }
        evidence += size_of_val(&e.evidence[..]) + e.evidence.iter().map(|q| q.heap_bytes()).sum::<usize>();
        lists += size_of_val(&e.participants[..]) + size_of_val(&e.tags[..]);
        lists += e.relations.iter().map(|r| size_of_val(r) + r.target_ref.len()).sum::<usize>();
    }
    let articles: usize = c
        .articles()
        .iter()
        .map(|a| size_of_val(a) + a.id.capacity() + text(&a.title) + opt(&a.source) + opt(&a.author) + opt(&a.url))
        .sum();
    let article_text: usize = c.articles().iter().map(|a| opt(&a.text)).sum();
    let actors: usize = c
        .actors()
        .iter()
        .map(|a| {
            size_of_val(a)
                + a.id.capacity()
                + text(&a.name)
                + a.aliases.iter().map(|t| size_of_val(t) + text(t)).sum::<usize>()
                + opt(&a.description)
        })
        .sum();
    let search = c.search_heap_bytes();
    let indexes = c.index_heap_bytes();
    let diagnostics: usize =
        loaded.report.diagnostics().iter().map(|d| size_of_val(d) + d.message.capacity() + d.file.capacity()).sum();
    vec![
        ("event array", events_array),
        ("event strings", event_strings),
        ("evidence", evidence),
        ("event lists", lists),
        ("attributes", attributes),
        ("shared words", word_bytes),
        ("article texts", article_text),
        ("articles (the rest)", articles),
        ("actors", actors),
        ("search texts", search),
        ("indexes", indexes),
        ("diagnostics", diagnostics),
    ]
}
