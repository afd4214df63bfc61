//! What people typed stays text on every page that shows it, in particular inside a
//! `<textarea>`, whose content the server's HTML would otherwise carry unescaped: a note
//! that closes the textarea must not add an element (a paragraph, a meta refresh to another
//! site) to the staff's or the owner's page.

use serde_json::Value;

use crate::helpers::{TestApp, call, set_up, spawn_app};

/// Closes the textarea, then adds a paragraph and a refresh to another site.
const MARKUP: &str = "</textarea><p id=\"injected\">x</p>\
                      <meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">";
/// A link's label of the same kind, within the label's 40 characters (and without `://`).
const LABEL: &str = "</textarea><p id=\"injected\">x</p>";
/// A nickname of the same kind: it is drawn into the SVG of the printable card and of the
/// community graph, which the pages set as markup.
const NICKNAME: &str = "ゆう<p id=\"injected\">x</p>";

#[tokio::test]
async fn markup_typed_into_a_textarea_comes_back_as_text_on_every_page() {
    let app = spawn_app().await;
    set_up(&app).await;
    let links = format!("{LABEL} @yu_photo");
    let yu = regular_here(&app, NICKNAME, &links, MARKUP).await;
    let hana = regular_here(&app, "はな", "", "").await;

    // The card's form: its links and notes, each in a textarea.
    let edit = page(&app, &format!("/regulars/{yu}/edit"), "ja").await;
    assert_eq!(
        textareas(&edit),
        [
            ("links".to_owned(), links.clone()),
            ("notes".to_owned(), MARKUP.to_owned())
        ]
    );

    // The introduction's note and its follow-up's, on the screens with their textareas.
    let introduce = page(&app, &format!("/introduce?a={yu}&b={hana}"), "ja").await;
    assert_eq!(textareas(&introduce), [("note".to_owned(), String::new())]);
    let (_, introduced) = call(
        &app,
        "introduce",
        &[("a", &yu), ("b", &hana), ("note", MARKUP)],
    )
    .await;
    let introduction = introduced["Introduced"]["introduction"]
        .as_i64()
        .unwrap_or_else(|| panic!("{introduced}"))
        .to_string();
    let (_, recorded) = call(
        &app,
        "record_outcome",
        &[
            ("introduction_id", &introduction),
            ("outcome", "worked_together"),
            ("note", MARKUP),
        ],
    )
    .await;
    assert_eq!(recorded["Done"], "Recorded", "{recorded}");
    let followed_up = page(&app, &format!("/introductions/{introduction}"), "en").await;
    assert_eq!(
        textareas(&followed_up),
        [("note".to_owned(), String::new())]
    );
    assert!(
        followed_up.contains("&lt;/textarea&gt;&lt;p id="),
        "the notes are shown, as text: {followed_up}"
    );

    // The owner's privacy notice in both languages, each in a textarea of data care.
    for lang in ["ja", "en"] {
        let (_, saved) = call(
            &app,
            "save_privacy_notice",
            &[("lang", lang), ("text", MARKUP)],
        )
        .await;
        assert_eq!(saved, Value::from("Saved"));
    }
    let settings = page(&app, "/settings/data", "en").await;
    assert_eq!(
        textareas(&settings)
            .into_iter()
            .filter(|(name, _)| name == "text")
            .map(|(_, text)| text)
            .collect::<Vec<_>>(),
        [MARKUP, MARKUP],
        "the Japanese text, then the English"
    );

    // The other pages that show the same text, outside a textarea: as text, and drawn into
    // the printable card's SVG (nickname, link label) and the community graph's (nickname).
    for (path, lang) in [
        (format!("/regulars/{yu}"), "ja"),
        (format!("/regulars/{hana}"), "en"),
        ("/privacy".to_owned(), "ja"),
        ("/privacy".to_owned(), "en"),
    ] {
        page(&app, &path, lang).await;
    }
    let print = page(&app, &format!("/regulars/{yu}/print"), "ja").await;
    assert!(
        print.contains("ゆう&lt;p id=&quot;injected&quot;&gt;x&lt;/p&gt;</text>"),
        "{print}"
    );
    let insights = page(&app, "/insights", "ja").await;
    assert!(
        insights.contains("<title>ゆう&lt;p id=&quot;injected&quot;&gt;x&lt;/p&gt;</title>"),
        "{insights}"
    );
}

/// Adds a regular through the card's form, with both consents, and checks them in.
async fn regular_here(app: &TestApp, nickname: &str, links: &str, notes: &str) -> String {
    let (status, saved) = call(
        app,
        "save_regular",
        &[
            ("nickname", nickname),
            ("reading", ""),
            ("tagline", ""),
            ("interests", ""),
            ("offers", ""),
            ("looking_for", ""),
            ("links", links),
            ("notes", notes),
            ("may_be_introduced", "yes"),
            ("may_show_links", "yes"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    let id = saved["Saved"]["regular"]
        .as_i64()
        .unwrap_or_else(|| panic!("{saved}"))
        .to_string();
    let (_, checked_in) = call(app, "check_in", &[("regular_id", &id)]).await;
    assert!(
        checked_in["check_in"]["CheckedIn"].is_object(),
        "{checked_in}"
    );
    id
}

/// The page as the server renders it, checked for elements the text would have added.
async fn page(app: &TestApp, path: &str, lang: &str) -> String {
    let response = app
        .client
        .get(app.url(path))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let html = response.text().await.unwrap();
    // Escaped text has `&lt;` where markup has `<`; the hydration data escapes `<` too.
    for element in ["<p id=\"injected\"", "<meta http-equiv"] {
        assert!(
            !html.contains(element),
            "{path} ({lang}) has an element the text added, {element}: {html}"
        );
    }
    html
}

/// Each textarea's name and the text a browser shows in it, in the page's order.
fn textareas(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<textarea") {
        let after = &rest[start..];
        let open_end = after.find('>').expect("the tag ends");
        let tag = &after[..open_end];
        let name = tag
            .split_once(" name=\"")
            .and_then(|(_, name)| name.split_once('"'))
            .map(|(name, _)| name.to_owned())
            .expect("a textarea has a name");
        let content_and_rest = &after[open_end + 1..];
        let close = content_and_rest
            .find("</textarea>")
            .expect("the textarea is closed");
        let content = &content_and_rest[..close];
        assert!(
            !content.contains('<'),
            "a textarea's content is text, escaped: {content}"
        );
        // The browser drops one line break right after the start tag.
        let content = content.strip_prefix('\n').unwrap_or(content);
        found.push((name, unescape(content)));
        rest = &content_and_rest[close..];
    }
    found
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
