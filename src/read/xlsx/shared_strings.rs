//! The shared string table (`sharedStrings.xml`) and the rich text it, and
//! inline strings, are made of.

use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::name::QName;

use super::xml::{self, XmlReader};

/// Every `<si>` of the table, in order: cells refer to them by position.
pub fn read_shared_strings<B: BufRead>(
    xml: &mut XmlReader<B>,
) -> Result<Vec<String>, quick_xml::Error> {
    let mut strings = Vec::new();
    let mut buf = Vec::new();
    let mut scratch = RichTextBuffers::default();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) if element.local_name().as_ref() == "sst" => {
                // A hint only: a hostile count must not allocate.
                let count: usize = xml::numeric_attribute(&element, "uniqueCount").unwrap_or(0);
                strings.reserve(count.min(1 << 16));
            }
            Event::Start(element) if element.local_name().as_ref() == "si" => {
                let name = element.name().as_ref().to_string();
                strings.push(read_rich_text(xml, QName(&name), &mut scratch)?);
            }
            Event::Empty(element) if element.local_name().as_ref() == "si" => {
                strings.push(String::new());
            }
            Event::Eof => return Ok(strings),
            _ => {}
        }
    }
}

/// Scratch space reused from one string to the next.
#[derive(Debug, Default)]
pub struct RichTextBuffers {
    events: Vec<u8>,
    text: Vec<u8>,
    run: String,
}

/// The text of a string item (`<si>` or an inline `<is>`) just opened: its
/// `<t>`, or the `<t>` of each of its `<r>` runs, concatenated. Phonetic
/// guides (`<rPh>`, furigana) are not part of the text. A `<t>` without
/// `xml:space="preserve"` loses the ASCII white space around it, and
/// Excel's `_xHHHH_` escapes are decoded, as calamine reads strings.
pub fn read_rich_text<B: BufRead>(
    xml: &mut XmlReader<B>,
    end: QName<'_>,
    buffers: &mut RichTextBuffers,
) -> Result<String, quick_xml::Error> {
    let end = end.as_ref().to_string();
    let mut text = String::new();
    let mut phonetic = false;
    loop {
        buffers.events.clear();
        match xml.read_event_into(&mut buffers.events)? {
            Event::Start(element) if element.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(element) if element.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(element) if element.local_name().as_ref() == "t" && !phonetic => {
                let preserve = xml::raw_attribute(&element, "space").as_deref() == Some("preserve");
                let name = element.name().as_ref().to_string();
                buffers.run.clear();
                xml::read_text_into(xml, QName(&name), &mut buffers.text, &mut buffers.run)?;
                let run = if preserve {
                    buffers.run.as_str()
                } else {
                    buffers.run.trim_matches([' ', '\t', '\r', '\n'])
                };
                text.push_str(&xml::unescape_excel(run));
            }
            Event::End(element) if element.name().as_ref() == end => return Ok(text),
            Event::Eof => return Err(xml::unexpected_eof(&end)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rich_text_phonetics_and_escapes() {
        let sst = r#"<?xml version="1.0"?><sst xmlns="x" count="6" uniqueCount="999999999999">
            <si><t>张三</t></si>
            <si><r><rPr><b/></rPr><t xml:space="preserve">绩效 </t></r><r><t> 考核 </t></r></si>
            <si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>
            <si/>
            <si><t>a_x000D_b &amp; c</t></si>
            <x:si xmlns:x="x"><x:t>strict</x:t></x:si>
            </sst>"#;
        let strings = read_shared_strings(&mut xml::reader(sst.as_bytes())).unwrap();
        assert_eq!(
            strings,
            vec!["张三", "绩效 考核", "東京", "", "a\rb & c", "strict"]
        );
    }

    #[test]
    fn a_truncated_table_is_an_error() {
        let sst = "<sst><si><t>x</t></si><si><t>y";
        assert!(read_shared_strings(&mut xml::reader(sst.as_bytes())).is_err());
    }
}
