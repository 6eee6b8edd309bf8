//! Inversion: from the documents' tokens to one packed posting list per term.
//!
//! Workers each invert a contiguous run of document ids into partial lists
//! ([`ChunkPostings::add`]), which are appended part after part to one list per term and packed
//! in term order ([`ChunkPostings::join`]). A streaming build instead writes each run's lists,
//! sorted by term, to a temporary file ([`ChunkPostings::spill`]) and at the end reads the runs
//! side by side, joining and packing one term at a time ([`merge`]): at 100,000 pages the raw
//! lists are about 260 MB, which need not stay in memory while the pages are written.

use crate::search::encode::{self, Occurrences};
use crate::search::tokenize;
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
        self.0
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
/// are keyed by their characters packed into a `u64`, which hashes and compares faster than a
/// string.
#[derive(Default)]
pub(crate) struct ChunkPostings {
    index: TermMap<usize>,
    cjk: Hashed<u64, usize>,
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
    current: Occurrences,
}

impl ChunkPostings {
    /// The lists of `docs` (each document's title and body), whose ids start at `first_id`.
    fn collect(docs: &[(&str, &str)], first_id: u32) -> ChunkPostings {
        let mut chunk = ChunkPostings::default();
        let mut touched = Vec::new();
        for (offset, &(title, body)) in docs.iter().enumerate() {
            tokenize::scan(title, 0, |term, cjk, p| {
                chunk.slot(term, cjk, &mut touched).title.push(p);
            });
            tokenize::scan(body, 0, |term, cjk, p| {
                chunk.slot(term, cjk, &mut touched).body.push(p);
            });
            for i in touched.drain(..) {
                chunk.lists[i].flush(first_id + offset as u32);
            }
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
        for (key, i) in later.cjk {
            let next = self.lists.len();
            let at = *self.cjk.entry(key).or_insert(next);
            self.append_list(at, lists[i].take());
        }
        for (term, i) in later.index {
            let next = self.lists.len();
            let at = *self.index.entry(term).or_insert(next);
            self.append_list(at, lists[i].take());
        }
    }

    fn append_list(&mut self, at: usize, list: Option<PartialList>) {
        let Some(mut list) = list else { return };
        list.current = Occurrences::default();
        match self.lists.get_mut(at) {
            Some(mine) => mine.append(list),
            None => self.lists.push(list),
        }
    }

    /// The current document's occurrences of `term`, noting the term as touched on first use.
    fn slot(&mut self, term: &str, cjk: bool, touched: &mut Vec<usize>) -> &mut Occurrences {
        let next = self.lists.len();
        let i = if cjk {
            *self.cjk.entry(pack_cjk(term)).or_insert(next)
        } else {
            match self.index.get(term) {
                Some(&i) => i,
                None => {
                    self.index.insert(term.into(), next);
                    next
                }
            }
        };
        if i == next {
            self.lists.push(PartialList::default());
        }
        let current = &mut self.lists[i].current;
        if current.title.is_empty() && current.body.is_empty() {
            touched.push(i);
        }
        current
    }
}

/// A CJK term (one or two characters) as a number: the first character in the high half.
fn pack_cjk(term: &str) -> u64 {
    let mut chars = term.chars();
    let first = chars.next().map_or(0, u64::from);
    let second = chars.next().map_or(0, u64::from);
    (first << 32) | second
}

fn unpack_cjk(key: u64) -> String {
    [key >> 32, key & 0xFFFF_FFFF]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(|c| char::from_u32(c as u32))
        .collect()
}

impl PartialList {
    fn flush(&mut self, id: u32) {
        if self.df == 0 {
            self.first = id;
        } else {
            encode::put(&mut self.tail, id - self.last);
        }
        encode::put_entry(&mut self.tail, &self.current);
        self.last = id;
        self.df += 1;
        self.current.title.clear();
        self.current.body.clear();
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
        let cjk = self.cjk.into_iter().map(|(key, i)| (unpack_cjk(key), i));
        let mut terms: Vec<(String, usize)> = cjk
            .chain(self.index.into_iter().map(|(term, i)| (term.into(), i)))
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        (terms.into_iter()).filter_map(move |(term, i)| Some((term, lists[i].take()?)))
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
            current: Occurrences::default(),
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
        .map(|(term, list)| (term, list.pack()))
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

    /// The whole list, packed.
    fn pack(self) -> Posting {
        Posting {
            df: self.df,
            bytes: encode::pack_varints(self.first, &self.tail).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_keys_round_trip() {
        for term in ["驻村", "村", "𠀀字"] {
            assert_eq!(unpack_cjk(pack_cjk(term)), term);
        }
    }
}
