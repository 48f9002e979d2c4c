//! What a description must be before the architect reads it.

use crate::ArchitectError;

/// Longest description accepted, in characters.
pub const MAX_CHARS: usize = 20_000;

/// Checks a description: not empty, not too long, and text rather than
/// binary data.
pub fn validate(description: &str) -> Result<&str, ArchitectError> {
    let trimmed = description.trim();
    if trimmed.is_empty() {
        return Err(ArchitectError::EmptyDescription);
    }
    let chars = trimmed.chars().count();
    if chars > MAX_CHARS {
        return Err(ArchitectError::TooLong { chars });
    }
    let control = trimmed
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if control > 0 {
        return Err(ArchitectError::NotText(format!(
            "it contains {control} control character(s); describe the application in plain words"
        )));
    }
    if trimmed.contains('\u{FFFD}') {
        return Err(ArchitectError::NotText(
            "it is not valid UTF-8 text".to_owned(),
        ));
    }
    let letters = trimmed.chars().filter(|c| c.is_alphabetic()).count();
    if letters * 2 < chars.min(200) || letters < 3 {
        return Err(ArchitectError::NotText(
            "it has too few letters to be a description".to_owned(),
        ));
    }
    Ok(trimmed)
}

/// Reads bytes (a file, standard input) as a description.
pub fn from_bytes(bytes: &[u8]) -> Result<String, ArchitectError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(_) => Err(ArchitectError::NotText(
            "it is not valid UTF-8 text".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_input() {
        assert!(matches!(
            validate("   "),
            Err(ArchitectError::EmptyDescription)
        ));
        assert!(matches!(
            validate(&"a".repeat(20_001)),
            Err(ArchitectError::TooLong { .. })
        ));
        assert!(matches!(
            validate("abc\u{0}\u{1}def"),
            Err(ArchitectError::NotText(_))
        ));
        assert!(matches!(
            validate("1234 5678 !!!! ????"),
            Err(ArchitectError::NotText(_))
        ));
        assert!(from_bytes(&[0xff, 0xfe, 0x00]).is_err());
        assert!(validate("A recipe sharing app.").is_ok());
    }
}
