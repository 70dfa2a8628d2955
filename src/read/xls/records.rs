//! BIFF8 records and the little-endian fields and strings inside them.
//! Every read is checked: a field beyond its record is `None`, never a
//! panic.

/// A record: its type and its body, without the 4-byte header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    pub id: u16,
    pub data: &'a [u8],
}

/// The records of a stream from `offset` on. A record whose declared length
/// runs past the stream ends the walk: what follows a damaged record cannot
/// be trusted to start where the length says.
pub struct Records<'a> {
    stream: &'a [u8],
    offset: usize,
}

impl<'a> Records<'a> {
    pub fn new(stream: &'a [u8], offset: usize) -> Self {
        Self { stream, offset }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        let rest = self.stream.get(self.offset..)?;
        let id = read_u16(rest, 0)?;
        let length = usize::from(read_u16(rest, 2)?);
        let Some(data) = rest.get(4..4 + length) else {
            self.offset = self.stream.len();
            return None;
        };
        self.offset += 4 + length;
        Some(Record { id, data })
    }
}

pub fn read_u8(data: &[u8], at: usize) -> Option<u8> {
    data.get(at).copied()
}

pub fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

pub fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

pub fn read_f64(data: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(data.get(at..at + 8)?.try_into().ok()?))
}

/// `count` characters from `at`, after the option byte that says how they
/// are stored: one byte each (the low byte of UTF-16, "compressed") or
/// UTF-16LE. Characters missing at the end of the record are left out.
pub fn read_characters(data: &[u8], at: usize, count: usize) -> Option<String> {
    let options = read_u8(data, at)?;
    let start = at + 1;
    let text = if options & 0x01 == 0 {
        let bytes = data.get(start..)?;
        bytes.iter().take(count).map(|&b| char::from(b)).collect()
    } else {
        let bytes = data.get(start..)?;
        let units = bytes
            .chunks_exact(2)
            .take(count)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    Some(text)
}

/// A string with a 1-byte character count (ShortXLUnicodeString).
pub fn read_short_string(data: &[u8], at: usize) -> Option<String> {
    let count = usize::from(read_u8(data, at)?);
    read_characters(data, at + 1, count)
}

/// A string with a 2-byte character count (XLUnicodeString).
pub fn read_string(data: &[u8], at: usize) -> Option<String> {
    let count = usize::from(read_u16(data, at)?);
    read_characters(data, at + 2, count)
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A record as it is stored: header and body.
    pub fn record(id: u16, body: &[u8]) -> Vec<u8> {
        let mut bytes = id.to_le_bytes().to_vec();
        let length = u16::try_from(body.len()).expect("test record fits");
        bytes.extend(length.to_le_bytes());
        bytes.extend(body);
        bytes
    }

    /// An XLUnicodeString, UTF-16 when the text is not Latin-1.
    pub fn string(text: &str, count_bytes: usize) -> Vec<u8> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut bytes = units.len().to_le_bytes()[..count_bytes].to_vec();
        if units.iter().all(|&unit| unit < 0x100) {
            bytes.push(0);
            bytes.extend(units.iter().map(|&unit| unit as u8));
        } else {
            bytes.push(1);
            bytes.extend(units.iter().flat_map(|unit| unit.to_le_bytes()));
        }
        bytes
    }

    #[test]
    fn records_stop_at_a_truncated_one() {
        let mut stream = record(0x0031, &[1, 2, 3]);
        stream.extend(record(0x0041, &[]));
        stream.extend([0x31, 0x00, 0xFF, 0x00, 1, 2]);
        let records: Vec<Record<'_>> = Records::new(&stream, 0).collect();
        assert_eq!(
            records,
            vec![
                Record {
                    id: 0x0031,
                    data: &[1, 2, 3]
                },
                Record {
                    id: 0x0041,
                    data: &[]
                }
            ]
        );
        assert_eq!(Records::new(&stream, 1_000).count(), 0);
    }

    #[test]
    fn strings_compressed_or_utf16_and_cut_short() {
        assert_eq!(
            read_string(&string("Arial", 2), 0).as_deref(),
            Some("Arial")
        );
        assert_eq!(
            read_short_string(&string("宋体", 1), 0).as_deref(),
            Some("宋体")
        );
        let cut = &string("Arial", 2)[..5];
        assert_eq!(read_string(cut, 0).as_deref(), Some("Ar"));
        assert_eq!(read_string(&[5], 0), None);
        assert_eq!(read_u32(&[1, 2, 3], 0), None);
    }
}
