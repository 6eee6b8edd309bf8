//! Inversion: from the documents' tokens to one packed posting list per term.
//!
//! Workers each invert a contiguous run of document ids into partial lists
//! ([`ChunkPostings::add`]), which are appended part after part to one list per term and packed
//! in term order ([`ChunkPostings::join`]). A streaming build instead writes each run's lists,
//! sorted by term, to a temporary file ([`ChunkPostings::spill`]) and at the end reads the runs
//! side by side, joining and packing one term at a time ([`merge`]): at 100,000 pages the raw
//! lists are about 260 MB, which need not stay in memory while the pages are written.

use crate::search::encode::{self, Values};
use crate::search::tokenize::{self, Term};
use integer_encoding::{VarIntReader, VarIntWriter};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// One term's posting list, packed (see `encode` for the layout).
#[derive(Clone, Debug, Default)]
pub(crate) struct Posting {
    pub df: u32,
    pub bytes: Vec<u8>,
}

/// A multiply-rotate hasher (the FxHash scheme) for the build's term maps: terms are short and
/// never attacker-chosen at build time, and SipHash dominated the inversion. Output order never
/// depends on it (terms are sorted before anything is written).
#[derive(Default)]
struct TermHasher(u64);

impl std::hash::Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }

    fn finish(&self) -> u64 {
        // The product's high bits depend on every bit of the input, its low bits only on the
        // input's low bits; the table picks buckets by the low bits, so they are rotated in.
        // (Without this, every bigram with the same second character, the packed key's low half,
        // started its probe at the same bucket.)
        self.0.rotate_left(26)
    }
}

impl TermHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type TermMap<V> = Hashed<Box<str>, V>;

type Hashed<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<TermHasher>>;

/// Posting lists of a contiguous run of documents, keyed by term. CJK terms (the vast majority)
/// are keyed by their characters packed into a `u64` (see [`Term::Cjk`]), which hashes and
/// compares faster than a string.
#[derive(Default)]
pub(crate) struct ChunkPostings {
    index: TermMap<u32>,
    cjk: Hashed<u64, u32>,
    lists: Vec<PartialList>,
}

/// A term's entries within one chunk. `tail` is the list without its first doc delta, which is
/// only known when chunks are joined.
#[derive(Default)]
struct PartialList {
    first: u32,
    last: u32,
    df: u32,
    tail: Vec<u8>,
}

impl ChunkPostings {
    /// The lists of `docs` (each document's title and body), whose ids start at `first_id`.
    fn collect(docs: &[(&str, &str)], first_id: u32) -> ChunkPostings {
        let mut chunk = ChunkPostings::default();
        let mut doc = DocTerms::default();
        for (offset, &(title, body)) in docs.iter().enumerate() {
            doc.start();
            tokenize::scan(title, 0, |term, p| doc.add(chunk.term(term), p, true));
            tokenize::scan(body, 0, |term, p| doc.add(chunk.term(term), p, false));
            doc.flush(&mut chunk.lists, first_id + offset as u32);
        }
        chunk
    }

    /// Adds the lists of `docs`, whose ids start at `first_id` and follow every id added so far:
    /// contiguous parts are tokenised in parallel, then appended part by part.
    pub(crate) fn add(&mut self, docs: &[(&str, &str)], first_id: u32) {
        let workers = rayon::current_num_threads().max(1);
        let per_part = docs.len().div_ceil(workers * 2).max(16);
        let parts: Vec<ChunkPostings> = docs
            .par_chunks(per_part)
            .enumerate()
            .map(|(i, part)| ChunkPostings::collect(part, first_id + (i * per_part) as u32))
            .collect();
        for part in parts {
            self.append(part);
        }
    }

    /// Appends `later`'s lists, whose documents all follow this one's, term by term.
    fn append(&mut self, later: ChunkPostings) {
        let mut lists: Vec<Option<PartialList>> = later.lists.into_iter().map(Some).collect();
        self.cjk.reserve(later.cjk.len());
        for (key, i) in later.cjk {
            let next = self.lists.len() as u32;
            let at = *self.cjk.entry(key).or_insert(next);
            self.append_list(at, lists[i as usize].take());
        }
        for (term, i) in later.index {
            let next = self.lists.len() as u32;
            let at = *self.index.entry(term).or_insert(next);
            self.append_list(at, lists[i as usize].take());
        }
    }

    fn append_list(&mut self, at: u32, list: Option<PartialList>) {
        let Some(list) = list else { return };
        match self.lists.get_mut(at as usize) {
            Some(mine) => mine.append(list),
            None => self.lists.push(list),
        }
    }

    /// The index of `term`'s list, made on first use.
    fn term(&mut self, term: Term<'_>) -> u32 {
        let next = self.lists.len() as u32;
        let i = match term {
            Term::Cjk(_, key) => *self.cjk.entry(key).or_insert(next),
            Term::Word(word) => match self.index.get(word) {
                Some(&i) => i,
                None => {
                    self.index.insert(word.into(), next);
                    next
                }
            },
        };
        if i == next {
            self.lists.push(PartialList::default());
        }
        i
    }
}

/// One document's tokens, grouped by term when the document ends: tokens are noted in a flat
/// array as they come (no list per term to grow), then placed term by term with one counting
/// pass, so each term's entry is written at once.
#[derive(Default)]
struct DocTerms {
    /// The current document, counted from 1.
    doc: u32,
    /// Per term of the chunk: the document it was last seen in, and its index among that
    /// document's terms.
    seen: Vec<[u32; 2]>,
    /// The document's terms (chunk list indexes), in order of first occurrence.
    terms: Vec<u32>,
    /// Per term of the document: its title positions, then where its positions end in `grouped`
    /// (while tokens are noted: how many it has).
    counts: Vec<[u32; 2]>,
    /// (term of the document, position), in token order: the title's, then the body's.
    tokens: Vec<[u32; 2]>,
    /// The positions grouped by term, each term's in token order.
    grouped: Vec<u32>,
}

impl DocTerms {
    fn start(&mut self) {
        self.doc += 1;
    }

    fn add(&mut self, term: u32, position: u32, in_title: bool) {
        let t = term as usize;
        if t >= self.seen.len() {
            self.seen.resize(t + 1, [0, 0]);
        }
        let seen = &mut self.seen[t];
        if seen[0] != self.doc {
            *seen = [self.doc, self.terms.len() as u32];
            self.terms.push(term);
            self.counts.push([0, 0]);
        }
        let local = seen[1];
        let count = &mut self.counts[local as usize];
        count[0] += u32::from(in_title);
        count[1] += 1;
        self.tokens.push([local, position]);
    }

    /// Appends the document's entry, as document `id`, to each of its terms' lists.
    fn flush(&mut self, lists: &mut [PartialList], id: u32) {
        let mut end = 0;
        for count in &mut self.counts {
            end += count[1];
            count[1] = end;
        }
        self.grouped.resize(self.tokens.len(), 0);
        // Placed from the back, each term's last position first, so the counts become starts.
        for &[local, position] in self.tokens.iter().rev() {
            let at = &mut self.counts[local as usize][1];
            *at -= 1;
            self.grouped[*at as usize] = position;
        }
        for (l, &term) in self.terms.iter().enumerate() {
            let [titles, start] = self.counts[l];
            let end = self
                .counts
                .get(l + 1)
                .map_or(self.grouped.len(), |c| c[1] as usize);
            let (title, body) = self.grouped[start as usize..end].split_at(titles as usize);
            lists[term as usize].flush(id, title, body);
        }
        self.terms.clear();
        self.counts.clear();
        self.tokens.clear();
    }
}

fn unpack_cjk(key: u64) -> String {
    [key >> 32, key & 0xFFFF_FFFF]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(|c| char::from_u32(c as u32))
        .collect()
}

impl PartialList {
    /// Appends document `id`'s entry.
    fn flush(&mut self, id: u32, title: &[u32], body: &[u32]) {
        if self.df == 0 {
            self.first = id;
        } else {
            encode::put(&mut self.tail, id - self.last);
        }
        encode::put_entry(&mut self.tail, title, body);
        self.last = id;
        self.df += 1;
    }
}

/// Terms packed per parallel batch, at most.
const PACK_BATCH: usize = 4096;

/// Raw list bytes packed per parallel batch, at most (a batch also ends here).
const PACK_BATCH_BYTES: usize = 32 << 20;

impl ChunkPostings {
    /// One packed posting list per term.
    pub(crate) fn join(self) -> BTreeMap<String, Posting> {
        match pack_sorted(self.into_sorted().map(Ok::<_, Infallible>)) {
            Ok(postings) => postings,
            Err(never) => match never {},
        }
    }

    /// Writes the lists, sorted by term, to a temporary file and frees them; [`merge`] joins
    /// the runs written so. The file is deleted when the run is dropped.
    pub(crate) fn spill(self) -> io::Result<SpilledRun> {
        let mut out = BufWriter::with_capacity(SPILL_BUFFER, tempfile::tempfile()?);
        let mut terms = 0;
        for (term, list) in self.into_sorted() {
            out.write_varint(term.len())?;
            out.write_all(term.as_bytes())?;
            for value in [list.first, list.last, list.df] {
                out.write_varint(value)?;
            }
            out.write_varint(list.tail.len())?;
            out.write_all(&list.tail)?;
            terms += 1;
        }
        let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        Ok(SpilledRun {
            reader: BufReader::with_capacity(SPILL_BUFFER, file),
            terms,
        })
    }

    /// Every term with its list, in term order, each list given up as it is taken.
    fn into_sorted(self) -> impl Iterator<Item = (String, PartialList)> {
        let mut lists: Vec<Option<PartialList>> = self.lists.into_iter().map(Some).collect();
        // Packed CJK keys sort as their strings do (first character, then the second, a lone
        // character before its bigrams), and numbers sort faster than strings; the words are
        // sorted apart and the two merged.
        let mut cjk: Vec<(u64, u32)> = self.cjk.into_iter().collect();
        cjk.sort_unstable_by_key(|&(key, _)| key);
        let mut words: Vec<(Box<str>, u32)> = self.index.into_iter().collect();
        words.sort_unstable();
        let mut cjk = cjk
            .into_iter()
            .map(|(key, i)| (unpack_cjk(key), i))
            .peekable();
        let mut words = words
            .into_iter()
            .map(|(w, i)| (String::from(w), i))
            .peekable();
        let merged = std::iter::from_fn(move || match (cjk.peek(), words.peek()) {
            (Some(c), Some(w)) if w.0 < c.0 => words.next(),
            (Some(_), _) => cjk.next(),
            (None, _) => words.next(),
        });
        merged.filter_map(move |(term, i)| Some((term, lists[i as usize].take()?)))
    }
}

/// Buffer size for writing and reading a spilled run.
const SPILL_BUFFER: usize = 64 << 10;

/// One run's lists in a temporary file, sorted by term (see [`ChunkPostings::spill`]).
pub(crate) struct SpilledRun {
    reader: BufReader<File>,
    /// Terms not read yet.
    terms: usize,
}

impl SpilledRun {
    fn next(&mut self) -> io::Result<Option<(String, PartialList)>> {
        if self.terms == 0 {
            return Ok(None);
        }
        self.terms -= 1;
        let term = String::from_utf8(self.bytes()?)
            .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))?;
        let (first, last, df) = (self.varint()?, self.varint()?, self.varint()?);
        let tail = self.bytes()?;
        let list = PartialList {
            first,
            last,
            df,
            tail,
        };
        Ok(Some((term, list)))
    }

    fn varint(&mut self) -> io::Result<u32> {
        self.reader.read_varint()
    }

    /// A length, then that many bytes.
    fn bytes(&mut self) -> io::Result<Vec<u8>> {
        let len: usize = self.reader.read_varint()?;
        let mut bytes = vec![0; len];
        self.reader.read_exact(&mut bytes)?;
        Ok(bytes)
    }
}

/// One packed posting list per term from runs spilled in id order: a term's parts are read
/// from every run at once, so only the lists being packed are in memory.
pub(crate) fn merge(mut runs: Vec<SpilledRun>) -> io::Result<BTreeMap<String, Posting>> {
    let mut heads = Vec::with_capacity(runs.len());
    for run in &mut runs {
        heads.push(run.next()?);
    }
    let lists = std::iter::from_fn(|| {
        let term = heads.iter().flatten().map(|(term, _)| term).min()?.clone();
        let mut joined = PartialList::default();
        for (run, head) in runs.iter_mut().zip(&mut heads) {
            if let Some((_, list)) = head.take_if(|(t, _)| *t == term) {
                joined.append(list);
                *head = match run.next() {
                    Ok(next) => next,
                    Err(err) => return Some(Err(err)),
                };
            }
        }
        Some(Ok((term, joined)))
    });
    pack_sorted(lists)
}

/// Packs lists given in term order, a batch at a time (in parallel within the batch), each
/// freed as it is packed: holding every raw and every packed list at once was a quarter of a
/// 100,000-page build's peak memory.
fn pack_sorted<E>(
    lists: impl Iterator<Item = Result<(String, PartialList), E>>,
) -> Result<BTreeMap<String, Posting>, E> {
    let mut postings = BTreeMap::new();
    let mut batch: Vec<(String, PartialList)> = Vec::new();
    let mut bytes = 0;
    for item in lists {
        let (term, list) = item?;
        bytes += list.tail.len();
        batch.push((term, list));
        if batch.len() >= PACK_BATCH || bytes >= PACK_BATCH_BYTES {
            postings.extend(pack_batch(std::mem::take(&mut batch)));
            bytes = 0;
        }
    }
    postings.extend(pack_batch(batch));
    Ok(postings)
}

fn pack_batch(batch: Vec<(String, PartialList)>) -> Vec<(String, Posting)> {
    (batch.into_par_iter())
        .map_init(Values::default, |values, (term, list)| {
            (term, list.pack(values))
        })
        .collect()
}

impl PartialList {
    /// Appends `later`, whose documents all follow this list's.
    fn append(&mut self, later: PartialList) {
        if later.df == 0 {
            return;
        }
        if self.df == 0 {
            *self = later;
            return;
        }
        encode::put(&mut self.tail, later.first - self.last);
        self.tail.extend_from_slice(&later.tail);
        self.last = later.last;
        self.df += later.df;
    }

    /// The whole list, packed (with `values`' arrays).
    fn pack(self, values: &mut Values) -> Posting {
        Posting {
            df: self.df,
            bytes: values
                .pack_varints(self.first, &self.tail)
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_keys_round_trip() {
        for text in ["驻村", "村", "𠀀字"] {
            let mut keys = Vec::new();
            tokenize::scan(text, 0, |term, _| {
                if let Term::Cjk(term, key) = term {
                    keys.push((term.to_owned(), key));
                }
            });
            assert!(!keys.is_empty());
            for (term, key) in keys {
                assert_eq!(unpack_cjk(key), term);
            }
        }
    }

    /// The lists of one chunk as (term, first, df, tail), sorted by term.
    fn lists(chunk: ChunkPostings) -> Vec<(String, u32, u32, Vec<u8>)> {
        (chunk.into_sorted())
            .map(|(term, l)| (term, l.first, l.df, l.tail))
            .collect()
    }

    #[test]
    fn a_document_entry_holds_its_title_then_body_positions() {
        let chunk = ChunkPostings::collect(&[("村村", "驻村。村"), ("", "村")], 5);
        let mut expected_tail = Vec::new();
        // 村 (a lone character, last of its run) at title 1, body 1 (驻村's second) and 2.
        encode::put_entry(&mut expected_tail, &[1], &[1, 2]);
        encode::put(&mut expected_tail, 1);
        encode::put_entry(&mut expected_tail, &[], &[0]);
        let got = lists(chunk);
        let village = got.iter().find(|l| l.0 == "村").cloned();
        assert_eq!(village, Some(("村".into(), 5, 2, expected_tail)));
        let terms: Vec<&str> = got.iter().map(|l| l.0.as_str()).collect();
        assert_eq!(terms, ["村", "村村", "驻村"]);
    }
}
