//! The files of the index under `search/`, and which of them changed.
//!
//! - `search/manifest.js`: shard routing (first term of each shard), section, kind and year
//!   names with counts, a cache tag;
//! - `search/docs.js`: per document id its section, kind and date (for filters and recency);
//! - `search/t/N.js`: posting shards, a contiguous range of the sorted dictionary each;
//! - `search/m/N.js`: path, title, date and excerpt block positions of [`META_CHUNK`] documents;
//! - `search/x/G/ID.js`: the excerpt blocks of document ID (G = ID / 256 keeps folders small).
//!
//! Every file is a classic script calling `jianbaoSearchLoad(name, payload)`.

use crate::search::encode;
use crate::search::index::{EmitState, META_CHUNK, SearchIndex, StoredDoc, year_of};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Mutex;

/// Format version, checked by the client.
const VERSION: u32 = 2;
/// Documents per excerpt folder.
const EXCERPT_GROUP: u32 = 256;

type File = (String, Vec<u8>);

#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    tag: String,
    /// Number of ids (removed documents keep theirs until the next full build).
    ids: usize,
    /// Live documents (for idf).
    docs: usize,
    chunk: u32,
    shards: &'a [String],
    sections: Vec<(&'a str, u32)>,
    kinds: Vec<(&'a str, u32)>,
    years: Vec<(i32, u32)>,
}

/// One row of a metadata chunk: path, title, date (or ""), first position of each block.
type MetaRow<'a> = Option<(&'a str, &'a str, &'a str, Vec<u32>)>;

impl SearchIndex {
    /// Every file to write, relative to the output root, all under `search/`, sorted by path.
    /// The same documents give the same bytes.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let files = Mutex::new(Vec::new());
        let keep = |path: &str, bytes: &[u8]| {
            let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
            files.push((path.to_string(), bytes.to_vec()));
            Ok::<(), std::convert::Infallible>(())
        };
        self.write_files(keep);
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// The files of [`files`](Self::files), each handed to `write` as soon as it is encoded (in
    /// parallel, in no particular order) rather than all returned together: a 100,000-page
    /// site's index would otherwise sit in memory whole. Returns what `write` failed with.
    pub fn write_files<E: Send>(
        &self,
        write: impl Fn(&str, &[u8]) -> Result<(), E> + Sync,
    ) -> Vec<E> {
        let emit = |file: File| hand_out(&write, file);
        let mut done: Vec<(String, u64, Option<E>)> = (0..self.bounds.len())
            .into_par_iter()
            .map(|i| emit(self.shard_file(i)))
            .collect();
        done.par_extend(
            (0..self.chunk_count())
                .into_par_iter()
                .map(|c| emit(self.meta_file(c))),
        );
        done.par_extend(
            (0..self.docs.len() as u32)
                .into_par_iter()
                .flat_map_iter(|id| self.excerpt_files(id))
                .map(emit),
        );
        done.push(emit(self.docs_file()));
        let mut state = EmitState::default();
        if self.texts_dropped {
            // The excerpt files were written while building; the manifest's tag covers them.
            state.hashes = std::mem::take(&mut self.lock_emit().hashes);
        }
        let mut failures = Vec::new();
        for (path, hash, failed) in done {
            state.hashes.insert(path, hash);
            failures.extend(failed);
        }
        for (path, bytes) in self.finish(Vec::new(), &mut state) {
            failures.extend(write(&path, &bytes).err());
        }
        *self.lock_emit() = state;
        failures
    }

    /// Only the files whose bytes changed since the last `files`/`changed_files` (everything
    /// when neither was called). Files of removed documents are not deleted: nothing refers to
    /// them any more.
    pub fn changed_files(&mut self) -> Vec<(String, Vec<u8>)> {
        if self.lock_emit().hashes.is_empty() {
            return self.files();
        }
        let emit = std::mem::take(self.emit.get_mut().unwrap_or_else(|e| e.into_inner()));
        let mut files: Vec<File> = emit.shards.iter().map(|&i| self.shard_file(i)).collect();
        files.extend(emit.chunks.iter().map(|&c| self.meta_file(c)));
        files.extend(emit.excerpts.iter().flat_map(|&id| self.excerpt_files(id)));
        files.push(self.docs_file());
        let mut state = EmitState {
            hashes: emit.hashes,
            ..EmitState::default()
        };
        files.retain(|(path, bytes)| state.hashes.get(path) != Some(&encode::fnv1a(bytes, 0)));
        let changed = self.finish(files, &mut state);
        *self.emit.get_mut().unwrap_or_else(|e| e.into_inner()) = state;
        changed
    }

    fn lock_emit(&self) -> std::sync::MutexGuard<'_, EmitState> {
        self.emit.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records the hashes of `files`, adds the manifest (whose tag covers every other file) when
    /// it changed, and sorts.
    fn finish(&self, mut files: Vec<File>, emit: &mut EmitState) -> Vec<File> {
        for (path, bytes) in &files {
            emit.hashes.insert(path.clone(), encode::fnv1a(bytes, 0));
        }
        let manifest = self.manifest_file(tag(&emit.hashes));
        let hash = encode::fnv1a(&manifest.1, 0);
        if emit.hashes.insert(manifest.0.clone(), hash) != Some(hash) {
            files.push(manifest);
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    fn chunk_count(&self) -> u32 {
        (self.docs.len() as u32).div_ceil(META_CHUNK)
    }

    fn manifest_file(&self, tag: String) -> File {
        let live = || self.docs.iter().flatten();
        let mut sections = vec![0u32; self.sections.len()];
        let mut kinds = vec![0u32; self.kinds.len()];
        let mut years: BTreeMap<i32, u32> = BTreeMap::new();
        for doc in live() {
            sections[doc.section as usize] += 1;
            kinds[doc.kind as usize] += 1;
            if let Some(year) = year_of(doc.day) {
                *years.entry(year).or_default() += 1;
            }
        }
        let manifest = Manifest {
            v: VERSION,
            tag,
            ids: self.docs.len(),
            docs: live().count(),
            chunk: META_CHUNK,
            shards: &self.bounds,
            sections: self
                .sections
                .iter()
                .map(String::as_str)
                .zip(sections)
                .collect(),
            kinds: self.kinds.iter().map(String::as_str).zip(kinds).collect(),
            years: years.into_iter().rev().collect(),
        };
        let json = serde_json::to_string(&manifest).unwrap_or_default();
        named("manifest", &json)
    }

    /// Per id: `code` (0 = removed, else 1 + section × kinds + kind) and, for live documents, the
    /// zigzag difference of its day number from the previous live document's.
    fn docs_file(&self) -> File {
        let mut bytes = Vec::new();
        encode::put(&mut bytes, self.docs.len() as u32);
        let kinds = self.kinds.len().max(1) as u32;
        let mut last_day = 0i64;
        for doc in &self.docs {
            match doc {
                None => encode::put(&mut bytes, 0),
                Some(d) => {
                    encode::put(&mut bytes, 1 + d.section * kinds + d.kind);
                    encode::put_signed(&mut bytes, i64::from(d.day) - last_day);
                    last_day = i64::from(d.day);
                }
            }
        }
        named("docs", &encode::base64_json(&bytes))
    }

    /// Shard `i`: the term directory (front-coded terms, df, list length), then the lists.
    fn shard_file(&self, i: usize) -> File {
        let lo = Bound::Included(self.bounds[i].as_str());
        let hi = match self.bounds.get(i + 1) {
            Some(b) => Bound::Excluded(b.as_str()),
            None => Bound::Unbounded,
        };
        let terms: Vec<_> = self.postings.range::<str, _>((lo, hi)).collect();
        let mut bytes = Vec::new();
        encode::put(&mut bytes, terms.len() as u32);
        let mut previous: &[u8] = &[];
        for (term, posting) in &terms {
            let term = term.as_bytes();
            let shared = term
                .iter()
                .zip(previous)
                .take_while(|(a, b)| a == b)
                .count();
            encode::put(&mut bytes, shared as u32);
            encode::put(&mut bytes, (term.len() - shared) as u32);
            bytes.extend_from_slice(&term[shared..]);
            encode::put(&mut bytes, posting.df);
            encode::put(&mut bytes, posting.bytes.len() as u32);
            previous = term;
        }
        for (_, posting) in &terms {
            bytes.extend_from_slice(&posting.bytes);
        }
        named(&format!("t/{i}"), &encode::base64_json(&bytes))
    }

    fn meta_file(&self, chunk: u32) -> File {
        let first = (chunk * META_CHUNK) as usize;
        let last = (first + META_CHUNK as usize).min(self.docs.len());
        let rows: Vec<MetaRow> = self.docs[first..last]
            .iter()
            .map(|doc| {
                doc.as_ref().map(|d| {
                    let starts = d.blocks.iter().map(|b| b.position).collect();
                    (
                        d.path.as_str(),
                        d.title.as_str(),
                        d.date.as_deref().unwrap_or(""),
                        starts,
                    )
                })
            })
            .collect();
        let json = serde_json::to_string(&rows).unwrap_or_default();
        named(&format!("m/{chunk}"), &json)
    }

    /// One file per document holding all its blocks: a file per block doubled the index's file
    /// count, and creating small files is what an index costs most on a slow disk; a result
    /// then downloads its document's text (a few KB) rather than one block.
    /// (None when the texts were dropped: the files were handed out while building.)
    fn excerpt_files(&self, id: u32) -> Option<File> {
        let Some(Some(doc)) = self.docs.get(id as usize) else {
            return None;
        };
        (!self.texts_dropped).then(|| excerpt_file(id, doc))
    }
}

/// Hands `file` to `write`: its path, the hash of its bytes (for the manifest's tag) and what
/// `write` failed with.
pub(crate) fn hand_out<E>(
    write: &impl Fn(&str, &[u8]) -> Result<(), E>,
    (path, bytes): File,
) -> (String, u64, Option<E>) {
    let failed = write(&path, &bytes).err();
    (path, encode::fnv1a(&bytes, 0), failed)
}

/// The excerpt file of document `id`.
pub(crate) fn excerpt_file(id: u32, doc: &StoredDoc) -> File {
    let blocks: Vec<&str> = doc.blocks.iter().map(|b| doc.block_text(b)).collect();
    let json = serde_json::to_string(&blocks).unwrap_or_default();
    named(&excerpt_name(id), &json)
}

/// The JSONP name of document `id`'s excerpt blocks (the file is `search/NAME.js`).
pub(crate) fn excerpt_name(id: u32) -> String {
    format!("x/{}/{id}", id / EXCERPT_GROUP)
}

fn named(name: &str, json: &str) -> File {
    (format!("search/{name}.js"), encode::jsonp(name, json))
}

/// A short hash of every file but the manifest, so the client can make cached shards miss when
/// the index changes.
fn tag(hashes: &BTreeMap<String, u64>) -> String {
    let mut h = 0u64;
    for (path, hash) in hashes.iter().filter(|(p, _)| *p != "search/manifest.js") {
        h = encode::fnv1a(path.as_bytes(), h);
        h = encode::fnv1a(&hash.to_le_bytes(), h);
    }
    format!("{:08x}", h >> 32)
}

#[cfg(test)]
mod tests {
    use crate::search::{SearchDoc, SearchIndex, StreamingBuild};

    fn doc(path: &str, title: &str, text: &str) -> SearchDoc {
        SearchDoc {
            path: path.into(),
            title: title.into(),
            date: Some("2026-11-20".into()),
            section: "通知公告".into(),
            kind: "article".into(),
            summary: String::new(),
            text: text.into(),
        }
    }

    fn sample() -> Vec<SearchDoc> {
        (0..40)
            .map(|i| {
                doc(
                    &format!("/n/{i}/"),
                    &format!("关于第{i}批驻村干部的通知"),
                    &"驻村干部培训。".repeat(i + 1),
                )
            })
            .collect()
    }

    #[test]
    fn files_are_deterministic_and_under_search() {
        let a = SearchIndex::build(sample()).files();
        let mut reversed = sample();
        reversed.reverse();
        let b = SearchIndex::build(reversed).files();
        assert_eq!(a, b);
        assert!(
            a.iter()
                .all(|(p, _)| p.starts_with("search/") && p.ends_with(".js"))
        );
        let names: Vec<&str> = a.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"search/manifest.js"));
        assert!(names.contains(&"search/docs.js"));
        assert!(names.contains(&"search/t/0.js"));
        assert!(names.contains(&"search/m/4.js"));
        assert!(names.contains(&"search/x/0/0.js"));
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn a_streamed_build_writes_the_same_files() {
        let mut docs = sample();
        docs.push(doc("/n/3/", "重复的路径以最后一篇为准", "合作社分红。"));
        let expected = SearchIndex::build(docs.clone()).files();
        let texts: Vec<String> = docs.iter().map(|d| d.text.clone()).collect();
        for d in &mut docs {
            d.text.clear();
        }
        let written = std::sync::Mutex::new(Vec::new());
        let keep = |path: &str, bytes: &[u8]| {
            let mut files = written.lock().unwrap();
            files.push((path.to_string(), bytes.to_vec()));
            Ok::<(), String>(())
        };
        // Runs of 3 ids: many runs, each inverted in parts, appended one after another.
        let mut build = StreamingBuild::new(docs, 3);
        let runs = build.runs();
        assert_eq!(runs.iter().map(Vec::len).sum::<usize>(), 40);
        for run in runs {
            let texts = run.iter().map(|&i| texts[i].clone()).collect();
            assert!(build.add(&run, texts, keep).unwrap().is_empty());
        }
        let index = build.finish().unwrap();
        assert!(index.write_files(keep).is_empty());
        let mut got = written.into_inner().unwrap();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got.len(), expected.len());
        assert_eq!(got, expected);
    }

    #[test]
    fn a_streamed_build_returns_what_failed_to_write() {
        let mut build = StreamingBuild::new(sample(), 7);
        let mut failed = Vec::new();
        for run in build.runs() {
            let texts = vec![String::new(); run.len()];
            let added = build.add(&run, texts, |path: &str, _: &[u8]| {
                if path.ends_with("/0.js") {
                    Err(format!("write {path}"))
                } else {
                    Ok(())
                }
            });
            failed.extend(added.unwrap());
        }
        assert_eq!(build.finish().unwrap().len(), 40);
        assert_eq!(failed, ["write search/x/0/0.js"]);
    }

    #[test]
    fn changed_files_after_an_edit_are_few() {
        let mut index = SearchIndex::build(sample());
        let all = index.files();
        assert!(index.changed_files().is_empty());
        let mut edited = doc(
            "/n/3/",
            "关于第3批驻村干部的通知",
            "驻村干部培训。新增内容：合作社。",
        );
        index.upsert(edited.clone());
        let changed = index.changed_files();
        let names: Vec<&str> = changed.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"search/manifest.js"));
        assert!(names.iter().any(|n| n.starts_with("search/x/")));
        assert!(names.iter().any(|n| n.starts_with("search/t/")));
        assert!(changed.len() < all.len() / 2, "{names:?}");
        // Applying the same document again changes nothing.
        index.upsert(edited.clone());
        assert!(index.changed_files().is_empty());
        edited.path = "/n/new/".into();
        index.upsert(edited);
        assert!(!index.changed_files().is_empty());
        index.remove("/n/new/");
        let names: Vec<String> = index.changed_files().into_iter().map(|f| f.0).collect();
        assert!(names.contains(&"search/docs.js".to_string()), "{names:?}");
    }

    #[test]
    fn files_after_changed_files_cover_everything() {
        let mut index = SearchIndex::build(sample());
        index.upsert(doc("/n/x/", "新通知", "内容"));
        let partial = index.changed_files();
        let all = index.files();
        assert!(all.len() >= partial.len());
        assert!(index.changed_files().is_empty());
    }
}
