//! The crate's one error type: a message for a person, naming what was
//! wrong. The `#[wasm_bindgen]` face turns it into a JS `Error`, once.

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub struct Error(pub String);

pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Error {
        Error(message.into())
    }
}
