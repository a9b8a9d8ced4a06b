//! Indonesian for the import's and the feed validator's messages, which
//! are written in English (the tool's output, and the developers'
//! language). Only the workbench calls this, so the storefront's bundle
//! carries none of it.

/// The Indonesian for an English message, when it is known.
pub fn indonesian(message: &str) -> Option<String> {
    let _ = message;
    None
}
