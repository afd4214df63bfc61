//! Why a field of a regular's profile was refused.

/// Why a field of a regular's profile was refused, in words staff can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegularError {
    #[error("the nickname is empty")]
    NicknameEmpty,
    #[error("the nickname is longer than {max} characters")]
    NicknameTooLong { max: usize },
    #[error("the nickname contains control characters")]
    NicknameHasControlCharacters,
    #[error(
        "the nickname contains invisible characters or marks that change the direction of \
         the text"
    )]
    NicknameHasInvisibleCharacters,

    #[error("the reading is empty")]
    ReadingEmpty,
    #[error("a reading is written in kana (hiragana or katakana), like ゆう or ユウ")]
    ReadingNotKana,
    #[error("the reading is longer than {max} characters")]
    ReadingTooLong { max: usize },

    #[error("the tagline is empty")]
    TaglineEmpty,
    #[error("the tagline is longer than {max} characters")]
    TaglineTooLong { max: usize },
    #[error("the tagline must be one line without control characters")]
    TaglineHasControlCharacters,

    #[error("the tag is empty")]
    TagEmpty,
    #[error("the tag '{tag}' is longer than {max} characters")]
    TagTooLong { tag: String, max: usize },
    #[error("a tag contains control characters")]
    TagHasControlCharacters,
    #[error("at most {max} tags, please")]
    TooManyTags { max: usize },

    #[error("the notes are empty")]
    NotesEmpty,
    #[error("the notes are longer than {max} characters")]
    NotesTooLong { max: usize },
    #[error("the notes contain control characters other than line breaks and tabs")]
    NotesHaveControlCharacters,

    #[error("the link is empty")]
    LinkEmpty,
    #[error("a link is longer than {max} characters")]
    LinkTooLong { max: usize },
    #[error("a link may not contain spaces, control characters or any of \" < > \\ ^ ` {{ | }}")]
    LinkHasInvalidCharacters,
    #[error("only http:// and https:// links are allowed, not {scheme}:")]
    LinkSchemeNotAllowed { scheme: String },
    #[error(
        "a link is a web address starting with https:// or http://, \
         or an Instagram handle like @name"
    )]
    LinkNotWebAddress,
    #[error("a link needs a host name like example.com (or localhost), without a user name")]
    LinkInvalidHost,
    #[error(
        "an Instagram handle is 1 to {max} letters, digits, '.' or '_', \
         not starting or ending with '.' and without '..'"
    )]
    InstagramHandleInvalid { max: usize },
    #[error("at most {max} links, please")]
    TooManyLinks { max: usize },
    #[error(
        "a link's label (before the address, on the same line) is 1 to {max} characters \
         on one line"
    )]
    LinkLabelInvalid { max: usize },
}
