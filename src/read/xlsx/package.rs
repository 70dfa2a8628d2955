//! The zip package of an xlsx file: its parts, found case-insensitively, and
//! the relationships that say which part is which.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read, Seek};

use quick_xml::events::Event;
use zip::ZipArchive;
use zip::result::ZipError;

use super::xml::{self, XmlReader};

/// Worksheet parts are streamed: a large sheet need not be in memory whole.
const PART_BUFFER_BYTES: usize = 64 * 1024;

/// A part as XML. Most parts are streamed from the zip; the rare UTF-16
/// part is converted to UTF-8 in memory first.
pub type PartReader<'a> = XmlReader<Box<dyn BufRead + 'a>>;

/// The zip with an index of its part names by [`part_key`]: some producers
/// write `xl/Worksheets/Sheet1.xml` or `xl\worksheets\sheet1.xml` while the
/// relationships say `xl/worksheets/sheet1.xml`.
pub struct Package<R> {
    zip: ZipArchive<R>,
    parts: HashMap<String, String>,
}

impl<R: Read + Seek> Package<R> {
    pub fn open(reader: R) -> Result<Self, ZipError> {
        let zip = ZipArchive::new(reader)?;
        let parts = zip
            .file_names()
            .filter_map(Result::ok)
            .map(|name| (part_key(&name), name.into_owned()))
            .collect();
        Ok(Self { zip, parts })
    }

    /// A streaming XML reader over a part; `Ok(None)` when the package has
    /// no such part.
    pub fn open_part(&mut self, part: &str) -> Result<Option<PartReader<'_>>, ZipError> {
        let Some(actual) = self.parts.get(&part_key(part)) else {
            return Ok(None);
        };
        let entry = self.zip.by_name(actual)?;
        let mut source = BufReader::with_capacity(PART_BUFFER_BYTES, entry);
        let source: Box<dyn BufRead + '_> = match utf16_byte_order(source.fill_buf()?) {
            Some(big_endian) => Box::new(Cursor::new(utf16_to_utf8(source, big_endian)?)),
            None => Box::new(source),
        };
        Ok(Some(xml::reader(source)))
    }

    /// The relationships of `owner_part` (`""` for the package's own),
    /// with targets resolved to part names; `None` when it has no
    /// relationships part or the part cannot be read.
    pub fn relationships(&mut self, owner_part: &str) -> Option<Vec<Relationship>> {
        let rels_part = relationships_part(owner_part);
        let mut xml = self.open_part(&rels_part).ok()??;
        read_relationships(&mut xml, owner_part)
            .inspect_err(|error| tracing::debug!("relationships {rels_part} unreadable: {error}"))
            .ok()
    }
}

/// `Some(big_endian)` when the part starts with a UTF-16 byte order mark,
/// as some mobile versions of Excel write every part. quick-xml reads
/// UTF-8 only.
fn utf16_byte_order(start: &[u8]) -> Option<bool> {
    match start {
        [0xFE, 0xFF, ..] => Some(true),
        [0xFF, 0xFE, ..] => Some(false),
        _ => None,
    }
}

/// The whole UTF-16 part (after its byte order mark) as UTF-8; a broken
/// code unit becomes U+FFFD.
fn utf16_to_utf8(mut source: impl Read, big_endian: bool) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    source.read_to_end(&mut bytes)?;
    let units = bytes
        .get(2..)
        .unwrap_or_default()
        .chunks_exact(2)
        .map(|pair| {
            let pair = [pair[0], pair[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Ok(text.into_bytes())
}

/// One `<Relationship>` to a part inside the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    /// The last segment of the type URI (`worksheet`, `styles`), the same in
    /// transitional and strict OOXML.
    pub kind: String,
    /// The part name the target resolves to.
    pub part: String,
}

/// Reads the relationships of a part; a damaged relationships part cannot
/// be trusted and is an error. External targets are not parts and are left
/// out.
fn read_relationships<B: std::io::BufRead>(
    xml: &mut XmlReader<B>,
    owner_part: &str,
) -> Result<Vec<Relationship>, quick_xml::Error> {
    let mut relationships = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "Relationship" =>
            {
                let external = xml::attribute(&element, "TargetMode")
                    .is_some_and(|mode| mode.eq_ignore_ascii_case("External"));
                let id = xml::attribute(&element, "Id");
                let kind = xml::attribute(&element, "Type");
                let target = xml::attribute(&element, "Target");
                if let (false, Some(id), Some(target)) = (external, id, target) {
                    let kind = kind.as_deref().and_then(|k| k.rsplit('/').next());
                    relationships.push(Relationship {
                        id: id.into_owned(),
                        kind: kind.unwrap_or_default().to_string(),
                        part: resolve_target(owner_part, &target),
                    });
                }
            }
            Event::Eof => return Ok(relationships),
            _ => {}
        }
    }
}

/// The key a part is found by: without a leading `/`, with `/` for `\`,
/// lower case.
fn part_key(name: &str) -> String {
    name.trim_start_matches('/')
        .replace('\\', "/")
        .to_lowercase()
}

/// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package's own
/// relationships (owner `""`) are `_rels/.rels`.
pub fn relationships_part(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target against the part that owns it: targets are
/// relative to that part's folder unless they start with `/`.
pub fn resolve_target(owner_part: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let joined = match (target.strip_prefix('/'), owner_part.rsplit_once('/')) {
        (Some(absolute), _) => absolute.to_string(),
        (None, Some((dir, _))) => format!("{dir}/{target}"),
        (None, None) => target,
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_owning_part() {
        assert_eq!(
            resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve_target("xl/workbook.xml", "/xl/a.xml"), "xl/a.xml");
        assert_eq!(resolve_target("xl/workbook.xml", "../x/./b.xml"), "x/b.xml");
        assert_eq!(
            resolve_target("xl/workbook.xml", "worksheets\\sheet2.xml"),
            "xl/worksheets/sheet2.xml"
        );
        assert_eq!(resolve_target("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(
            relationships_part("xl/workbook.xml"),
            "xl/_rels/workbook.xml.rels"
        );
        assert_eq!(
            relationships_part("workbook.xml"),
            "_rels/workbook.xml.rels"
        );
        assert_eq!(relationships_part(""), "_rels/.rels");
        assert_eq!(
            part_key("/XL\\Worksheets\\Sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
    }

    #[test]
    fn utf16_parts_become_utf8() {
        let text = "<a>张</a>";
        let mut little: Vec<u8> = vec![0xFF, 0xFE];
        little.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut big: Vec<u8> = vec![0xFE, 0xFF];
        big.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        for (bytes, big_endian) in [(little, false), (big, true)] {
            assert_eq!(utf16_byte_order(&bytes), Some(big_endian));
            let utf8 = utf16_to_utf8(bytes.as_slice(), big_endian).unwrap();
            assert_eq!(String::from_utf8(utf8).unwrap(), text);
        }
        assert_eq!(utf16_byte_order(b"<?xml"), None);
    }

    #[test]
    fn relationships_keep_internal_targets_only() {
        let rels = r#"<Relationships>
            <Relationship Id="rId1" Type="http://x/relationships/worksheet" Target="/xl/worksheets/../worksheets/Sheet1.xml"/>
            <Relationship Id="rId2" Type="http://x/relationships/hyperlink" Target="http://example.com" TargetMode="External"/>
            <Relationship Id="rId3" Target="styles.xml"/>
            </Relationships>"#;
        let mut xml = xml::reader(rels.as_bytes());
        let read = read_relationships(&mut xml, "xl/workbook.xml").unwrap();
        let summary: Vec<_> = read
            .iter()
            .map(|r| (r.id.as_str(), r.kind.as_str(), r.part.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("rId1", "worksheet", "xl/worksheets/Sheet1.xml"),
                ("rId3", "", "xl/styles.xml"),
            ]
        );
    }
}
