//! A person's links, each with its large QR code when there is one (drawn on the server),
//! its label, its address and how often it was scanned.

use crate::i18n::td_string;
use leptos::prelude::*;

use crate::functions::links::LinkView;
use crate::lang::use_lang;

#[component]
pub fn QrList(links: Vec<LinkView>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="qr-list">
            {links.into_iter().map(|link| {
                let (label, address) = (link.label.clone(), link.address.clone());
                let scans = link.scans;
                view! {
                    <li class="qr-item">
                        {link.qr_svg.map(|svg| {
                            let (label, address) = (label.clone(), address.clone());
                            view! {
                                <div
                                    class="qr"
                                    role="img"
                                    aria-label=move || td_string!(lang.get(), common.qr_code_for, label = label.clone(), address = address.clone()).to_string()
                                    inner_html=svg
                                ></div>
                            }
                        })}
                        <span class="qr-item__label">{link.label}</span>
                        <span class="qr-item__address">{link.address}</span>
                        {scans.map(|n| view! {
                            <span class="qr-item__scans muted">{move || td_string!(lang.get(), common.scanned, count = n).to_string()}</span>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
