//! Encoding of the index: variable-length integers, posting lists in two forms, and the JSONP
//! wrapper that lets a shard load as a classic `<script>` (so the same files work over HTTP and
//! from `file://`).
//!
//! A posting list is the documents containing one term, in ascending id order, each with the
//! term's positions in the title and in the body.
//!
//! While building, each worker writes its part of a list as varints (cheap to append and to
//! join): per entry `doc delta, h, [title count], title position deltas, body position deltas`,
//! where `h = body count << 1 | has-title`, the title count follows only when the flag is set, the
//! first doc delta is the id itself and the first position of each field is absolute.
//!
//! Joined lists (in memory and in shards) are a bit stream of Exp-Golomb codes ([`pack`]), about
//! a third smaller than varints on position gaps:
//! `k_doc, k_pos` (order 0), then per entry the doc gap − 1 (the first: the id) in order `k_doc`,
//! title count and body count (order 0), title positions (first, then gap − 1, order 0) and body
//! positions (first, then gap − 1, order `k_pos`). `k_doc` and `k_pos` are chosen per list to
//! minimise its size; the entry count comes from the shard directory.

use integer_encoding::VarInt;

/// Appends `value` as an unsigned LEB128 varint.
#[inline]
pub fn put(buf: &mut Vec<u8>, value: u32) {
    // Most values (position gaps, counts) fit one byte, nearly all the rest two.
    if value < 0x80 {
        buf.push(value as u8);
        return;
    }
    if value < 0x4000 {
        buf.extend_from_slice(&[value as u8 | 0x80, (value >> 7) as u8]);
        return;
    }
    let mut tmp = [0u8; 5];
    let len = value.encode_var(&mut tmp);
    buf.extend_from_slice(&tmp[..len]);
}

/// Appends `value` zigzag-encoded (small magnitudes of either sign stay short).
pub fn put_signed(buf: &mut Vec<u8>, value: i64) {
    let mut tmp = [0u8; 10];
    let len = value.encode_var(&mut tmp);
    buf.extend_from_slice(&tmp[..len]);
}

/// A cursor over varint-encoded bytes; every read returns `None` past the end or on a
/// malformed varint.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pub at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    #[inline]
    pub fn get(&mut self) -> Option<u32> {
        // Most values (position gaps, counts) fit one byte, nearly all the rest two.
        let &byte = self.bytes.get(self.at)?;
        if byte < 0x80 {
            self.at += 1;
            return Some(u32::from(byte));
        }
        if let Some(&second) = self.bytes.get(self.at + 1)
            && second < 0x80
        {
            self.at += 2;
            return Some(u32::from(byte & 0x7F) | u32::from(second) << 7);
        }
        let (value, len) = u32::decode_var(self.bytes.get(self.at..)?)?;
        self.at += len;
        Some(value)
    }

    pub fn get_signed(&mut self) -> Option<i64> {
        let (value, len) = i64::decode_var(self.bytes.get(self.at..)?)?;
        self.at += len;
        Some(value)
    }

    pub fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(slice)
    }
}

/// Positions of one term in one document, per field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Occurrences {
    pub title: Vec<u32>,
    pub body: Vec<u32>,
}

/// Appends the entry body (everything after the doc delta) for one document.
pub fn put_entry(buf: &mut Vec<u8>, title: &[u32], body: &[u32]) {
    let has_title = !title.is_empty();
    put(buf, ((body.len() as u32) << 1) | u32::from(has_title));
    if has_title {
        put(buf, title.len() as u32);
        put_positions(buf, title);
    }
    put_positions(buf, body);
}

fn put_positions(buf: &mut Vec<u8>, positions: &[u32]) {
    // At least a byte each: one reservation instead of a capacity check that may grow per value.
    buf.reserve(positions.len());
    let mut last = 0;
    for (i, &p) in positions.iter().enumerate() {
        put(buf, if i == 0 { p } else { p - last });
        last = p;
    }
}

/// Writes bits most significant first, eight bytes at a time.
#[derive(Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    /// Bits not written yet, in the high end (the first in the top bit).
    acc: u64,
    /// How many bits of `acc` are held (fewer than 64).
    used: u32,
}

impl BitWriter {
    /// A writer whose bytes need not grow until `bytes` are written.
    pub fn with_capacity(bytes: usize) -> Self {
        BitWriter {
            bytes: Vec::with_capacity(bytes),
            ..BitWriter::default()
        }
    }

    /// Appends `value` in `n` bits, 1 ≤ n ≤ 64; `value` has no bits above them (every caller
    /// writes a number it built to that width, so no mask is needed).
    #[inline(always)]
    fn bits(&mut self, value: u64, n: u32) {
        debug_assert!((1..=64).contains(&n) && (n == 64 || value >> n == 0));
        let free = 64 - self.used;
        if n < free {
            self.acc |= value << (free - n);
            self.used += n;
        } else {
            let rest = n - free;
            self.acc |= value >> rest;
            self.bytes.extend_from_slice(&self.acc.to_be_bytes());
            self.acc = if rest == 0 { 0 } else { value << (64 - rest) };
            self.used = rest;
        }
    }

    /// Exp-Golomb code of order `k`: `w = v + 2^k` in binary, preceded by as many zero bits as
    /// it has bits beyond `k + 1`. Inlined into the packing loop: it runs once per value, 26
    /// million times in a 10,000-page build, and a call cost as much as the code.
    #[inline(always)]
    pub fn exp_golomb(&mut self, v: u32, k: u32) {
        let w = u64::from(v) + (1u64 << k);
        let n = 64 - w.leading_zeros();
        let len = 2 * n - k - 1;
        // The leading zeros are `w` written in `len` bits (w < 2^n ≤ 2^len); one call while
        // that fits, which is always but for values near `u32::MAX` at order 0.
        if len <= 64 {
            self.bits(w, len);
        } else {
            self.bits(0, n - k - 1);
            self.bits(w, n);
        }
    }

    /// The bytes, the last one padded with zero bits.
    pub fn finish(mut self) -> Vec<u8> {
        let tail = self.used.div_ceil(8) as usize;
        self.bytes
            .extend_from_slice(&self.acc.to_be_bytes()[..tail]);
        self.bytes
    }
}

/// Reads what [`BitWriter`] wrote; `None` past the end.
pub struct BitReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> BitReader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        BitReader { bytes, at: 0 }
    }

    fn bit(&mut self) -> Option<u64> {
        let byte = self.bytes.get(self.at / 8)?;
        let bit = (byte >> (7 - self.at % 8)) & 1;
        self.at += 1;
        Some(u64::from(bit))
    }

    pub fn exp_golomb(&mut self, k: u32) -> Option<u32> {
        let mut zeros = 0;
        while self.bit()? == 0 {
            zeros += 1;
            if zeros > 32 {
                return None;
            }
        }
        let mut w = 1u64;
        for _ in 0..zeros + k {
            w = (w << 1) | self.bit()?;
        }
        u32::try_from(w - (1u64 << k)).ok()
    }
}

/// Bits of `v` in Exp-Golomb order `k`.
fn exp_golomb_len(v: u32, k: u32) -> u64 {
    let w = u64::from(v) + (1u64 << k);
    u64::from(2 * (64 - w.leading_zeros()) - k - 1)
}

/// The order that codes `values` in the fewest bits, searched near log2 of their mean (the
/// lowest order wins a tie).
/// Returns the order and the size in bits.
fn best_order(values: &[u32]) -> (u32, u64) {
    let mean = values.iter().map(|&v| u64::from(v)).sum::<u64>() / values.len().max(1) as u64;
    let guess = 63 - (mean + 1).leading_zeros();
    let (low, high) = (guess.saturating_sub(2), (guess + 1).min(24));
    if low > high {
        return (0, values.iter().map(|&v| exp_golomb_len(v, 0)).sum());
    }
    // Every candidate's size in one pass over the values.
    let mut bits = [0u64; 4];
    for &v in values {
        for (j, total) in bits.iter_mut().enumerate() {
            *total += exp_golomb_len(v, low + j as u32);
        }
    }
    let candidates = (high - low + 1) as usize;
    let best = (0..candidates).min_by_key(|&j| bits[j]).unwrap_or(0);
    (low + best as u32, bits[best])
}

/// Values written as "first, then gap − 1" for a sorted list.
fn gaps(sorted: &[u32]) -> impl Iterator<Item = u32> + '_ {
    sorted
        .iter()
        .enumerate()
        .map(|(i, &p)| if i == 0 { p } else { p - sorted[i - 1] - 1 })
}

/// The shard form of a posting list (see the module docs).
pub fn pack(entries: &[(u32, Occurrences)]) -> Vec<u8> {
    let mut values = Values::default();
    for (doc, occ) in entries {
        values.push(*doc, &occ.title, &occ.body);
    }
    values.pack()
}

/// The shard form of a list in the build form: document `first`'s entry body, then the rest.
/// `None` on malformed bytes.
#[cfg(test)]
pub fn pack_varints(first: u32, tail: &[u8]) -> Option<Vec<u8>> {
    Values::default().pack_varints(first, tail)
}

/// A list's values as the shard form writes them, field by field (flat arrays rather than one
/// allocation per entry: a joined list can hold a hundred thousand entries). One `Values` can
/// pack list after list, reusing its arrays.
#[derive(Default)]
pub struct Values {
    /// Per entry: the doc gap − 1 (the first: the id).
    doc_gaps: Vec<u32>,
    /// Per entry: title count, body count.
    counts: Vec<[u32; 2]>,
    /// Title positions of every entry, as gaps.
    titles: Vec<u32>,
    /// Body positions of every entry, as gaps.
    bodies: Vec<u32>,
    last: Option<u32>,
}

impl Values {
    fn clear(&mut self) {
        self.doc_gaps.clear();
        self.counts.clear();
        self.titles.clear();
        self.bodies.clear();
        self.last = None;
    }

    fn push(&mut self, doc: u32, title: &[u32], body: &[u32]) {
        let gap = self.last.map_or(doc, |last| doc - last - 1);
        self.last = Some(doc);
        self.doc_gaps.push(gap);
        self.counts.push([title.len() as u32, body.len() as u32]);
        self.titles.extend(gaps(title));
        self.bodies.extend(gaps(body));
    }

    /// [`pack_varints`] with this one's arrays. The build form's deltas become the shard form's
    /// gaps as they are read (a delta is a gap plus one), without an array per entry.
    pub fn pack_varints(&mut self, first: u32, tail: &[u8]) -> Option<Vec<u8>> {
        self.clear();
        let mut r = Reader::new(tail);
        let mut doc = first;
        while !r.done() {
            if r.at > 0 {
                let delta = r.get()?;
                doc = doc.checked_add(delta)?;
                self.doc_gaps.push(delta.checked_sub(1)?);
            } else {
                self.doc_gaps.push(first);
            }
            let h = r.get()?;
            let title_count = if h & 1 == 1 { r.get()? } else { 0 };
            let body_count = h >> 1;
            self.counts.push([title_count, body_count]);
            read_deltas(&mut r, title_count, &mut self.titles)?;
            read_deltas(&mut r, body_count, &mut self.bodies)?;
        }
        self.last = Some(doc);
        Some(self.pack())
    }

    fn pack(&self) -> Vec<u8> {
        let ((k_doc, doc_bits), (k_pos, body_bits)) =
            (best_order(&self.doc_gaps), best_order(&self.bodies));
        // The exact size, so the bytes are allocated once and never over-allocated (packed lists
        // stay in memory until the shards are written).
        let order_0 = |v: &u32| exp_golomb_len(*v, 0);
        let bits = exp_golomb_len(k_doc, 0)
            + exp_golomb_len(k_pos, 0)
            + doc_bits
            + body_bits
            + self.counts.iter().flatten().map(order_0).sum::<u64>()
            + self.titles.iter().map(order_0).sum::<u64>();
        let mut w = BitWriter::with_capacity(bits.div_ceil(8) as usize);
        w.exp_golomb(k_doc, 0);
        w.exp_golomb(k_pos, 0);
        let (mut titles, mut bodies) = (self.titles.iter(), self.bodies.iter());
        for (&gap, &[title_count, body_count]) in self.doc_gaps.iter().zip(&self.counts) {
            w.exp_golomb(gap, k_doc);
            w.exp_golomb(title_count, 0);
            w.exp_golomb(body_count, 0);
            (titles.by_ref().take(title_count as usize)).for_each(|&v| w.exp_golomb(v, 0));
            (bodies.by_ref().take(body_count as usize)).for_each(|&v| w.exp_golomb(v, k_pos));
        }
        let bytes = w.finish();
        debug_assert_eq!(bytes.len() as u64, bits.div_ceil(8));
        bytes
    }
}

/// Reads `count` positions of the build form (first absolute, then deltas) onto `out` as the
/// shard form's values (first, then gap − 1). `None` on malformed bytes: a zero delta (a
/// position twice) or positions past `u32`.
fn read_deltas(r: &mut Reader, count: u32, out: &mut Vec<u32>) -> Option<()> {
    if count == 0 {
        return Some(());
    }
    // A value takes a byte at least, so a malformed count cannot reserve more than the bytes.
    out.reserve((count as usize).min(r.bytes.len().saturating_sub(r.at)));
    let first = r.get()?;
    out.push(first);
    let mut position = first;
    for _ in 1..count {
        let delta = r.get()?;
        position = position.checked_add(delta)?;
        out.push(delta.checked_sub(1)?);
    }
    Some(())
}

/// Reads `count` entries of a packed list.
pub fn unpack(bytes: &[u8], count: u32) -> Option<Vec<(u32, Occurrences)>> {
    let mut r = BitReader::new(bytes);
    let (k_doc, k_pos) = (r.exp_golomb(0)?, r.exp_golomb(0)?);
    let mut out = Vec::with_capacity(count as usize);
    let mut doc = 0u32;
    for i in 0..count {
        let v = r.exp_golomb(k_doc)?;
        doc = if i == 0 {
            v
        } else {
            doc.checked_add(v)?.checked_add(1)?
        };
        let (titles, bodies) = (r.exp_golomb(0)?, r.exp_golomb(0)?);
        let title = read_gaps(&mut r, titles, 0)?;
        let body = read_gaps(&mut r, bodies, k_pos)?;
        out.push((doc, Occurrences { title, body }));
    }
    Some(out)
}

fn read_gaps(r: &mut BitReader, count: u32, k: u32) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(count as usize);
    for i in 0..count {
        let v = r.exp_golomb(k)?;
        let p = match out.last() {
            Some(&last) if i > 0 => v.checked_add(last)?.checked_add(1)?,
            _ => v,
        };
        out.push(p);
    }
    Some(out)
}

/// Wraps a shard's payload (a JSON value) as a classic script that hands it to the client.
pub fn jsonp(name: &str, json_payload: &str) -> Vec<u8> {
    let name = serde_json::Value::String(name.to_owned()).to_string();
    format!("jianbaoSearchLoad({name},{json_payload});\n").into_bytes()
}

/// A JSON string holding `bytes` in standard base64.
pub fn base64_json(bytes: &[u8]) -> String {
    use base64::Engine as _;
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 6);
    out.push('"');
    base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut out);
    out.push('"');
    out
}

/// FNV-1a, 64 bits: a stable content hash for change detection and the cache tag
/// (std's hashers are not guaranteed stable across releases).
pub fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    let mut h = seed ^ 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut buf = Vec::new();
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            put(&mut buf, v);
        }
        put_signed(&mut buf, -3);
        let mut r = Reader::new(&buf);
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            assert_eq!(r.get(), Some(v));
        }
        assert_eq!(r.get_signed(), Some(-3));
        assert!(r.done());
        assert_eq!(r.get(), None);
        assert_eq!(buf[..3], [0, 1, 127]);
    }

    #[test]
    fn the_short_varint_paths_agree_with_the_crate() {
        let values = (0..70_000).chain([(1 << 21) - 1, 1 << 21, u32::MAX - 1, u32::MAX]);
        for v in values {
            let mut ours = Vec::new();
            put(&mut ours, v);
            assert_eq!(ours, v.encode_var_vec(), "{v}");
            let mut r = Reader::new(&ours);
            assert_eq!(r.get(), Some(v));
            assert!(r.done());
        }
        // A two-byte varint cut short is not read as one.
        assert_eq!(Reader::new(&[0x80]).get(), None);
    }

    #[test]
    fn build_form_packs_as_its_entries() {
        let a = Occurrences {
            title: vec![2],
            body: vec![5, 9, 200],
        };
        let b = Occurrences {
            title: vec![],
            body: vec![0],
        };
        // Document 3's entry body, then document 7 (delta 4).
        let mut tail = Vec::new();
        put_entry(&mut tail, &a.title, &a.body);
        put(&mut tail, 4);
        put_entry(&mut tail, &b.title, &b.body);
        let entries = vec![(3, a), (7, b)];
        assert_eq!(pack_varints(3, &tail), Some(pack(&entries)));
        assert_eq!(unpack(&pack(&entries), 2), Some(entries));
    }

    #[test]
    fn truncated_postings_are_rejected() {
        let mut tail = Vec::new();
        put_entry(&mut tail, &[], &[1, 2]);
        tail.pop();
        assert_eq!(pack_varints(1, &tail), None);
    }

    #[test]
    fn exp_golomb_round_trips() {
        let mut w = BitWriter::default();
        let values = [0u32, 1, 2, 3, 7, 100, 1000, 65_535, 1 << 24, u32::MAX];
        for k in 0..6 {
            values.iter().for_each(|&v| w.exp_golomb(v, k));
        }
        let bytes = w.finish();
        let mut r = BitReader::new(&bytes);
        for k in 0..6 {
            for &v in &values {
                assert_eq!(r.exp_golomb(k), Some(v));
            }
        }
        let mut w = BitWriter::default();
        w.exp_golomb(0, 0);
        w.exp_golomb(3, 1);
        // "1" then w = 3 + 2 = 0b101 with one leading zero: "0101", padded.
        assert_eq!(w.finish(), [0b1010_1000]);
    }

    #[test]
    fn packed_lists_round_trip_and_are_smaller() {
        let entries: Vec<(u32, Occurrences)> = (0..200)
            .map(|d| {
                let body = (0..8).map(|i| i * 300 + d % 13).collect();
                let title = if d % 5 == 0 { vec![1, 3] } else { vec![] };
                (d * 2 + 1, Occurrences { title, body })
            })
            .collect();
        let packed = pack(&entries);
        assert_eq!(unpack(&packed, 200), Some(entries.clone()));
        let mut varints = Vec::new();
        let mut last = 0;
        for (d, occ) in &entries {
            if last > 0 {
                put(&mut varints, d - last);
            }
            put_entry(&mut varints, &occ.title, &occ.body);
            last = *d;
        }
        assert_eq!(pack_varints(1, &varints), Some(packed.clone()));
        assert!(
            packed.len() * 10 < varints.len() * 7,
            "{} vs {}",
            packed.len(),
            varints.len()
        );
        assert_eq!(unpack(&packed[..10], 200), None);
    }

    #[test]
    fn jsonp_escapes_name_and_wraps_payload() {
        let js = String::from_utf8(jsonp("t/1", &base64_json(b"ab"))).unwrap_or_default();
        assert_eq!(js, "jianbaoSearchLoad(\"t/1\",\"YWI=\");\n");
    }
}
