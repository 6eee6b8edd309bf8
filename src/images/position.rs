//! Removing the place a photo was taken from a JPEG's own bytes, without decoding it: the
//! EXIF GPS block is emptied and its values overwritten with zeros, and the GPS properties of
//! an XMP packet are overwritten with spaces (the packet is dropped whole when one cannot be
//! followed to its end). Everything else (the picture, its
//! orientation, the camera's other tags) stays byte for byte, so the original is still the original.
//!
//! Used by the desk when a photo is uploaded; the build strips every tag from what it
//! publishes anyway (`encode.rs`). Pure: bytes in, bytes out.

/// `bytes` without a GPS position, or `None` when it is not a JPEG, carries none we can
/// find, or its segments cannot be followed (then nothing is changed).
pub fn without_position(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = bytes[..2].to_vec();
    let mut at = 2;
    let mut changed = false;
    loop {
        let marker = *bytes.get(at + 1)?;
        if bytes[at] != 0xFF {
            return None;
        }
        // The scan and everything after it is picture data: copied as it is.
        if marker == 0xDA || marker == 0xD9 {
            out.extend_from_slice(&bytes[at..]);
            break;
        }
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let end = at
            .checked_add(2 + length)
            .filter(|&end| end <= bytes.len())?;
        let segment = &bytes[at..end];
        let payload = &segment[4..];
        if marker == 0xE1 && payload.starts_with(b"Exif\0\0") {
            let mut segment = segment.to_vec();
            changed |= empty_gps(&mut segment[10..]);
            out.extend_from_slice(&segment);
        } else if marker == 0xE1
            && payload.starts_with(b"http://ns.adobe.com/")
            && mentions_gps(payload)
        {
            changed = true;
            // The GPS properties blanked out (the packet keeps its length and its other
            // properties); a packet where they cannot all be found is dropped whole.
            let mut segment = segment.to_vec();
            if blank_gps_properties(&mut segment[4..]) && !mentions_gps(&segment[4..]) {
                out.extend_from_slice(&segment);
            }
        } else {
            out.extend_from_slice(segment);
        }
        at = end;
    }
    changed.then_some(out)
}

/// [`without_position`], kept only when the result, read as the build reads it (`name` for its
/// extension, `max_pixels` the limit), is still a picture and carries no position.
pub fn without_position_checked(bytes: &[u8], name: &str, max_pixels: u64) -> Option<Vec<u8>> {
    without_position(bytes).filter(|cleaned| {
        super::probe_bytes(cleaned, name, max_pixels).is_ok_and(|probe| !probe.has_gps)
    })
}

/// Overwrites with spaces every XMP property whose name is `prefix:GPS…`, written as an
/// attribute (`exif:GPSLatitude="27,7.4N"`) or as an element (`<exif:GPSLatitude>…
/// </exif:GPSLatitude>`, or empty); spaces are allowed wherever those stood, so the packet stays
/// well-formed XML. `false` when one cannot be followed to its end.
fn blank_gps_properties(xmp: &mut [u8]) -> bool {
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let mut at = 0;
    while let Some(found) = find(&xmp[at..], b":GPS") {
        let colon = at + found;
        let mut start = colon;
        while start > 0 && is_name(xmp[start - 1]) {
            start -= 1;
        }
        let mut end = colon + 1;
        while end < xmp.len() && is_name(xmp[end]) {
            end += 1;
        }
        let name = xmp[start..end].to_vec();
        let before = start.checked_sub(1).map(|i| xmp[i]);
        let blank_to = match before {
            Some(b'<') => element_end(xmp, end, &name),
            Some(b'/') => return false,
            _ => attribute_end(xmp, end),
        };
        let Some(blank_to) = blank_to else {
            return false;
        };
        let from = if before == Some(b'<') {
            start - 1
        } else {
            start
        };
        xmp[from..blank_to].fill(b' ');
        at = blank_to;
    }
    true
}

/// Where the attribute value after the name ending at `at` ends (after its closing quote).
fn attribute_end(xmp: &[u8], mut at: usize) -> Option<usize> {
    while xmp.get(at)?.is_ascii_whitespace() {
        at += 1;
    }
    if xmp[at] != b'=' {
        return None;
    }
    at += 1;
    while xmp.get(at)?.is_ascii_whitespace() {
        at += 1;
    }
    let quote = *xmp.get(at)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let close = xmp[at + 1..].iter().position(|&b| b == quote)?;
    Some(at + 1 + close + 1)
}

/// Where the element whose start tag names `name` (ending at `at`) ends: after `/>`, or after
/// its `</name>`.
fn element_end(xmp: &[u8], at: usize, name: &[u8]) -> Option<usize> {
    let tag_end = at + xmp[at..].iter().position(|&b| b == b'>')?;
    if xmp[tag_end - 1] == b'/' {
        return Some(tag_end + 1);
    }
    let mut closing = b"</".to_vec();
    closing.extend_from_slice(name);
    let close = tag_end + find(&xmp[tag_end..], &closing)?;
    let gt = close + xmp[close..].iter().position(|&b| b == b'>')?;
    Some(gt + 1)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn mentions_gps(payload: &[u8]) -> bool {
    payload.windows(3).any(|w| w == b"GPS")
}

/// Empties the GPS IFD of the TIFF structure `tiff` (an EXIF block): its entries and the
/// values they point to are zeroed and its count set to 0. Whether anything was there.
fn empty_gps(tiff: &mut [u8]) -> bool {
    let big = match tiff.get(..4) {
        Some(b"MM\0*") => true,
        Some(b"II*\0") => false,
        _ => return false,
    };
    let read16 = |t: &[u8], at: usize| -> Option<usize> {
        let b = t.get(at..at + 2)?;
        let v = if big {
            u16::from_be_bytes([b[0], b[1]])
        } else {
            u16::from_le_bytes([b[0], b[1]])
        };
        Some(usize::from(v))
    };
    let read32 = |t: &[u8], at: usize| -> Option<usize> {
        let b: [u8; 4] = t.get(at..at + 4)?.try_into().ok()?;
        let v = if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        };
        usize::try_from(v).ok()
    };
    let Some(ifd0) = read32(tiff, 4) else {
        return false;
    };
    let Some(count) = read16(tiff, ifd0) else {
        return false;
    };
    let gps = (0..count)
        .map(|i| ifd0 + 2 + 12 * i)
        .find(|&entry| read16(tiff, entry) == Some(0x8825))
        .and_then(|entry| read32(tiff, entry + 8));
    let Some(gps) = gps else {
        return false;
    };
    let Some(entries) = read16(tiff, gps) else {
        return false;
    };
    if entries == 0 {
        return false;
    }
    for i in 0..entries {
        let entry = gps + 2 + 12 * i;
        let (Some(kind), Some(n)) = (read16(tiff, entry + 2), read32(tiff, entry + 4)) else {
            break;
        };
        let size = type_size(kind).saturating_mul(n);
        if size > 4
            && let Some(offset) = read32(tiff, entry + 8)
            && let Some(values) = tiff.get_mut(offset..offset.saturating_add(size))
        {
            values.fill(0);
        }
        if let Some(bytes) = tiff.get_mut(entry..entry + 12) {
            bytes.fill(0);
        }
    }
    if let Some(bytes) = tiff.get_mut(gps..gps + 2) {
        bytes.fill(0);
    }
    true
}

/// Bytes per value of a TIFF field type (unknown types count as one).
fn type_size(kind: usize) -> usize {
    match kind {
        3 | 8 => 2,
        4 | 9 | 11 => 4,
        5 | 10 | 12 => 8,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A square JPEG without metadata.
    fn plain_jpeg(side: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(side, side, image::Rgb([40, 120, 60]));
        let mut jpeg = Vec::new();
        picture
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        jpeg
    }

    /// A 16×16 JPEG with an EXIF block whose GPS IFD holds a latitude, as a phone writes one.
    fn phone_photo() -> Vec<u8> {
        let jpeg = plain_jpeg(16);
        let mut tiff = b"II*\0".to_vec();
        tiff.extend_from_slice(&8u32.to_le_bytes());
        // IFD0: Orientation = 6, the GPS IFD pointer.
        tiff.extend_from_slice(&2u16.to_le_bytes());
        for (tag, kind, count, value) in [(0x0112u16, 3u16, 1u32, 6u32), (0x8825, 4, 1, 38)] {
            tiff.extend_from_slice(&tag.to_le_bytes());
            tiff.extend_from_slice(&kind.to_le_bytes());
            tiff.extend_from_slice(&count.to_le_bytes());
            tiff.extend_from_slice(&value.to_le_bytes());
        }
        tiff.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(tiff.len(), 38);
        // GPS IFD: version, latitude ref N, latitude 27° 7' 24.44".
        tiff.extend_from_slice(&3u16.to_le_bytes());
        let entries: [(u16, u16, u32, [u8; 4]); 3] = [
            (0, 1, 4, [2, 2, 0, 0]),
            (1, 2, 2, *b"N\0\0\0"),
            (2, 5, 3, 80u32.to_le_bytes()),
        ];
        for (tag, kind, count, value) in entries {
            tiff.extend_from_slice(&tag.to_le_bytes());
            tiff.extend_from_slice(&kind.to_le_bytes());
            tiff.extend_from_slice(&count.to_le_bytes());
            tiff.extend_from_slice(&value);
        }
        tiff.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(tiff.len(), 80);
        for (num, den) in [(27u32, 1u32), (7, 1), (2444, 100)] {
            tiff.extend_from_slice(&num.to_le_bytes());
            tiff.extend_from_slice(&den.to_le_bytes());
        }
        let mut segment = b"Exif\0\0".to_vec();
        segment.extend_from_slice(&tiff);
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&u16::try_from(segment.len() + 2).unwrap().to_be_bytes());
        out.extend_from_slice(&segment);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    fn probe(bytes: &[u8]) -> crate::images::Probe {
        crate::images::probe_bytes(bytes, "photo.jpg", 100_000_000).unwrap()
    }

    #[test]
    fn the_gps_block_is_emptied_and_the_rest_kept() {
        let photo = phone_photo();
        let before = probe(&photo);
        assert!(before.has_gps);
        assert_eq!((before.orientation, before.width), (6, 16));
        let clean = without_position(&photo).expect("a position to remove");
        assert_eq!(clean.len(), photo.len(), "nothing moved");
        let after = probe(&clean);
        assert!(!after.has_gps);
        assert_eq!(after.orientation, 6, "the orientation is kept");
        let latitude = [2444u32.to_le_bytes(), 100u32.to_le_bytes()].concat();
        assert!(!clean.windows(8).any(|w| w == latitude.as_slice()));
        let differing = photo.iter().zip(&clean).filter(|(a, b)| a != b).count();
        assert!(differing <= 3 * 12 + 2 + 24, "{differing} bytes changed");
        assert_eq!(without_position(&clean), None, "nothing left to remove");
    }

    #[test]
    fn an_xmp_packets_position_is_blanked_and_other_files_are_left_alone() {
        let plain = plain_jpeg(8);
        assert_eq!(without_position(&plain), None);
        let mut packet =
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta exif:GPSLatitude=\"27,7.4N\"/>".to_vec();
        let mut with_xmp = plain[..2].to_vec();
        with_xmp.extend_from_slice(&[0xFF, 0xE1]);
        with_xmp.extend_from_slice(&u16::try_from(packet.len() + 2).unwrap().to_be_bytes());
        with_xmp.append(&mut packet);
        with_xmp.extend_from_slice(&plain[2..]);
        assert!(probe(&with_xmp).has_gps);
        // The property is blanked out; the packet stays, its length unchanged.
        let clean = without_position(&with_xmp).expect("a position to remove");
        assert_eq!(clean.len(), with_xmp.len());
        assert!(!probe(&clean).has_gps);
        let blanked = format!("<x:xmpmeta {}/>", " ".repeat(26));
        assert!(
            clean
                .windows(blanked.len())
                .any(|w| w == blanked.as_bytes())
        );
        assert_eq!(without_position(b"\x89PNG\r\n\x1a\n"), None);
        // Elements and attributes of any prefix go; other properties stay as they were.
        let mut xmp = r#"<rdf:Description exif:GPSLatitude='27,7N' dc:creator="队" exifEX:GPSHPositioningError="5"><exif:GPSAltitude>1200/1</exif:GPSAltitude><exif:GPSVersionID/><dc:title>茶园</dc:title></rdf:Description>"#.as_bytes().to_vec();
        assert!(blank_gps_properties(&mut xmp));
        let kept = String::from_utf8(xmp).unwrap();
        let squeezed = kept.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            squeezed,
            r#"<rdf:Description dc:creator="队" > <dc:title>茶园</dc:title></rdf:Description>"#
        );
        let mut open = b"<exif:GPSLatitude>27".to_vec();
        assert!(
            !blank_gps_properties(&mut open),
            "no end: the packet is dropped"
        );
        assert_eq!(
            without_position(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF]),
            None,
            "cut short"
        );
    }
}
