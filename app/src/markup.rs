//! Text written into HTML or SVG by hand (the public pages' head, the charts, a textarea's
//! first text): what people typed (a shop's name, a nickname) never becomes markup.
//!
//! The escaping is `html-escape`'s, the crate Leptos itself escapes with: `&`, `<`, `>`, `"`
//! and `'` become entities, so the text is safe as an element's text and inside an
//! attribute in either kind of quotes.

pub use html_escape::encode_quoted_attribute as escape;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_people_typed_never_becomes_markup() {
        assert_eq!(
            escape("</title><b a=\"1\">'&"),
            "&lt;/title&gt;&lt;b a=&quot;1&quot;&gt;&#x27;&amp;"
        );
        assert_eq!(escape("珈琲 ゆるり"), "珈琲 ゆるり");
    }
}
