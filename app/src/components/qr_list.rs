//! A person's links, each with its large QR code when there is one (drawn on the server).

use leptos::prelude::*;

use crate::functions::regulars::LinkView;
use crate::lang::{Lang, use_lang};

#[component]
pub fn QrList(links: Vec<LinkView>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="qr-list">
            {links.into_iter().map(|link| {
                let label = link.label.clone();
                view! {
                    <li class="qr-item">
                        {link.qr_svg.map(|svg| {
                            let label = label.clone();
                            view! {
                                <div
                                    class="qr"
                                    role="img"
                                    aria-label=move || match lang.get() {
                                        Lang::Ja => format!("{label} のQRコード"),
                                        Lang::En => format!("QR code for {label}"),
                                    }
                                    inner_html=svg
                                ></div>
                            }
                        })}
                        <span class="qr-item__label">{link.label}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
