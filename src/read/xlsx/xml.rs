//! Small helpers over quick-xml shared by the parts of the package: element
//! text, attributes by local name (so strict OOXML's namespaces and `r:`
//! prefixes do not matter) and Excel's `_xHHHH_` escapes.

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::escape::EscapeError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::QName;

pub type XmlReader<B> = quick_xml::Reader<B>;

/// A reader configured as calamine configures its own: end tags are not
/// checked against start tags (producers get them wrong), text is kept as
/// written.
pub fn reader<B: BufRead>(source: B) -> XmlReader<B> {
    let mut xml = quick_xml::Reader::from_reader(source);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    xml
}

/// The raw (still escaped) value of the attribute with this local name.
/// Malformed attributes are treated as absent.
pub fn raw_attribute<'a>(element: &'a BytesStart<'_>, local_name: &str) -> Option<Cow<'a, str>> {
    element
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|attr| attr.key.local_name().as_ref() == local_name)
        .map(|attr| attr.value)
}

/// The attribute with this local name, entities resolved.
pub fn attribute<'a>(element: &'a BytesStart<'_>, local_name: &str) -> Option<Cow<'a, str>> {
    match raw_attribute(element, local_name)? {
        Cow::Borrowed(raw) => quick_xml::escape::unescape(raw).ok(),
        Cow::Owned(raw) => Some(Cow::Owned(
            quick_xml::escape::unescape(&raw).ok()?.into_owned(),
        )),
    }
}

pub fn numeric_attribute<T: std::str::FromStr>(element: &BytesStart<'_>, name: &str) -> Option<T> {
    attribute(element, name)?.trim().parse().ok()
}

/// An OOXML boolean: `1`/`true` or `0`/`false`; anything else is unknown.
pub fn bool_attribute(element: &BytesStart<'_>, name: &str) -> Option<bool> {
    match attribute(element, name)?.trim() {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// Appends the text of the element just opened, up to its end tag, to
/// `text`: line ends normalised and entity and character references
/// resolved (quick-xml reports them as separate events); nested elements
/// contribute their text too. An entity other than XML's own is an error,
/// as calamine has it: only a DTD can define one, which no spreadsheet
/// producer writes, and expanding one is how an "XML bomb" works.
pub fn read_text_into<B: BufRead>(
    xml: &mut XmlReader<B>,
    end: QName<'_>,
    buf: &mut Vec<u8>,
    text: &mut String,
) -> Result<(), quick_xml::Error> {
    let end = end.as_ref().to_string();
    loop {
        buf.clear();
        match xml.read_event_into(buf)? {
            Event::Text(chunk) => text.push_str(&chunk.xml10_content()),
            Event::CData(chunk) => text.push_str(&chunk.xml10_content()),
            Event::GeneralRef(reference) => push_reference(&reference, text)?,
            Event::End(element) if element.name().as_ref() == end => return Ok(()),
            Event::Eof => return Err(unexpected_eof(&end)),
            _ => {}
        }
    }
}

/// As [`read_text_into`], into a new string.
pub fn read_text<B: BufRead>(
    xml: &mut XmlReader<B>,
    end: QName<'_>,
) -> Result<String, quick_xml::Error> {
    let mut text = String::new();
    read_text_into(xml, end, &mut Vec::new(), &mut text)?;
    Ok(text)
}

/// `&amp;` and the other predefined entities, `&#x5F20;`.
fn push_reference(reference: &BytesRef<'_>, text: &mut String) -> Result<(), quick_xml::Error> {
    if let Some(c) = reference.resolve_char_ref()? {
        text.push(c);
    } else if let Some(resolved) = quick_xml::escape::resolve_predefined_entity(reference) {
        text.push_str(resolved);
    } else {
        let entity = format!("&{};", &**reference);
        return Err(EscapeError::UnrecognizedEntity(0..0, entity).into());
    }
    Ok(())
}

/// Skips the element just opened, with everything inside it.
pub fn skip_element<B: BufRead>(
    xml: &mut XmlReader<B>,
    element: &BytesStart<'_>,
    buf: &mut Vec<u8>,
) -> Result<(), quick_xml::Error> {
    let name = element.name().as_ref().to_string();
    buf.clear();
    xml.read_to_end_into(QName(&name), buf)?;
    Ok(())
}

/// The error for a part that ends inside an element.
pub fn unexpected_eof(inside: &str) -> quick_xml::Error {
    quick_xml::errors::IllFormedError::MissingEndTag(inside.to_string()).into()
}

/// Excel's escape for characters XML cannot hold: `_x000D_` is a carriage
/// return, `_xD83D__xDCF7_` a surrogate pair, `_x005F_` an underscore (so
/// `_x005F_x000D_` is the literal text `_x000D_`). A lone surrogate becomes
/// U+FFFD, as calamine reads it.
pub fn unescape_excel(text: &str) -> Cow<'_, str> {
    let Some(first) = find_escape(text, 0) else {
        return Cow::Borrowed(text);
    };
    let mut unescaped = String::with_capacity(text.len());
    let mut copied = 0;
    let mut next = Some(first);
    while let Some((index, unit)) = next {
        unescaped.push_str(&text[copied..index]);
        let mut end = index + ESCAPE_LENGTH;
        let c = match unit {
            0xD800..=0xDBFF => match parse_escape(text, end) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    end += ESCAPE_LENGTH;
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(code)
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(unit)),
        };
        unescaped.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        copied = end;
        next = find_escape(text, end);
    }
    unescaped.push_str(&text[copied..]);
    Cow::Owned(unescaped)
}

const ESCAPE_LENGTH: usize = "_xHHHH_".len();

fn find_escape(text: &str, from: usize) -> Option<(usize, u16)> {
    let mut start = from;
    while let Some(offset) = text.get(start..)?.find("_x") {
        let index = start + offset;
        if let Some(unit) = parse_escape(text, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }
    None
}

fn parse_escape(text: &str, index: usize) -> Option<u16> {
    let bytes = text.as_bytes().get(index..index + ESCAPE_LENGTH)?;
    if !(bytes.starts_with(b"_x") && bytes[6] == b'_') {
        return None;
    }
    let hex = std::str::from_utf8(&bytes[2..6]).ok()?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes_are_decoded() {
        assert_eq!(unescape_excel("plain"), "plain");
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_xD83D__xDCF7_!"), "\u{1F4F7}!");
        assert_eq!(unescape_excel("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_excel("_xDCF7_"), "\u{FFFD}");
        assert_eq!(
            unescape_excel("_x12G4_ _x41_ 张_x0041_"),
            "_x12G4_ _x41_ 张A"
        );
    }

    #[test]
    fn text_resolves_references_and_nested_elements() {
        let mut xml = reader(&b"<t>a &amp; &#x5F20;<b>b</b>\r\nc</t>"[..]);
        let mut buf = Vec::new();
        let Event::Start(start) = xml.read_event_into(&mut buf).unwrap() else {
            panic!("no start");
        };
        let name = start.name().as_ref().to_string();
        assert_eq!(read_text(&mut xml, QName(&name)).unwrap(), "a & 张b\nc");
        for damaged in ["<t>abc", "<t>a &bomb; b</t>", "<t>&#0;</t>"] {
            let mut xml = reader(damaged.as_bytes());
            xml.read_event_into(&mut buf).unwrap();
            assert!(read_text(&mut xml, QName("t")).is_err(), "{damaged}");
        }
    }
}
