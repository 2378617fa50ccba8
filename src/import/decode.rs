//! Turning the bytes of an exported file into text: UTF-8 with or without a byte-order
//! mark (Excel's "CSV UTF-8"), UTF-16 with a byte-order mark, and GBK, which Chinese
//! Excel writes for plain "CSV". Does not guess any other legacy encoding.

use crate::error::KamError;

/// The encoding of an import file, as `--encoding` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gbk,
}

/// The file's text and the encoding it was read with (`None`: UTF-8, the usual case).
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: Option<&'static str>,
}

/// Decodes `bytes`. With no `encoding` given: a byte-order mark decides; else valid UTF-8
/// is UTF-8; else the bytes are read as GBK, and must be valid GBK. `name` is the file's
/// name for messages.
pub fn decode(bytes: &[u8], encoding: Option<Encoding>, name: &str) -> Result<Decoded, KamError> {
    match encoding {
        Some(Encoding::Utf8) => utf8(bytes, name).map(|text| Decoded { text, encoding: None }),
        Some(Encoding::Gbk) => gbk(bytes, name).map(|text| Decoded { text, encoding: Some("GBK") }),
        None => {
            if let Some((bom, _)) = encoding_rs::Encoding::for_bom(bytes)
                && bom != encoding_rs::UTF_8
            {
                let (text, had_errors) = bom.decode_with_bom_removal(bytes);
                if had_errors {
                    return Err(KamError::data(format!("{name} is not valid {}", bom.name())));
                }
                return Ok(Decoded { text: text.into_owned(), encoding: Some(bom.name()) });
            }
            match utf8(bytes, name) {
                Ok(text) => Ok(Decoded { text, encoding: None }),
                Err(_) => gbk(bytes, name).map(|text| Decoded { text, encoding: Some("GBK") }).map_err(|_| {
                    KamError::data(format!("{name} is neither UTF-8 nor GBK"))
                        .with_hint("save it as \"CSV UTF-8\", or name its encoding with --encoding")
                }),
            }
        }
    }
}

/// The text of UTF-8 `bytes`, without a byte-order mark.
fn utf8(bytes: &[u8], name: &str) -> Result<String, KamError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(KamError::data(format!("{name} is not valid UTF-8 (line {line})"))
                .with_hint("a file saved by Chinese Excel is usually GBK: --encoding gbk"))
        }
    }
}

/// The text of GBK `bytes` (GB18030, which reads every GBK file), refusing malformed ones.
fn gbk(bytes: &[u8], name: &str) -> Result<String, KamError> {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(KamError::data(format!("{name} is not valid GBK")));
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 上海 in GBK is C9 CF BA A3.
    const SHANGHAI_GBK: &[u8] = &[0xC9, 0xCF, 0xBA, 0xA3];

    #[test]
    fn utf8_with_and_without_a_bom() {
        let d = decode("名,x\n".as_bytes(), None, "f").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("名,x\n", None));
        let d = decode(b"\xEF\xBB\xBFa,b\r\n", None, "f").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("a,b\r\n", None));
    }

    #[test]
    fn gbk_is_detected_or_named() {
        let d = decode(SHANGHAI_GBK, None, "f").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("上海", Some("GBK")));
        let d = decode(SHANGHAI_GBK, Some(Encoding::Gbk), "f").unwrap();
        assert_eq!(d.text, "上海");
        let e = decode(SHANGHAI_GBK, Some(Encoding::Utf8), "f.csv").unwrap_err();
        assert_eq!(e.message, "f.csv is not valid UTF-8 (line 1)");
    }

    #[test]
    fn utf16_with_a_bom() {
        let d = decode(&[0xFF, 0xFE, b'a', 0, b',', 0, b'b', 0], None, "f").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("a,b", Some("UTF-16LE")));
    }

    #[test]
    fn garbage_is_refused() {
        // 0xFF never starts a GBK character.
        let e = decode(&[b'a', b'\n', 0xFF, 0xFF], None, "f.csv").unwrap_err();
        assert_eq!(e.message, "f.csv is neither UTF-8 nor GBK");
    }
}
