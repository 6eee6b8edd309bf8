//! A query evaluator that reads the emitted files exactly as `static/js/search.js` does (parse,
//! plan, fetch shards, match phrases, filter, rank), so matching and ranking are unit-tested in
//! Rust and the client can be checked against it. It also reports which files a query fetches.
//!
//! Queries: whitespace separates parts that must all match (AND); text in `"…"` or `“…”` is one
//! part. Each part is a phrase: its tokens at consecutive positions of one field.

use crate::search::encode::{self, Occurrences, Reader};
use crate::search::files::excerpt_name;
use crate::search::index::year_of;
use crate::search::tokenize::{self, CharClass, Token};
use serde::Deserialize;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

/// Results shown per page by the client (metadata and excerpts are fetched for these only).
pub const PAGE_SIZE: usize = 10;

/// Optional filters; `None` keeps everything.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub section: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<String>,
}

/// One term the index must hold at `offset` within a phrase (`prefix`: any term starting with it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    pub offset: u32,
    pub term: String,
    pub prefix: bool,
}

/// A phrase of the query: its length in positions and the terms that prove it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub len: u32,
    pub constraints: Vec<Constraint>,
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub id: u32,
    pub path: String,
    pub title: String,
    pub date: String,
    pub section: String,
    pub kind: String,
    /// How many parts match in the title (results with more come first).
    pub title_parts: u32,
    /// Relevance, rounded to quarters so that recency decides between near-equals.
    pub score: f64,
    /// Start of the first phrase match in the body field.
    pub first_body_match: Option<u32>,
}

/// Splits a query into parts and plans each.
pub fn parse(query: &str) -> Vec<Part> {
    split_parts(query)
        .iter()
        .map(|text| plan(&tokenize::tokenize(text)))
        .filter(|p| !p.constraints.is_empty())
        .collect()
}

fn split_parts(query: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    for c in query.chars() {
        match c {
            '"' | '“' | '”' => {
                quoted = c == '“' || (c == '"' && !quoted);
                parts.push(String::new());
            }
            c if c.is_whitespace() && !quoted => parts.push(String::new()),
            c => parts.last_mut().into_iter().for_each(|p| p.push(c)),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// The fewest terms that prove a phrase: words as they are; in a CJK run every other bigram plus
/// the last one (together they cover every character); a lone CJK character as a prefix.
pub fn plan(tokens: &[Token]) -> Part {
    let mut constraints = Vec::new();
    let mut run_start: Option<u32> = None;
    for (i, token) in tokens.iter().enumerate() {
        let mut chars = token.term.chars();
        let first = chars.next().map(tokenize::classify);
        if first != Some(CharClass::Cjk) {
            constraints.push(constraint(token, false));
            continue;
        }
        let start = *run_start.get_or_insert(token.position);
        let offset = token.position - start;
        if chars.next().is_some() {
            if offset.is_multiple_of(2) {
                constraints.push(constraint(token, false));
            }
            continue;
        }
        if offset == 0 {
            constraints.push(constraint(token, true));
        } else if offset.is_multiple_of(2) {
            // The run has an odd number of characters: its last bigram covers the last one.
            constraints.push(constraint(&tokens[i - 1], false));
        }
        run_start = None;
    }
    let len = tokens.last().map_or(0, |t| t.position + 1);
    Part { len, constraints }
}

fn constraint(token: &Token, prefix: bool) -> Constraint {
    Constraint {
        offset: token.position,
        term: token.term.clone(),
        prefix,
    }
}

#[derive(Deserialize)]
struct Manifest {
    v: u32,
    docs: usize,
    chunk: u32,
    shards: Vec<String>,
    sections: Vec<(String, u32)>,
    kinds: Vec<(String, u32)>,
}

/// Section, kind and day of each id (`None` for removed ids).
type DocTable = Vec<Option<(u32, u32, u32)>>;

/// The emitted files, read as the client reads them, recording every file fetched.
pub struct Site<'a> {
    files: BTreeMap<&'a str, &'a [u8]>,
    manifest: Manifest,
    docs: DocTable,
    fetched: BTreeSet<String>,
}

/// A term's entry in a shard directory.
struct DirEntry {
    term: String,
    df: u32,
    start: usize,
    end: usize,
}

impl<'a> Site<'a> {
    /// Loads the manifest and the document table from `files` (as returned by `files()`).
    pub fn open(files: &'a [(String, Vec<u8>)]) -> Result<Site<'a>, String> {
        let files: BTreeMap<&str, &[u8]> = files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        let mut fetched = BTreeSet::new();
        let value = payload(&files, &mut fetched, "manifest")?;
        let manifest: Manifest = serde_json::from_value(value).map_err(|e| e.to_string())?;
        if manifest.v != 2 {
            return Err(format!("unknown index version {}", manifest.v));
        }
        let bytes = base64(payload(&files, &mut fetched, "docs")?)?;
        let docs = decode_docs(&bytes, manifest.kinds.len()).ok_or("bad docs table")?;
        Ok(Site {
            files,
            manifest,
            docs,
            fetched,
        })
    }

    /// Names of the files fetched so far (`search/NAME.js`).
    pub fn fetched(&self) -> &BTreeSet<String> {
        &self.fetched
    }

    /// Total bytes of the files fetched so far.
    pub fn fetched_bytes(&self) -> usize {
        self.fetched
            .iter()
            .filter_map(|name| self.files.get(format!("search/{name}.js").as_str()))
            .map(|b| b.len())
            .sum()
    }

    /// Runs `query` and returns every hit, best first; fetches metadata and excerpts for the
    /// first page, as the client does.
    pub fn search(&mut self, query: &str, filter: &Filter) -> Result<Vec<Hit>, String> {
        let parts = parse(query);
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let mut lists = BTreeMap::new();
        for c in parts.iter().flat_map(|p| &p.constraints) {
            let key = (c.term.clone(), c.prefix);
            if let Entry::Vacant(slot) = lists.entry(key) {
                slot.insert(self.postings(&c.term, c.prefix)?);
            }
        }
        let matches: Vec<BTreeMap<u32, PartMatch>> =
            parts.iter().map(|p| match_part(p, &lists)).collect();
        let mut hits = self.rank(&matches, filter);
        for hit in hits.iter_mut().take(PAGE_SIZE) {
            self.describe(hit)?;
        }
        Ok(hits)
    }

    /// Fetches metadata for hits past the first page too, as the client's "more" button does.
    pub fn describe_all(&mut self, hits: &mut [Hit]) -> Result<(), String> {
        for hit in hits.iter_mut().filter(|h| h.path.is_empty()) {
            self.describe(hit)?;
        }
        Ok(())
    }

    fn rank(&self, matches: &[BTreeMap<u32, PartMatch>], filter: &Filter) -> Vec<Hit> {
        let Some((first, rest)) = matches.split_first() else {
            return Vec::new();
        };
        let idf: Vec<f64> = matches
            .iter()
            .map(|m| (1.0 + self.manifest.docs as f64 / m.len().max(1) as f64).ln())
            .collect();
        let mut hits: Vec<(Hit, u32)> = Vec::new();
        for &id in first.keys() {
            let all: Option<Vec<&PartMatch>> = std::iter::once(first.get(&id))
                .chain(rest.iter().map(|m| m.get(&id)))
                .collect();
            let (Some(all), Some(Some((section, kind, day)))) = (all, self.docs.get(id as usize))
            else {
                continue;
            };
            if !self.keeps(filter, *section, *kind, *day) {
                continue;
            }
            hits.push((self.hit(id, &all, &idf, *section, *kind), *day));
        }
        hits.sort_by(|(a, day_a), (b, day_b)| {
            b.title_parts
                .cmp(&a.title_parts)
                .then(b.score.total_cmp(&a.score))
                .then(day_b.cmp(day_a))
                .then(a.id.cmp(&b.id))
        });
        hits.into_iter().map(|(h, _)| h).collect()
    }

    fn hit(&self, id: u32, parts: &[&PartMatch], idf: &[f64], section: u32, kind: u32) -> Hit {
        let relevance: f64 = parts
            .iter()
            .zip(idf)
            .map(|(m, idf)| idf * (1.0 + (m.title + m.body.len()) as f64).log2())
            .sum();
        let name = |list: &[(String, u32)], i: u32| {
            list.get(i as usize)
                .map(|(n, _)| n.clone())
                .unwrap_or_default()
        };
        Hit {
            id,
            path: String::new(),
            title: String::new(),
            date: String::new(),
            section: name(&self.manifest.sections, section),
            kind: name(&self.manifest.kinds, kind),
            title_parts: parts.iter().filter(|m| m.title > 0).count() as u32,
            score: (relevance * 4.0).round() / 4.0,
            first_body_match: parts.iter().filter_map(|m| m.body.first().copied()).min(),
        }
    }

    fn keeps(&self, filter: &Filter, section: u32, kind: u32, day: u32) -> bool {
        let named = |want: &Option<String>, list: &[(String, u32)], i: u32| {
            want.as_ref()
                .is_none_or(|w| list.get(i as usize).is_some_and(|(n, _)| n == w))
        };
        named(&filter.section, &self.manifest.sections, section)
            && named(&filter.kind, &self.manifest.kinds, kind)
            && filter.year.is_none_or(|y| year_of(day) == Some(y))
    }

    /// Fills in path, title and date from the metadata chunk and fetches the excerpt block.
    fn describe(&mut self, hit: &mut Hit) -> Result<(), String> {
        let chunk = hit.id / self.manifest.chunk;
        let rows = self.payload(&format!("m/{chunk}"))?;
        let row = &rows[(hit.id % self.manifest.chunk) as usize];
        hit.path = row[0].as_str().unwrap_or_default().to_owned();
        hit.title = row[1].as_str().unwrap_or_default().to_owned();
        hit.date = row[2].as_str().unwrap_or_default().to_owned();
        let starts: Vec<u64> = row[3]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_u64()).collect())
            .unwrap_or_default();
        let at = u64::from(hit.first_body_match.unwrap_or(0));
        let block = starts.partition_point(|&s| s <= at).saturating_sub(1);
        let blocks = self.payload(&excerpt_name(hit.id))?;
        if !blocks[block].is_string() {
            return Err(format!("document {} has no excerpt block {block}", hit.id));
        }
        Ok(())
    }

    /// The occurrences per document of `term`, or of every term starting with it.
    fn postings(&mut self, term: &str, prefix: bool) -> Result<BTreeMap<u32, Occurrences>, String> {
        let mut out: BTreeMap<u32, Occurrences> = BTreeMap::new();
        for shard in self.shards_for(term, prefix) {
            let bytes = self.binary(&format!("t/{shard}"))?;
            let (directory, body) = read_directory(&bytes).ok_or("bad shard")?;
            let wanted = directory.iter().filter(|e| {
                if prefix {
                    e.term.starts_with(term)
                } else {
                    e.term == term
                }
            });
            for e in wanted {
                let list = encode::unpack(&bytes[body + e.start..body + e.end], e.df);
                for (doc, occ) in list.ok_or("bad posting list")? {
                    let slot = out.entry(doc).or_default();
                    slot.title.extend(occ.title);
                    slot.body.extend(occ.body);
                }
            }
        }
        if prefix {
            for occ in out.values_mut() {
                occ.title.sort_unstable();
                occ.body.sort_unstable();
            }
        }
        Ok(out)
    }

    /// The shards a term (or a prefix range) lives in.
    fn shards_for(&self, term: &str, prefix: bool) -> Vec<usize> {
        let bounds = &self.manifest.shards;
        let first = bounds
            .partition_point(|b| b.as_str() <= term)
            .saturating_sub(1);
        let more = if prefix {
            bounds[first + 1..]
                .iter()
                .take_while(|b| b.starts_with(term))
                .count()
        } else {
            0
        };
        (first..=first + more).collect()
    }

    fn payload(&mut self, name: &str) -> Result<serde_json::Value, String> {
        payload(&self.files, &mut self.fetched, name)
    }

    fn binary(&mut self, name: &str) -> Result<Vec<u8>, String> {
        base64(self.payload(name)?)
    }
}

/// The payload of `search/NAME.js`, noting the file as fetched.
fn payload(
    files: &BTreeMap<&str, &[u8]>,
    fetched: &mut BTreeSet<String>,
    name: &str,
) -> Result<serde_json::Value, String> {
    let path = format!("search/{name}.js");
    let bytes = files.get(path.as_str()).ok_or(format!("missing {path}"))?;
    fetched.insert(name.to_owned());
    unwrap_jsonp(bytes, name).ok_or(format!("bad script {path}"))
}

fn base64(value: serde_json::Value) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    let text = value.as_str().ok_or("payload is not base64")?;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| e.to_string())
}

/// A document's matches of one part: title match count and body match starts.
#[derive(Debug, Default)]
struct PartMatch {
    title: usize,
    body: Vec<u32>,
}

type Lists = BTreeMap<(String, bool), BTreeMap<u32, Occurrences>>;

fn match_part(part: &Part, lists: &Lists) -> BTreeMap<u32, PartMatch> {
    let per_constraint: Vec<(u32, &BTreeMap<u32, Occurrences>)> = part
        .constraints
        .iter()
        .filter_map(|c| Some((c.offset, lists.get(&(c.term.clone(), c.prefix))?)))
        .collect();
    let Some(((_, first), _)) = per_constraint.split_first() else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for &doc in first.keys() {
        let occs: Option<Vec<(u32, &Occurrences)>> = per_constraint
            .iter()
            .map(|(off, list)| Some((*off, list.get(&doc)?)))
            .collect();
        let Some(occs) = occs else { continue };
        let title = phrase_starts(&occs, |o| &o.title).len();
        let body = phrase_starts(&occs, |o| &o.body);
        if title + body.len() > 0 {
            out.insert(doc, PartMatch { title, body });
        }
    }
    out
}

/// Starts `s` such that every constraint's term occurs at `s + offset` in the field.
fn phrase_starts(
    occs: &[(u32, &Occurrences)],
    field: impl Fn(&Occurrences) -> &Vec<u32>,
) -> Vec<u32> {
    let Some(((off0, first), rest)) = occs.split_first() else {
        return Vec::new();
    };
    field(first)
        .iter()
        .filter_map(|p| p.checked_sub(*off0))
        .filter(|s| {
            rest.iter()
                .all(|(off, o)| field(o).binary_search(&(s + off)).is_ok())
        })
        .collect()
}

fn read_directory(bytes: &[u8]) -> Option<(Vec<DirEntry>, usize)> {
    let mut r = Reader::new(bytes);
    let count = r.get()?;
    let mut entries = Vec::with_capacity(count as usize);
    let mut previous: Vec<u8> = Vec::new();
    let mut offset = 0usize;
    for _ in 0..count {
        let shared = r.get()? as usize;
        let suffix = r.get()? as usize;
        previous.truncate(shared);
        previous.extend_from_slice(r.take(suffix)?);
        let df = r.get()?;
        let len = r.get()? as usize;
        let term = String::from_utf8(previous.clone()).ok()?;
        entries.push(DirEntry {
            term,
            df,
            start: offset,
            end: offset + len,
        });
        offset += len;
    }
    Some((entries, r.at))
}

fn decode_docs(bytes: &[u8], kinds: usize) -> Option<DocTable> {
    let kinds = kinds.max(1) as u32;
    let mut r = Reader::new(bytes);
    let count = r.get()?;
    let mut day = 0i64;
    (0..count)
        .map(|_| {
            let code = r.get()?;
            if code == 0 {
                return Some(None);
            }
            day += r.get_signed()?;
            let day = u32::try_from(day).ok()?;
            Some(Some(((code - 1) / kinds, (code - 1) % kinds, day)))
        })
        .collect()
}

/// The payload of `jianbaoSearchLoad("name", payload);`.
fn unwrap_jsonp(bytes: &[u8], name: &str) -> Option<serde_json::Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    let inner = text
        .strip_prefix("jianbaoSearchLoad(")?
        .trim_end()
        .strip_suffix(");")?;
    let (got, payload): (String, serde_json::Value) =
        serde_json::from_str(&format!("[{inner}]")).ok()?;
    (got == name).then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{SearchDoc, SearchIndex};

    fn c(offset: u32, term: &str, prefix: bool) -> Constraint {
        Constraint {
            offset,
            term: term.into(),
            prefix,
        }
    }

    #[test]
    fn plans_cover_runs_with_few_terms() {
        let p = &parse("驻村干部")[0];
        assert_eq!(p.constraints, [c(0, "驻村", false), c(2, "干部", false)]);
        assert_eq!(p.len, 4);
        let p = &parse("驻村干")[0];
        assert_eq!(p.constraints, [c(0, "驻村", false), c(1, "村干", false)]);
        assert_eq!(parse("村")[0].constraints, [c(0, "村", true)]);
        let p = &parse("〔2026〕12号")[0];
        assert_eq!(
            p.constraints,
            [c(0, "2026", false), c(1, "12", false), c(2, "号", true)]
        );
        let p = &parse("五个村")[0];
        assert_eq!(p.constraints, [c(0, "五个", false), c(1, "个村", false)]);
    }

    #[test]
    fn parts_split_on_spaces_but_not_inside_quotes() {
        assert_eq!(parse("驻村  培训").len(), 2);
        assert_eq!(parse("驻村　培训").len(), 2);
        assert_eq!(parse("\"rural revitalization\"").len(), 1);
        assert_eq!(parse("“乡村 振兴” 2026").len(), 2);
        assert!(parse("，。 ！").is_empty());
    }

    fn doc(path: &str, title: &str, date: &str, section: &str, text: &str) -> SearchDoc {
        SearchDoc {
            path: path.into(),
            title: title.into(),
            date: Some(date.into()),
            section: section.into(),
            kind: if section == "政策文件" {
                "policy"
            } else {
                "article"
            }
            .into(),
            summary: String::new(),
            text: text.into(),
        }
    }

    fn corpus() -> Vec<(String, Vec<u8>)> {
        SearchIndex::build(vec![
            doc(
                "/a/",
                "关于做好冬季驻村干部培训的通知",
                "2026-11-20",
                "通知公告",
                "各乡镇：请做好培训工作。文号青组通〔2026〕12号。",
            ),
            doc(
                "/b/",
                "产业发展简报",
                "2026-10-01",
                "工作简报",
                "驻村干部带领村民发展合作社，培训了30人。",
            ),
            doc(
                "/c/",
                "干部作风建设",
                "2025-03-01",
                "工作简报",
                "驻村工作队加强干部管理。Rural revitalization.",
            ),
            doc(
                "/d/",
                "培训安排",
                "2024-05-01",
                "政策文件",
                "冬季培训安排。驻村干部培训培训再培训。",
            ),
        ])
        .files()
    }

    fn paths(files: &[(String, Vec<u8>)], q: &str, filter: &Filter) -> Vec<String> {
        let mut site = Site::open(files).unwrap_or_else(|e| panic!("{e}"));
        let hits = site.search(q, filter).unwrap_or_else(|e| panic!("{e}"));
        hits.into_iter().map(|h| h.path).collect()
    }

    #[test]
    fn phrases_match_exactly() {
        let files = corpus();
        let none = Filter::default();
        // 驻村 and 干部 both occur in /c/, but not as one phrase.
        assert_eq!(paths(&files, "驻村干部", &none), ["/a/", "/b/", "/d/"]);
        assert_eq!(paths(&files, "季驻村", &none), ["/a/"]);
        assert_eq!(paths(&files, "rural", &none), ["/c/"]);
        assert_eq!(paths(&files, "REVITALIZATION", &none), ["/c/"]);
        assert_eq!(paths(&files, "〔2026〕12号", &none), ["/a/"]);
        assert_eq!(paths(&files, "２０２６", &none), ["/a/"]);
        assert_eq!(paths(&files, "30", &none), ["/b/"]);
        assert!(paths(&files, "村干部带领合作社", &none).is_empty());
    }

    #[test]
    fn single_characters_match_anywhere_in_a_run() {
        let files = corpus();
        let none = Filter::default();
        // 社 ends a run in /b/ (unigram), 冬 starts bigrams in /a/ and /d/.
        assert_eq!(paths(&files, "社", &none), ["/b/"]);
        assert_eq!(paths(&files, "冬", &none), ["/a/", "/d/"]);
    }

    #[test]
    fn all_parts_must_match() {
        let files = corpus();
        assert_eq!(paths(&files, "驻村 合作社", &Filter::default()), ["/b/"]);
        assert!(paths(&files, "驻村 不存在", &Filter::default()).is_empty());
    }

    #[test]
    fn title_matches_first_then_relevance_then_recency() {
        let files = corpus();
        // /a/ and /d/ have 培训 in the title; /d/ has more of it in the body.
        assert_eq!(
            paths(&files, "培训", &Filter::default()),
            ["/d/", "/a/", "/b/"]
        );
        // Title matches (/c/ has one more in its body), then equal relevance: newer first.
        assert_eq!(
            paths(&files, "干部", &Filter::default()),
            ["/c/", "/a/", "/b/", "/d/"]
        );
    }

    #[test]
    fn filters_by_section_year_and_kind() {
        let files = corpus();
        let section = Filter {
            section: Some("工作简报".into()),
            ..Filter::default()
        };
        assert_eq!(paths(&files, "干部", &section), ["/c/", "/b/"]);
        let year = Filter {
            year: Some(2026),
            ..Filter::default()
        };
        assert_eq!(paths(&files, "培训", &year), ["/a/", "/b/"]);
        let kind = Filter {
            kind: Some("policy".into()),
            ..Filter::default()
        };
        assert_eq!(paths(&files, "培训", &kind), ["/d/"]);
    }

    #[test]
    fn fetches_only_what_a_query_needs() {
        let files = corpus();
        let mut site = Site::open(&files).unwrap_or_else(|e| panic!("{e}"));
        site.search("合作社", &Filter::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let fetched: Vec<&str> = site.fetched().iter().map(String::as_str).collect();
        assert!(fetched.contains(&"manifest"));
        assert!(fetched.contains(&"m/0"));
        assert!(fetched.iter().any(|f| f.starts_with("x/0/")));
        assert!(site.fetched_bytes() > 0);
    }
}
