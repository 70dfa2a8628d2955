//! Hostile inputs, generated: workbooks and folders as a hostile or careless
//! user would send them. Each starts from a shipped sample and changes the
//! least that makes it hostile, so that what is found stays predictable.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::project_dir;

/// A shipped sample of 售前客服岗位月度绩效考核表 (张伟, total 91.88).
pub fn sample(name: &str) -> PathBuf {
    project_dir().join("samples/售前客服部").join(name)
}

/// The sample 01_张伟.xlsx with its first sheet's XML changed by `patch`.
pub fn patched_sample(patch: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut patch = Some(patch);
    let bytes = std::fs::read(sample("01_张伟.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut output = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml"
            && let Some(patch) = patch.take()
        {
            data = patch(String::from_utf8(data).unwrap()).into_bytes();
        }
        output.start_file(name, options).unwrap();
        output.write_all(&data).unwrap();
    }
    output.finish().unwrap().into_inner()
}

/// Replaces one cell's element (`<c r="B2" …>…</c>` or `<c r="B2" …/>`).
fn replace_cell(xml: &str, cell: &str, with: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let open_end = start + xml[start..].find('>').unwrap();
    let end = if xml[..open_end].ends_with('/') {
        open_end + 1
    } else {
        open_end + xml[open_end..].find("</c>").unwrap() + "</c>".len()
    };
    format!("{}{with}{}", &xml[..start], &xml[end..])
}

fn inline_text(cell: &str, text: &str) -> String {
    format!("<c r=\"{cell}\" s=\"3\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// 被考核人 (B2) of 40,000 characters: more than a cell of Excel holds.
pub fn overlong_name() -> Vec<u8> {
    patched_sample(|xml| replace_cell(&xml, "B2", &inline_text("B2", &"张".repeat(40_000))))
}

/// A total (H17) typed as a formula of 100,000 terms, which a finding quotes.
pub fn overlong_formula() -> Vec<u8> {
    let formula = vec!["H4"; 100_000].join("+");
    patched_sample(|xml| {
        let cell = format!("<c r=\"H17\" s=\"6\"><f>{formula}</f><v>1</v></c>");
        replace_cell(&xml, "H17", &cell)
    })
}

/// 被考核人 with escape sequences that would clear the screen and retitle
/// the terminal, and a line break that would fake a console line.
pub fn control_characters() -> Vec<u8> {
    let name = "张&#x1b;[2J&#x1b;]0;pwned&#x7;伟&#xa;fake.xlsx  fake  total 100";
    patched_sample(|xml| replace_cell(&xml, "B2", &inline_text("B2", name)))
}

/// A merge from J20 to the grid's last cell, XFD1048576: 17 billion cells.
pub fn huge_merge() -> Vec<u8> {
    patched_sample(|xml| {
        let merge = "<mergeCell ref=\"J20:XFD1048576\"/>";
        match xml.find("<mergeCells count=\"") {
            Some(at) => {
                let count_start = at + "<mergeCells count=\"".len();
                let count_end = count_start + xml[count_start..].find('"').unwrap();
                let count: u32 = xml[count_start..count_end].parse().unwrap();
                let tag_end = count_end + xml[count_end..].find('>').unwrap() + 1;
                format!(
                    "{}<mergeCells count=\"{}\">{merge}{}",
                    &xml[..at],
                    count + 1,
                    &xml[tag_end..]
                )
            }
            None => xml.replace(
                "</sheetData>",
                &format!("</sheetData><mergeCells count=\"1\">{merge}</mergeCells>"),
            ),
        }
    })
}

/// The sample 08_黄强.xls with one byte changed: the header cell I3 (备注)
/// moves to column 61,449, beyond XFD (BIFF8 stores columns in 16 bits).
pub fn xls_cell_beyond_the_grid() -> Vec<u8> {
    let mut bytes = std::fs::read(sample("08_黄强.xls")).unwrap();
    // A LABELSST record (type 0x00FD, 10 bytes) at row 2, column 8.
    let record = [0xFD, 0x00, 0x0A, 0x00, 0x02, 0x00, 0x08, 0x00];
    let at = bytes
        .windows(record.len())
        .position(|window| window == record)
        .expect("the header cell I3");
    bytes[at + 7] = 0xF0;
    bytes
}

/// `bytes` (a zip package) grown to `len` bytes with an archive comment,
/// which readers ignore: two workbooks of the same size.
pub fn zip_padded_to(mut bytes: Vec<u8>, len: usize) -> Vec<u8> {
    const END_RECORD: usize = 22;
    let extra = len.checked_sub(bytes.len()).expect("already longer");
    let comment_length = bytes.len() - END_RECORD + 20;
    assert_eq!(&bytes[bytes.len() - END_RECORD..][..4], b"PK\x05\x06");
    let length = u16::try_from(extra).unwrap().to_le_bytes();
    bytes[comment_length..comment_length + 2].copy_from_slice(&length);
    bytes.resize(len, b' ');
    bytes
}

/// A named pipe: opening it to read waits for a writer.
#[cfg(unix)]
pub fn fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: mkfifo reads the NUL-terminated name only.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
}

/// 张伟 in GBK, as names come out of a zip archive made on a Chinese
/// Windows machine: not UTF-8.
#[cfg(unix)]
pub fn gbk_name(extension: &str) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStringExt;
    let mut name = b"\xd5\xc5\xce\xb0".to_vec();
    name.extend_from_slice(extension.as_bytes());
    std::ffi::OsString::from_vec(name)
}
