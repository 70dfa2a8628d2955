use super::*;

/// A fresh folder for one test, removed at the end.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("kpi-discover-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        Folder(path.canonicalize().unwrap())
    }

    fn file(&self, relative: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn relatives(found: &Discovery) -> Vec<String> {
    found
        .inputs
        .iter()
        .map(|i| i.relative.to_string_lossy().into_owned())
        .collect()
}

fn reasons(found: &Discovery) -> Vec<(String, SkipReason)> {
    found
        .skipped
        .iter()
        .map(|s| {
            let name = s.path.file_name().unwrap().to_string_lossy().into_owned();
            (name, s.reason)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn links_that_loop_back_are_read_once_and_reported() {
    let top = Folder::new("loops");
    top.file("beside.xlsx", b"x");
    let input = top.0.join("in");
    top.file("in/a.xlsx", b"x");
    top.file("in/sub/b.xlsx", b"x");
    std::os::unix::fs::symlink("..", input.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("../..", input.join("sub/upper")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("self")).unwrap();
    let found = discover(std::slice::from_ref(&input), &Search::default()).unwrap();
    assert_eq!(relatives(&found), ["a.xlsx", "sub/b.xlsx"]);
    assert_eq!(
        reasons(&found),
        [
            ("self".to_string(), SkipReason::LinkInside),
            ("up".to_string(), SkipReason::LinkInside),
            ("upper".to_string(), SkipReason::LinkOutside),
        ]
    );
    // Asked to follow links out of the input, each real folder is still
    // read once: the walk ends, and the input is not read again through
    // the folder above it.
    let follow = Search {
        follow_links: true,
        ..Search::default()
    };
    let found = discover(std::slice::from_ref(&input), &follow).unwrap();
    assert_eq!(
        relatives(&found),
        ["a.xlsx", "sub/b.xlsx", "sub/upper/beside.xlsx"]
    );
    assert!(reasons(&found).contains(&("in".to_string(), SkipReason::SeenBefore)));
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_input_is_followed_only_when_asked() {
    let input = Folder::new("out-link");
    let elsewhere = Folder::new("out-link-target");
    elsewhere.file("other.xlsx", b"x");
    input.file("mine.xlsx", b"x");
    std::os::unix::fs::symlink(&elsewhere.0, input.0.join("shared")).unwrap();
    std::os::unix::fs::symlink(elsewhere.0.join("other.xlsx"), input.0.join("o.xlsx")).unwrap();
    let found = discover(std::slice::from_ref(&input.0), &Search::default()).unwrap();
    assert_eq!(relatives(&found), ["mine.xlsx"]);
    assert_eq!(
        reasons(&found),
        [
            ("o.xlsx".to_string(), SkipReason::LinkOutside),
            ("shared".to_string(), SkipReason::LinkOutside),
        ]
    );
    let follow = Search {
        follow_links: true,
        ..Search::default()
    };
    let found = discover(std::slice::from_ref(&input.0), &follow).unwrap();
    // The linked file and the linked folder's file are one file: read once.
    assert_eq!(relatives(&found), ["mine.xlsx", "o.xlsx"]);
    assert_eq!(
        reasons(&found),
        [("other.xlsx".to_string(), SkipReason::SeenBefore)]
    );
}

#[test]
fn hidden_names_and_workbooks_named_like_lock_files_are_told() {
    let input = Folder::new("hidden");
    input.file("a.xlsx", b"x");
    input.file(".hidden.xlsx", b"x");
    input.file(".DS_Store", b"x");
    input.file(".git/config.xlsx", b"x");
    input.file("~$a.xlsx", b"\x05alice");
    input.file("~$copy.xlsx", b"PK\x03\x04 a whole workbook");
    let found = discover(std::slice::from_ref(&input.0), &Search::default()).unwrap();
    assert_eq!(relatives(&found), ["a.xlsx"]);
    assert_eq!(
        reasons(&found),
        [
            (".git".to_string(), SkipReason::HiddenFolder),
            (".hidden.xlsx".to_string(), SkipReason::HiddenFile),
            ("~$copy.xlsx".to_string(), SkipReason::TildeWorkbook),
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_workbook_is_taken_without_being_opened() {
    let input = Folder::new("fifo");
    let fifo = input.0.join("管道.xlsx");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads the NUL-terminated path only.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let lock = input.0.join("~$管道.xlsx");
    let name = std::ffi::CString::new(lock.to_str().unwrap()).unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let found = discover(std::slice::from_ref(&input.0), &Search::default()).unwrap();
    assert_eq!(relatives(&found), ["管道.xlsx"]);
    assert!(open_regular_file(&fifo).is_err());
    assert_eq!(
        crate::read::read_workbook(&fifo).unwrap_err(),
        crate::read::ReadError::NotAFile
    );
}

#[test]
fn the_output_folder_inside_the_input_is_left_out() {
    let input = Folder::new("nested-out");
    input.file("a.xlsx", b"x");
    input.file("results/a.scored.xlsx", b"x");
    let out = input.0.join("results");
    let search = Search {
        output: Some(&out),
        ..Search::default()
    };
    let found = discover(std::slice::from_ref(&input.0), &search).unwrap();
    assert_eq!(relatives(&found), ["a.xlsx"]);
    assert!(found.skipped.is_empty());
}

#[test]
fn files_of_the_same_name_in_different_folders_are_told_apart() {
    let input = Folder::new("same-name");
    let march = input.file("三月/张伟.xlsx", b"x");
    let april = input.file("四月/张伟.xlsx", b"x");
    let found = discover(&[march.clone(), april, march], &Search::default()).unwrap();
    assert_eq!(relatives(&found), ["三月/张伟.xlsx", "四月/张伟.xlsx"]);
    assert_eq!(
        reasons(&found),
        [("张伟.xlsx".to_string(), SkipReason::SeenBefore)]
    );
}

#[test]
fn a_missing_argument_is_an_error_not_a_row() {
    let error = discover(&[PathBuf::from("no/such/folder")], &Search::default()).unwrap_err();
    assert!(matches!(error, DiscoverError::Missing(_)), "{error:?}");
    assert_eq!(error.to_string(), "no/such/folder: no such file or folder");
}
