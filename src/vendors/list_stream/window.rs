//! What a [`ListStream`](super::ListStream) has let go of. Once an element is
//! read its bytes are dropped, so a 100 MB answer never sits whole in wasm
//! memory (which never shrinks: a peak stays with the tab until it is
//! closed). What is kept of the dropped bytes is where they end, as
//! serde_json counts positions, so that a list found broken late is reported
//! exactly as the whole-body reader would report it.

use super::State;
use crate::vendors::tolerant::json_error;
use crate::vendors::ApiError;

/// Where the kept bytes start in the whole body (the text the whole-body
/// reader parses: the byte-order mark removed, invalid UTF-8 replaced).
#[derive(Debug, Default)]
pub struct Dropped {
    /// How many bytes were dropped (0: the kept bytes are the whole body).
    pub bytes: usize,
    /// Line breaks among them.
    lines: usize,
    /// Characters' bytes since the last line break, as the whole-body text
    /// has them.
    column: usize,
    /// Invalid UTF-8 was seen: byte counts no longer equal text lengths.
    pub saw_invalid: bool,
}

impl Dropped {
    /// `bytes` are dropped next.
    pub fn advance(&mut self, bytes: &[u8]) {
        self.bytes += bytes.len();
        let (lines, column) = self.position_after(bytes);
        (self.lines, self.column) = (lines, column);
    }

    /// Line breaks before, and the column at, the end of `kept` (bytes that
    /// follow the dropped ones).
    fn position_after(&self, kept: &[u8]) -> (usize, usize) {
        let text_len = |b: &[u8]| if self.saw_invalid { String::from_utf8_lossy(b).len() } else { b.len() };
        let breaks = kept.iter().filter(|&&b| b == b'\n').count();
        match kept.iter().rposition(|&b| b == b'\n') {
            Some(last) => (self.lines + breaks, text_len(&kept[last + 1..])),
            None => (self.lines, self.column + text_len(kept)),
        }
    }

    /// The error the whole-body reader gives for a body whose kept bytes
    /// are `kept`, the list having been followed up to `kept[at]` in
    /// `state`. The parser's state there is rebuilt with a short prefix (the
    /// elements before were all valid), and serde_json's position is moved
    /// back to where it is in the whole body.
    pub fn error(&self, kept: &[u8], at: usize, state: State) -> ApiError {
        let prefix = match state {
            State::FirstOrEnd => "[",
            State::Element => "[[],",
            State::CommaOrEnd => "[[]",
            State::Done => "[]",
            State::Start | State::Whole => "",
        };
        let text = format!("{prefix}{}", String::from_utf8_lossy(&kept[at..]));
        let Some(e) = json_error(&text) else {
            // Cannot happen (the stream gave up on it); said plainly all the same.
            return ApiError::Decode { path: "$".into(), reason: "not valid JSON".into() };
        };
        let (lines, column) = self.position_after(&kept[..at]);
        let (line, column) = match e.line() {
            1 => (lines + 1, column + e.column().saturating_sub(prefix.len())),
            l => (lines + l, e.column()),
        };
        let said = e.to_string();
        let reason = said.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())).unwrap_or(&said);
        // As `tolerant::decode_list` words it.
        ApiError::Decode {
            path: "$".into(),
            reason: format!("not valid JSON ({reason} at line {line} column {column})"),
        }
    }
}
