//! Paths as serde sees them, for the worker pipe: on Unix the name's bytes,
//! whatever they are (a GBK name from a Chinese zip archive is not UTF-8);
//! elsewhere the name as text. Use with `#[serde(with = "wire")]`.

use std::path::{Path, PathBuf};

use serde::{Deserializer, Serializer};

#[cfg(unix)]
pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    use std::os::unix::ffi::OsStrExt;
    serializer.serialize_bytes(path.as_os_str().as_bytes())
}

#[cfg(unix)]
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
    use std::os::unix::ffi::OsStringExt;
    let bytes = serde_bytes_vec(deserializer)?;
    Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::Error;
    let text = path
        .to_str()
        .ok_or_else(|| S::Error::custom("a path that is not Unicode"))?;
    serializer.serialize_str(text)
}

#[cfg(not(unix))]
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
    <String as serde::Deserialize>::deserialize(deserializer).map(PathBuf::from)
}

/// Bytes written by `serialize_bytes`, read back by any format.
#[cfg(unix)]
fn serde_bytes_vec<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    struct Bytes;
    impl<'de> serde::de::Visitor<'de> for Bytes {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("the bytes of a path")
        }

        fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }

        fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(bytes)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut bytes = Vec::new();
            while let Some(byte) = seq.next_element()? {
                bytes.push(byte);
            }
            Ok(bytes)
        }
    }
    deserializer.deserialize_byte_buf(Bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::ffi::OsStrExt;

    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Named {
        #[serde(with = "super")]
        path: PathBuf,
    }

    #[test]
    fn a_name_that_is_not_utf8_survives_the_pipe() {
        // 张伟 in GBK.
        let gbk = std::ffi::OsStr::from_bytes(b"in/\xd5\xc5\xce\xb0.xlsx");
        let named = Named {
            path: PathBuf::from(gbk),
        };
        let bytes = postcard::to_allocvec(&named).unwrap();
        assert_eq!(postcard::from_bytes::<Named>(&bytes).unwrap(), named);
    }
}
