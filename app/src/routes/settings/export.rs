//! The owner's export: all of the shop's data to take away, as CSV files for Excel in a zip
//! or as JSON. Plain links: the server makes the file and the browser saves it.

use joren::export::Format;
use leptos::prelude::*;

use crate::lang::use_lang;
use crate::shell::tr;

#[component]
pub fn ExportSection() -> impl IntoView {
    let lang = use_lang();

    view! {
        <section class="card card--form" aria-labelledby="export-title">
            <h2 id="export-title">{move || tr(lang.get(), "データの書き出し", "Export all data")}</h2>
            <p class="muted">{move || tr(
                lang.get(),
                "お店のすべてのデータを書き出します。表ごとのCSVファイル（Excelでそのまま開けます）をまとめたzipか、1つのJSONファイルです。スタッフのPINは含まれません。書き出したことは操作履歴に残ります。",
                "Downloads all of the shop's data: a zip of CSV files, one per table (Excel opens them as they are), or one JSON file. Staff PINs are not included. The audit log records each export.",
            )}</p>
            <p class="muted">{move || tr(
                lang.get(),
                "ファイルにはお客さまの個人データが含まれます。安全な場所に保管してください。",
                "The files hold your customers' personal data: keep them somewhere safe.",
            )}</p>
            <div class="form__actions">
                // `download`: the router leaves the link to the browser, which saves the file.
                <a class="button button--primary" href=Format::CsvZip.path() download="">
                    {move || tr(lang.get(), "CSV（Excel用・zip）", "CSV (for Excel, zip)")}
                </a>
                <a class="button" href=Format::Json.path() download="">"JSON"</a>
            </div>
        </section>
    }
}
