//! The owner's export: all of the shop's data to take away, as CSV files for Excel in a zip
//! or as JSON. Plain links: the server makes the file and the browser saves it.

use crate::i18n::td_string;
use joren::export::Format;
use leptos::prelude::*;

use crate::lang::use_lang;

#[component]
pub fn ExportSection() -> impl IntoView {
    let lang = use_lang();

    view! {
        <section class="card card--form" aria-labelledby="export-title">
            <h2 id="export-title">{move || td_string!(lang.get(), settings.export_all_data)}</h2>
            <p class="muted">{move || td_string!(lang.get(), settings.downloads_all_of_the_shops)}</p>
            <p class="muted">{move || td_string!(lang.get(), settings.the_files_hold_your_customers)}</p>
            <div class="form__actions">
                // `download`: the router leaves the link to the browser, which saves the file.
                <a class="button button--primary" href=Format::CsvZip.path() download="">
                    {move || td_string!(lang.get(), settings.csv_for_excel_zip)}
                </a>
                <a class="button" href=Format::Json.path() download="">"JSON"</a>
            </div>
        </section>
    }
}
