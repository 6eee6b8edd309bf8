//! The in-memory index: the stored documents (what result lists and excerpts need), one posting
//! list per term, the shard boundaries, and what changed since files were last handed out.
//!
//! `build` tokenises and inverts in parallel (see `invert`). `StreamingBuild` does the same a
//! run of documents at a time, writing each document's excerpt file and dropping its text as it
//! goes, and each run's lists to a temporary file. `upsert` and `remove` splice one document's
//! entries into the affected lists and mark the shards, metadata chunk and excerpts they touch
//! (not on a streamed index, which has no texts left).

use crate::search::SearchDoc;
use crate::search::encode::{self, Occurrences};
use crate::search::files;
use crate::search::invert::{self, ChunkPostings, Posting, SpilledRun};
use crate::search::tokenize::{self, CharClass};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::sync::Mutex;

/// Target size of an excerpt block, in characters (a result downloads one block).
pub(crate) const BLOCK_CHARS: usize = 600;
/// Target size of a posting shard before base64; a term bigger than this gets a shard of its
/// own. Smaller shards waste less on a query's neighbours, larger ones mean fewer files.
pub(crate) const SHARD_BYTES: usize = 24 * 1024;
/// Documents per metadata chunk (a result page downloads at most one chunk per result).
pub(crate) const META_CHUNK: u32 = 8;

/// A document as kept for output and for re-tokenising on update.
#[derive(Clone, Debug)]
pub(crate) struct StoredDoc {
    pub path: String,
    pub title: String,
    pub date: Option<String>,
    /// Days since 1970-01-01 plus one; 0 when undated (sorts as oldest).
    pub day: u32,
    pub section: u32,
    pub kind: u32,
    /// The body field: summary (unless the text already starts with it) and text.
    pub body: String,
    pub blocks: Vec<Block>,
}

/// A slice of the body shipped as one excerpt file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    pub start: usize,
    pub end: usize,
    /// Position of the block's first token within the body field.
    pub position: u32,
}

/// What `changed_files` must look at, and the hashes of the files last handed out.
#[derive(Debug, Default)]
pub(crate) struct EmitState {
    pub shards: BTreeSet<usize>,
    pub chunks: BTreeSet<u32>,
    pub excerpts: BTreeSet<u32>,
    pub hashes: BTreeMap<String, u64>,
}

/// The search index of a site. Build it with [`SearchIndex::build`], write
/// [`SearchIndex::files`], and in the preview server apply edits with `upsert`/`remove` and
/// write [`SearchIndex::changed_files`].
#[derive(Debug)]
pub struct SearchIndex {
    /// By id; `None` for removed documents (ids stay stable between full builds).
    pub(crate) docs: Vec<Option<StoredDoc>>,
    pub(crate) ids: BTreeMap<String, u32>,
    pub(crate) sections: Vec<String>,
    pub(crate) kinds: Vec<String>,
    pub(crate) postings: BTreeMap<String, Posting>,
    /// First term of each shard; `bounds[0]` is empty so every term has a shard.
    pub(crate) bounds: Vec<String>,
    /// Behind a lock because `files(&self)` records what it handed out.
    pub(crate) emit: Mutex<EmitState>,
    /// The documents' texts were dropped once their excerpt files were handed out, while the
    /// index was built ([`StreamingBuild`]); those files cannot be made again.
    pub(crate) texts_dropped: bool,
}

impl SearchIndex {
    /// Indexes `docs` in parallel. Ids follow recency (newest first, then path); a path given
    /// twice keeps its last document.
    pub fn build(docs: Vec<SearchDoc>) -> SearchIndex {
        let docs = in_id_order(docs);
        let names = Names::of(docs.iter());
        let stored: Vec<StoredDoc> = docs.into_par_iter().map(|d| names.store(d)).collect();
        let mut postings = ChunkPostings::default();
        postings.add(&fields(&stored), 0);
        SearchIndex::assemble(stored, names, postings.join())
    }

    /// Indexes documents given a run at a time, for a one-shot build that must not hold every
    /// page's text at once (several hundred MB at 100,000 pages): see [`StreamingBuild`].
    pub fn streaming(docs: Vec<SearchDoc>) -> StreamingBuild {
        StreamingBuild::new(docs, STREAM_RUN)
    }

    fn assemble(
        stored: Vec<StoredDoc>,
        names: Names,
        postings: BTreeMap<String, Posting>,
    ) -> SearchIndex {
        let bounds = shard_bounds(&postings);
        let ids = stored
            .iter()
            .enumerate()
            .map(|(id, d)| (d.path.clone(), id as u32))
            .collect();
        SearchIndex {
            docs: stored.into_iter().map(Some).collect(),
            ids,
            sections: names.sections,
            kinds: names.kinds,
            postings,
            bounds,
            emit: Mutex::new(EmitState::default()),
            texts_dropped: false,
        }
    }

    /// Adds or replaces the document at `doc.path`. A replaced document keeps its id, a new one
    /// gets the next id; shard boundaries stay as they are until the next `build`.
    pub fn upsert(&mut self, doc: SearchDoc) {
        debug_assert!(!self.texts_dropped, "a streamed index cannot be updated");
        let section = intern(&mut self.sections, &doc.section);
        let kind = intern(&mut self.kinds, &doc.kind);
        let new = StoredDoc::new(doc, section, kind);
        let id = match self.ids.get(&new.path) {
            Some(&id) => id,
            None => {
                let id = self.docs.len() as u32;
                self.docs.push(None);
                self.ids.insert(new.path.clone(), id);
                id
            }
        };
        let old = self.docs[id as usize].take();
        let before = old.as_ref().map(occurrences).unwrap_or_default();
        self.apply(id, &before, &occurrences(&new));
        self.docs[id as usize] = Some(new);
        self.mark_doc(id);
    }

    /// Removes the document at `path`, if any.
    pub fn remove(&mut self, path: &str) {
        let Some(id) = self.ids.remove(path) else {
            return;
        };
        if let Some(old) = self.docs[id as usize].take() {
            self.apply(id, &occurrences(&old), &BTreeMap::new());
        }
        self.mark_doc(id);
    }

    /// Number of documents in the index.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The shard holding `term`.
    pub(crate) fn shard_of(&self, term: &str) -> usize {
        self.bounds
            .partition_point(|b| b.as_str() <= term)
            .saturating_sub(1)
    }

    /// What changed since files were last handed out (a poisoned lock still holds valid sets).
    fn emit_state(&mut self) -> &mut EmitState {
        self.emit
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn mark_doc(&mut self, id: u32) {
        let emit = self.emit_state();
        emit.chunks.insert(id / META_CHUNK);
        emit.excerpts.insert(id);
    }

    /// Moves document `id` from the `before` to the `after` occurrences, term by term.
    fn apply(
        &mut self,
        id: u32,
        before: &BTreeMap<String, Occurrences>,
        after: &BTreeMap<String, Occurrences>,
    ) {
        for term in before.keys().filter(|t| !after.contains_key(*t)) {
            self.splice(term, id, None);
        }
        for (term, occ) in after {
            if before.get(term) != Some(occ) {
                self.splice(term, id, Some(occ));
            }
        }
    }

    /// Replaces (or with `None` drops) document `id`'s entry in `term`'s list.
    fn splice(&mut self, term: &str, id: u32, occ: Option<&Occurrences>) {
        let shard = self.shard_of(term);
        let old = self.postings.remove(term).unwrap_or_default();
        let posting = spliced(&old, id, occ);
        if posting.df > 0 {
            self.postings.insert(term.to_owned(), posting);
        }
        self.emit_state().shards.insert(shard);
    }
}

/// Returns `old` with document `id`'s entry replaced by `occ` (or removed).
fn spliced(old: &Posting, id: u32, occ: Option<&Occurrences>) -> Posting {
    let mut entries = encode::unpack(&old.bytes, old.df).unwrap_or_default();
    entries.retain(|(doc, _)| *doc != id);
    if let Some(occ) = occ {
        let at = entries.partition_point(|(doc, _)| *doc < id);
        entries.insert(at, (id, occ.clone()));
    }
    Posting {
        df: entries.len() as u32,
        bytes: encode::pack(&entries),
    }
}

impl StoredDoc {
    fn new(doc: SearchDoc, section: u32, kind: u32) -> StoredDoc {
        let day = doc.date.as_deref().and_then(day_number).unwrap_or(0);
        let body = body_field(&doc.summary, doc.text);
        let blocks = split_blocks(&body);
        StoredDoc {
            path: doc.path,
            title: doc.title,
            date: doc.date.filter(|_| day > 0),
            day,
            section,
            kind,
            body,
            blocks,
        }
    }

    pub fn block_text(&self, block: &Block) -> &str {
        self.body.get(block.start..block.end).unwrap_or("")
    }
}

/// The summary is indexed only when the text does not already begin with it (generated
/// summaries are the first paragraph), so its words are not counted twice.
fn body_field(summary: &str, whole: String) -> String {
    let summary = summary.trim();
    let head = summary.trim_end_matches(['…', '.']).trim_end();
    let text = whole.trim();
    if head.is_empty() || text.starts_with(head) {
        // Most bodies: keep the text's own allocation (a copy per page adds up at 100,000).
        if text.len() == whole.len() {
            whole
        } else {
            text.to_owned()
        }
    } else if text.is_empty() {
        summary.to_owned()
    } else {
        format!("{summary}\n{text}")
    }
}

/// Days since 1970-01-01 plus one for a `YYYY-MM-DD` date (a longer RFC 3339 string is cut to its
/// date); `None` when it is not a valid date.
pub(crate) fn day_number(date: &str) -> Option<u32> {
    let date: jiff::civil::Date = date.get(..10)?.parse().ok()?;
    let days = (date - jiff::civil::date(1970, 1, 1)).get_days();
    u32::try_from(days + 1).ok().filter(|&d| d > 0)
}

/// The year of a day number (inverse of `day_number`, for the year filter).
pub(crate) fn year_of(day: u32) -> Option<i32> {
    if day == 0 {
        return None;
    }
    let z = i64::from(day) - 1 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    i32::try_from(year).ok()
}

/// Cuts the body into blocks of about [`BLOCK_CHARS`] characters, preferring paragraph and
/// sentence ends and never cutting a word, so positions counted per block add up.
///
/// One pass: the characters and positions (as [`tokenize::count_positions`] counts them for the
/// block alone) since the block's start are counted as it goes, and noted at the last sentence
/// end, so a cut there leaves the counts of what follows it without counting again.
fn split_blocks(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut position = 0;
    // Characters and positions in `body[start..i]`.
    let (mut chars, mut positions) = (0, 0);
    // The byte after the last sentence end in the block, with the counts up to there. Every
    // sentence end is punctuation or a line break, so the text after it counts as a new block's
    // would.
    let mut last_break: Option<(usize, usize, u32)> = None;
    // The previous character's class, and the one counting positions sees (none at a block's
    // start).
    let (mut prev, mut counted_prev) = (CharClass::Other, CharClass::Other);
    for (i, c) in body.char_indices() {
        let class = tokenize::classify(tokenize::fold(c));
        // Whether the block may end before `c` (not inside a word, unless at a sentence end
        // already passed), asked only once the block is long enough.
        let can_cut = || {
            let inside_word =
                class == prev && matches!(class, CharClass::Letter | CharClass::Digit);
            !inside_word || last_break.is_some_and(|b| b.0 > start)
        };
        if chars >= BLOCK_CHARS && (chars >= BLOCK_CHARS * 2 || can_cut()) {
            let (end, end_chars, end_positions) = last_break
                .filter(|b| b.0 > start)
                .unwrap_or((i, chars, positions));
            blocks.push(Block {
                start,
                end,
                position,
            });
            position += end_positions;
            start = end;
            chars -= end_chars;
            positions -= end_positions;
            if end == i {
                counted_prev = CharClass::Other;
            }
            last_break = None;
        }
        chars += 1;
        let starts_word =
            matches!(class, CharClass::Letter | CharClass::Digit) && class != counted_prev;
        if class == CharClass::Cjk || starts_word {
            positions += 1;
        }
        (prev, counted_prev) = (class, class);
        // Every sentence end is punctuation (class `Other`): most characters need not be
        // compared with them.
        if class == CharClass::Other
            && matches!(c, '\n' | '。' | '！' | '？' | '；' | '!' | '?' | ';')
        {
            last_break = Some((i + c.len_utf8(), chars, positions));
        }
    }
    if start < body.len() || blocks.is_empty() {
        blocks.push(Block {
            start,
            end: body.len(),
            position,
        });
    }
    blocks
}

/// A search index built a run of documents at a time. The documents come without their text;
/// [`runs`](Self::runs) says which texts to bring, in which order, and [`add`](Self::add)
/// takes a run's texts, indexes them, hands each document's excerpt file out at once and drops
/// the text. [`finish`](Self::finish) gives an index that writes the other files with
/// [`SearchIndex::write_files`] and cannot be updated. The files are those
/// [`SearchIndex::build`] makes of the same documents.
pub struct StreamingBuild {
    /// By position as given; taken as their run comes.
    docs: Vec<Option<SearchDoc>>,
    order: Vec<usize>,
    run_len: usize,
    names: Names,
    stored: Vec<StoredDoc>,
    spilled: Vec<SpilledRun>,
    excerpts: BTreeMap<String, u64>,
}

impl StreamingBuild {
    pub(crate) fn new(docs: Vec<SearchDoc>, run_len: usize) -> StreamingBuild {
        let order = id_order(&docs);
        let names = Names::of(order.iter().map(|&i| &docs[i]));
        StreamingBuild {
            docs: docs.into_iter().map(Some).collect(),
            stored: Vec::with_capacity(order.len()),
            order,
            run_len: run_len.max(1),
            names,
            spilled: Vec::new(),
            excerpts: BTreeMap::new(),
        }
    }

    /// The positions (in the documents given) of each run's documents, runs in the order
    /// [`add`](Self::add) must receive them. A document whose path is given again later gets
    /// no id and is in no run.
    pub fn runs(&self) -> Vec<Vec<usize>> {
        self.order
            .chunks(self.run_len)
            .map(<[usize]>::to_vec)
            .collect()
    }

    /// Indexes the next run: `texts[k]` is the text of document `run[k]`. Each document's
    /// excerpt file goes to `write` (in parallel); returns what it failed with, or the error
    /// that kept the run's posting lists from their temporary file.
    pub fn add<E: Send>(
        &mut self,
        run: &[usize],
        texts: Vec<String>,
        write: impl Fn(&str, &[u8]) -> Result<(), E> + Sync,
    ) -> io::Result<Vec<E>> {
        let first_id = self.stored.len() as u32;
        let taken: Vec<(SearchDoc, String)> = (run.iter().zip(texts))
            .filter_map(|(&i, text)| Some((self.docs[i].take()?, text)))
            .collect();
        let names = &self.names;
        let mut docs: Vec<StoredDoc> = taken
            .into_par_iter()
            .map(|(doc, text)| names.store(SearchDoc { text, ..doc }))
            .collect();
        let mut postings = ChunkPostings::default();
        postings.add(&fields(&docs), first_id);
        self.spilled.push(postings.spill()?);
        let written: Vec<(String, u64, Option<E>)> = (docs.par_iter().enumerate())
            .map(|(k, doc)| files::hand_out(&write, files::excerpt_file(first_id + k as u32, doc)))
            .collect();
        let mut failures = Vec::new();
        for (path, hash, failed) in written {
            self.excerpts.insert(path, hash);
            failures.extend(failed);
        }
        for doc in &mut docs {
            doc.body = String::new();
        }
        self.stored.extend(docs);
        Ok(failures)
    }

    /// The index of every document added, or the error met reading the temporary files back.
    pub fn finish(self) -> io::Result<SearchIndex> {
        let postings = invert::merge(self.spilled)?;
        let mut index = SearchIndex::assemble(self.stored, self.names, postings);
        index.texts_dropped = true;
        index.emit_state().hashes = self.excerpts;
        Ok(index)
    }
}

/// Each document's indexed fields, title and body, as inversion takes them.
fn fields(docs: &[StoredDoc]) -> Vec<(&str, &str)> {
    (docs.iter())
        .map(|d| (d.title.as_str(), d.body.as_str()))
        .collect()
}

/// `docs` sorted by recency (newest first, undated last), then path; a repeated path keeps its
/// last doc.
fn in_id_order(docs: Vec<SearchDoc>) -> Vec<SearchDoc> {
    let order = id_order(&docs);
    let mut slots: Vec<Option<SearchDoc>> = docs.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// The positions in `docs` of the documents that get ids, in id order (see `in_id_order`).
fn id_order(docs: &[SearchDoc]) -> Vec<usize> {
    let last: BTreeMap<&str, usize> = (docs.iter().enumerate())
        .map(|(i, d)| (d.path.as_str(), i))
        .collect();
    let mut order: Vec<(u32, &str, usize)> = last
        .into_iter()
        .map(|(path, i)| {
            let day = docs[i].date.as_deref().and_then(day_number).unwrap_or(0);
            (day, path, i)
        })
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    order.into_iter().map(|(_, _, i)| i).collect()
}

/// The section and kind names of the indexed documents, sorted; documents refer to them by
/// position.
struct Names {
    sections: Vec<String>,
    kinds: Vec<String>,
}

impl Names {
    fn of<'a>(docs: impl Iterator<Item = &'a SearchDoc> + Clone) -> Names {
        Names {
            sections: sorted_names(docs.clone().map(|d| d.section.as_str())),
            kinds: sorted_names(docs.map(|d| d.kind.as_str())),
        }
    }

    fn store(&self, doc: SearchDoc) -> StoredDoc {
        let section = position_of(&self.sections, &doc.section);
        let kind = position_of(&self.kinds, &doc.kind);
        StoredDoc::new(doc, section, kind)
    }
}

fn sorted_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let set: BTreeSet<&str> = names.collect();
    set.into_iter().map(str::to_owned).collect()
}

fn position_of(names: &[String], name: &str) -> u32 {
    names.iter().position(|n| n == name).unwrap_or(0) as u32
}

fn intern(names: &mut Vec<String>, name: &str) -> u32 {
    match names.iter().position(|n| n == name) {
        Some(i) => i as u32,
        None => {
            names.push(name.to_owned());
            (names.len() - 1) as u32
        }
    }
}

/// Every term of a stored document with its positions per field.
pub(crate) fn occurrences(doc: &StoredDoc) -> BTreeMap<String, Occurrences> {
    let mut map: BTreeMap<String, Occurrences> = BTreeMap::new();
    tokenize::for_each_token(&doc.title, 0, |term, p| {
        entry(&mut map, term).title.push(p);
    });
    tokenize::for_each_token(&doc.body, 0, |term, p| {
        entry(&mut map, term).body.push(p);
    });
    map
}

fn entry<'m>(map: &'m mut BTreeMap<String, Occurrences>, term: &str) -> &'m mut Occurrences {
    map.entry(term.to_owned()).or_default()
}

/// Documents per run of a streaming build: their texts are in memory together.
pub(crate) const STREAM_RUN: usize = 8192;

/// Cuts the sorted dictionary into shards of about [`SHARD_BYTES`].
fn shard_bounds(postings: &BTreeMap<String, Posting>) -> Vec<String> {
    let mut bounds = vec![String::new()];
    let mut size = 0;
    for (term, posting) in postings {
        let cost = term.len() + 4 + posting.bytes.len();
        let alone = cost >= SHARD_BYTES;
        if size > 0 && (alone || size + cost > SHARD_BYTES) {
            bounds.push(term.clone());
            size = 0;
        }
        // A big term closes its shard so the next term does not ride along.
        size = if alone { SHARD_BYTES } else { size + cost };
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, title: &str, date: &str, text: &str) -> SearchDoc {
        SearchDoc {
            path: path.into(),
            title: title.into(),
            date: (!date.is_empty()).then(|| date.into()),
            section: "通知公告".into(),
            kind: "article".into(),
            summary: String::new(),
            text: text.into(),
        }
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(day_number("1970-01-01"), Some(1));
        assert_eq!(
            day_number("2026-11-20T08:00:00+08:00"),
            day_number("2026-11-20")
        );
        assert_eq!(day_number("2026-02-30"), None);
        assert_eq!(day_number("soon"), None);
        for date in ["2000-02-29", "2026-12-31", "2027-01-01", "1999-03-01"] {
            let day = day_number(date).unwrap_or(0);
            assert_eq!(year_of(day), date[..4].parse().ok());
        }
        assert_eq!(year_of(0), None);
    }

    #[test]
    fn ids_follow_recency_then_path() {
        let index = SearchIndex::build(vec![
            doc("/b/", "乙", "2026-01-01", ""),
            doc("/a/", "甲", "2026-01-01", ""),
            doc("/c/", "丙", "2026-05-01", ""),
            doc("/d/", "丁", "", ""),
            doc("/a/", "甲二", "2026-01-01", ""),
        ]);
        let order: Vec<&str> = index
            .docs
            .iter()
            .flatten()
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(order, ["/c/", "/a/", "/b/", "/d/"]);
        assert_eq!(
            index.docs[1].as_ref().map(|d| d.title.as_str()),
            Some("甲二")
        );
    }

    #[test]
    fn summary_is_not_indexed_twice() {
        assert_eq!(
            body_field("第一段。", "第一段。\n第二段".into()),
            "第一段。\n第二段"
        );
        assert_eq!(
            body_field("第一段…", "第一段很长\n第二段".into()),
            "第一段很长\n第二段"
        );
        assert_eq!(body_field("摘要", "正文".into()), "摘要\n正文");
        assert_eq!(body_field("摘要", String::new()), "摘要");
        assert_eq!(body_field("", "  正文\n".into()), "正文");
    }

    #[test]
    fn blocks_cover_the_body_and_keep_positions() {
        let sentence = "驻村工作队认真落实各项要求，推进2026年项目建设。";
        let body = format!(
            "{}\n{}",
            sentence.repeat(30),
            "English words here ".repeat(80)
        );
        let blocks = split_blocks(&body);
        assert!(blocks.len() > 2);
        assert_eq!(blocks[0].start, 0);
        assert_eq!(blocks.last().map(|b| b.end), Some(body.len()));
        for pair in blocks.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            let before = tokenize::count_positions(&body[..pair[1].start]);
            assert_eq!(pair[1].position, before);
        }
        for b in &blocks {
            assert!(body[b.start..b.end].chars().count() <= BLOCK_CHARS * 2);
        }
    }

    /// Each block's first position is what the blocks before it count, each alone (so a word
    /// cut by a forced cut counts in both), also where there is no sentence end to cut at.
    #[test]
    fn block_positions_add_up_block_by_block() {
        let bodies = [
            "驻村工作队".repeat(400),
            "a".repeat(3000),
            format!("{}。{}", "村".repeat(700), "Word12 ".repeat(300)),
            format!("{}\n{}", "x".repeat(1300), "干部，abc".repeat(200)),
        ];
        for body in &bodies {
            let blocks = split_blocks(body);
            assert!(blocks.len() > 1);
            let mut position = 0;
            for b in &blocks {
                assert_eq!(b.position, position);
                position += tokenize::count_positions(&body[b.start..b.end]);
            }
            assert_eq!(blocks.last().map(|b| b.end), Some(body.len()));
        }
    }

    #[test]
    fn parallel_build_equals_sequential_occurrences() {
        let docs: Vec<SearchDoc> = (0..100)
            .map(|i| {
                let text = format!("第{i}次会议研究驻村干部培训工作。Report {i}。");
                doc(
                    &format!("/n/{i:03}/"),
                    &format!("通知{i}"),
                    "2026-03-01",
                    &text,
                )
            })
            .collect();
        let index = SearchIndex::build(docs);
        let mut expected: BTreeMap<String, Vec<(u32, Occurrences)>> = BTreeMap::new();
        for (id, d) in index.docs.iter().enumerate() {
            let Some(d) = d else { continue };
            for (term, occ) in occurrences(d) {
                expected.entry(term).or_default().push((id as u32, occ));
            }
        }
        assert_eq!(index.postings.len(), expected.len());
        for (term, list) in &expected {
            let posting = &index.postings[term];
            assert_eq!(posting.df as usize, list.len());
            assert_eq!(
                encode::unpack(&posting.bytes, posting.df).as_ref(),
                Some(list)
            );
        }
    }

    #[test]
    fn upsert_and_remove_match_a_fresh_build() {
        let a = doc("/a/", "驻村干部培训", "2026-01-02", "培训内容包括政策。");
        let b = doc("/b/", "产业发展", "2026-01-01", "合作社带动增收。");
        let b2 = doc("/b/", "产业发展报告", "2026-01-01", "合作社和驻村干部。");
        let mut index = SearchIndex::build(vec![a.clone(), b]);
        index.upsert(b2.clone());
        let fresh = SearchIndex::build(vec![a.clone(), b2]);
        let view = |i: &SearchIndex| {
            i.postings
                .iter()
                .map(|(t, p)| (t.clone(), p.df, p.bytes.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(view(&index), view(&fresh));
        index.remove("/b/");
        assert_eq!(view(&index), view(&SearchIndex::build(vec![a])));
        assert_eq!(index.len(), 1);
    }

    #[test]
    fn shard_of_routes_by_first_term() {
        let mut index = SearchIndex::build(vec![]);
        index.bounds = vec![String::new(), "b".into(), "中".into()];
        assert_eq!(index.shard_of("a"), 0);
        assert_eq!(index.shard_of("b"), 1);
        assert_eq!(index.shard_of("zz"), 1);
        assert_eq!(index.shard_of("中国"), 2);
    }
}
