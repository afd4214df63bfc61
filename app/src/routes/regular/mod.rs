//! `/regulars/:id`: a regular's card — who they are, their consents, stamps and rewards,
//! and every visit. `/regulars/:id/edit` changes the profile.

pub mod data;
pub mod edit;
pub mod print;

use crate::components::page_title::PageTitle;
use crate::i18n::td_string;
use crate::words::called;
use joren::check_in::{LedgerKind, Redeem};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::qr_list::QrList;
use crate::components::stamp_card::StampCard;
use crate::components::suspended::suspended;
use crate::components::table_scroll::TableScroll;
use crate::components::text_field::{TextField, problem_of};
use crate::components::unavailable::unavailable;
use crate::error::AppError;
use crate::functions::data_care::EraseRegular;
use crate::functions::introductions::IntroductionView;
use crate::functions::links::LinkView;
use crate::functions::register::RedeemReward;
use crate::functions::regulars::{
    BroughtLine, CarryOverOutcome, CarryOverPaperCard, RegularCard, get_regular,
};
use crate::lang::{Text, use_lang};
use crate::problems::Field;
use crate::routes::introduce::introduce_href;
use crate::words::outcome_words;

/// The id in the address, when it is a number.
pub(crate) fn regular_id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse().ok())))
}

/// The card of the regular in the address, read again when `version` changes; `None` when
/// the address names no regular of this shop.
pub(crate) fn card_of(
    id: Memo<Option<i64>>,
    version: Signal<usize>,
) -> Resource<Result<Option<RegularCard>, AppError>> {
    Resource::new(
        move || (id.get(), version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_regular(id).await,
                None => Ok(None),
            }
        },
    )
}

#[component]
pub fn RegularScreen() -> impl IntoView {
    let id = regular_id_param();
    let redeem = ServerAction::<RedeemReward>::new();
    let carry = ServerAction::<CarryOverPaperCard>::new();
    let card = card_of(
        id,
        Signal::derive(move || redeem.version().get() + carry.version().get()),
    );
    let content = move || {
        Suspend::new(async move {
            match card.await {
                Ok(Some(card)) => card_view(card, redeem, carry).into_any(),
                Ok(None) => unavailable(None),
                Err(error) => unavailable(Some(&error)),
            }
        })
    };
    view! {
        <PageTitle text=|l| td_string!(l, regular.regulars_card)/>
        <Transition fallback=|| view! { <main class="screen"></main> }>{suspended(content)}</Transition>
    }
}

fn card_view(
    card: RegularCard,
    redeem: ServerAction<RedeemReward>,
    carry: ServerAction<CarryOverPaperCard>,
) -> impl IntoView {
    let lang = use_lang();
    let regular = card.regular;
    let id = regular.id;
    let nickname = regular.nickname.clone();
    let available = regular.card.rewards_available();
    let reward = card.reward.clone();
    let redeem_message = move || {
        redeem
            .value()
            .get()
            .and_then(Result::ok)
            .map(|outcome| match outcome {
                Redeem::Redeemed { .. } => {
                    td_string!(lang.get(), regular.reward_handed_over_and_recorded)
                }
                Redeem::NoneAvailable => td_string!(lang.get(), regular.there_is_no_reward_to),
            })
    };
    let tags = |label: Text, items: Vec<String>| {
        (!items.is_empty()).then(|| view! {
            <div class="tags-row">
                <dt>{move || label(lang.get())}</dt>
                <dd><ul class="tags">{items.into_iter().map(|tag| view! { <li class="tag">{tag}</li> }).collect_view()}</ul></dd>
            </div>
        })
    };
    let consent = |given: Option<String>, label: Text| {
        view! {
            <li class="consent" class:consent--given=given.is_some()>
                {move || label(lang.get())}
                ": "
                {match given.clone() {
                    Some(since) => view! { <span>{move || td_string!(lang.get(), regular.consent_given, since = since.clone()).to_string()}</span> }.into_any(),
                    None => view! { <span>{move || td_string!(lang.get(), regular.not_given)}</span> }.into_any(),
                }}
            </li>
        }
    };

    let profile_section = view! {
                <section class="card card--form" aria-labelledby="profile-title">
                    <h2 id="profile-title">{move || td_string!(lang.get(), regular.profile)}</h2>
                    <dl class="profile">
                        {regular.reading.map(|reading| {
                            view! { <div class="tags-row"><dt>{move || td_string!(lang.get(), regular.reading)}</dt><dd>{reading}</dd></div> }
                        })}
                        {regular.tagline.map(|tagline| {
                            view! { <div class="tags-row"><dt>{move || td_string!(lang.get(), regular.tagline)}</dt><dd>{tagline}</dd></div> }
                        })}
                        {tags(|l| td_string!(l, regular.interests), regular.interests)}
                        {tags(|l| td_string!(l, regular.offers), regular.offers)}
                        {tags(|l| td_string!(l, regular.looking_for), regular.looking_for)}
                        {regular.notes.map(|notes| {
                            view! { <div class="tags-row"><dt>{move || td_string!(lang.get(), regular.staff_notes)}</dt><dd class="notes">{notes}</dd></div> }
                        })}
                        {brought_rows(card.came_with, card.brought)}
                    </dl>
                    <ul class="consents" aria-label=move || td_string!(lang.get(), regular.consents)>
                        {consent(card.may_be_introduced_since.clone(), |l| td_string!(l, regular.introductions))}
                        {consent(card.may_show_links_since.clone(), |l| td_string!(l, regular.showing_links))}
                    </ul>
                    <p class="muted">{move || td_string!(lang.get(), regular.regular_since, since = card.since.clone(), count = regular.visits).to_string()}</p>
                </section>
    }
    .into_any();
    // What the screen shows: a tap sent twice hands over one reward.
    let handed_over = regular.card.rewards_redeemed;
    let stamps_section = view! {
                <section class="card card--form" aria-labelledby="stamps-title">
                    <h2 id="stamps-title">{move || td_string!(lang.get(), regular.stamp_card)}</h2>
                    <StampCard card=regular.card stamps_per_card=card.stamps_per_card/>
                    {(available > 0).then(|| view! {
                        <div class="reward">
                            <p><strong>{move || td_string!(lang.get(), regular.rewards_waiting, count = available).to_string()}</strong>{reward.clone()}</p>
                            <button type="button" class="button button--primary" disabled=move || redeem.pending().get() aria-busy=move || redeem.pending().get().then_some("true")
                                on:click=move |_| { redeem.dispatch(RedeemReward { regular_id: id, handed_over: Some(handed_over) }); }>
                                {move || td_string!(lang.get(), regular.reward_handed_over)}
                            </button>
                        </div>
                    })}
                    <p role="status">{redeem_message}</p>
                    <h3>{move || td_string!(lang.get(), regular.rewards)}</h3>
                    {card.ledger.is_empty().then(|| view! { <p class="muted">{move || td_string!(lang.get(), regular.none_yet)}</p> })}
                    <ul class="ledger">
                        {card.ledger.into_iter().map(|line| {
                            let kind = line.kind;
                            let by = line.by;
                            let what = match (kind, line.stamps) {
                                (LedgerKind::ThankYou, _) => Signal::derive(move || td_string!(lang.get(), regular.for_bringing_a_newcomer).to_owned()),
                                (_, Some(stamps)) => Signal::derive(move || td_string!(lang.get(), regular.paper_card_stamps, count = stamps).to_string()),
                                (_, None) => Signal::stored(line.reward),
                            };
                            view! {
                                <li>
                                    <span class="audit__time">{line.at}</span>" "
                                    {move || match kind {
                                        LedgerKind::Earned => td_string!(lang.get(), regular.earned),
                                        LedgerKind::Redeemed => td_string!(lang.get(), regular.redeemed),
                                        LedgerKind::TakenBack => td_string!(lang.get(), regular.taken_back),
                                        LedgerKind::CarriedOver => td_string!(lang.get(), regular.carried_over),
                                        LedgerKind::ThankYou => td_string!(lang.get(), regular.thank_you),
                                    }}
                                    " · " {what} " · " {by}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {card.may_carry_over.then(|| paper_card_form(id, card.stamps_per_card, carry))}
                </section>
    }
    .into_any();
    let visits_section = view! {
                <section class="card card--form regular__visits" aria-labelledby="visits-title">
                    <h2 id="visits-title">{move || td_string!(lang.get(), regular.visits)}</h2>
                    {card.visits.is_empty().then(|| view! { <p class="muted">{move || td_string!(lang.get(), regular.none_yet)}</p> })}
                    <TableScroll labelled_by="visits-title">
                        <table class="audit">
                            <thead>
                                <tr>
                                    <th scope="col">{move || td_string!(lang.get(), regular.checked_in)}</th>
                                    <th scope="col">{move || td_string!(lang.get(), regular.by)}</th>
                                    <th scope="col">{move || td_string!(lang.get(), regular.stamp)}</th>
                                    <th scope="col">{move || td_string!(lang.get(), regular.left)}</th>
                                    <th scope="col">{move || td_string!(lang.get(), regular.undone)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {card.visits.into_iter().map(|visit| {
                                    let undone = visit.undone.clone().map(|at| format!("{at} {}", visit.undone_by.clone().unwrap_or_default()));
                                    let stamped = visit.stamped;
                                    let earned = visit.earned_reward;
                                    let is_undone = undone.is_some();
                                    view! {
                                        <tr class:visit--undone=is_undone>
                                            <td class="audit__time">{visit.at}</td>
                                            <td>{visit.by}</td>
                                            <td>{move || match (stamped, earned) {
                                                (true, true) => td_string!(lang.get(), regular.yes_reward_earned),
                                                (true, false) => td_string!(lang.get(), regular.yes),
                                                (false, _) => td_string!(lang.get(), regular.no),
                                            }}</td>
                                            <td class="audit__time">{visit.left_at}</td>
                                            <td>{undone}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableScroll>
                </section>
    }
    .into_any();

    let met_section = met_here(id, card.met);
    let data_section = card.viewer_is_owner.then(|| data_care(id));
    let links_section = links_view(id, card.links, card.public_card);

    view! {
        <div class="regular">
            <header class="topbar">
                <a class="button" href="/">{move || td_string!(lang.get(), regular.back_to_the_register)}</a>
                <h1 class="topbar__title">{nickname.clone()}</h1>
                <a class="button" href=introduce_href(Some(id), None)>{move || td_string!(lang.get(), regular.introduce)}</a>
                <a class="button button--primary" href=format!("/regulars/{id}/edit")>{move || td_string!(lang.get(), regular.edit)}</a>
            </header>
            <main class="screen regular__main">
                {profile_section}
                {stamps_section}
                {links_section}
                {met_section}
                {visits_section}
                {data_section}
            </main>
        </div>
    }
}

/// For the owner: carry over the stamps of a paper card the regular brought, once. The card
/// is read again after it (the form then goes).
fn paper_card_form(
    id: i64,
    stamps_per_card: u32,
    carry: ServerAction<CarryOverPaperCard>,
) -> AnyView {
    let lang = use_lang();
    let problems = Signal::derive(move || match carry.value().get() {
        Some(Ok(CarryOverOutcome::Invalid(problems))) => problems,
        _ => Vec::new(),
    });
    // Carried over already (another tablet) needs no word of its own: the card is read
    // again, shows the paper card in its history, and this form goes.
    let refused = move || matches!(carry.value().get(), Some(Err(_)));
    let max = stamps_per_card.saturating_sub(1);
    view! {
        <details class="paper-card" open=move || !problems.get().is_empty()>
            <summary class="button">{move || td_string!(lang.get(), regular.carry_over_a_paper_card)}</summary>
            <ActionForm action=carry attr:class="form" attr:novalidate=true>
                <input type="hidden" name="regular_id" value=id.to_string()/>
                <p class="muted">{move || td_string!(lang.get(), regular.paper_card_once, max = max).to_string()}</p>
                <TextField
                    name="paper_stamps"
                    label=Signal::derive(move || td_string!(lang.get(), regular.stamps_on_the_paper_card).to_owned())
                    problem=problem_of(problems, Field::PaperStamps)
                    numeric=true
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" disabled=move || carry.pending().get() aria-busy=move || carry.pending().get().then_some("true")>
                        {move || td_string!(lang.get(), regular.carry_over)}
                    </button>
                </div>
            </ActionForm>
        </details>
        <Show when=refused>
            <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), regular.the_paper_card_could_not)}</p>
        </Show>
    }
    .into_any()
}

/// For the owner: the regular's own data on request, and their erasure (a second step asks
/// again before anything is erased).
fn data_care(id: i64) -> AnyView {
    let lang = use_lang();
    let erase = ServerAction::<EraseRegular>::new();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(true)) = erase.value().get() {
            navigate("/", Default::default());
        }
    });
    let failed = move || matches!(erase.value().get(), Some(Err(_)) | Some(Ok(false)));
    view! {
        <section class="card card--form data-care" aria-labelledby="data-care-title">
            <h2 id="data-care-title">{move || td_string!(lang.get(), regular.their_data)}</h2>
            <p class="muted">{move || td_string!(lang.get(), regular.when_they_ask_show_them)}</p>
            <a class="button" href=format!("/regulars/{id}/data")>{move || td_string!(lang.get(), regular.see_their_own_data)}</a>
            <details class="erase">
                <summary class="button button--danger">{move || td_string!(lang.get(), regular.erase_this_regulars_data)}</summary>
                <div class="erase__confirm">
                    <p>{move || td_string!(lang.get(), regular.their_nickname_profile_notes_links)}</p>
                    <button type="button" class="button button--danger" disabled=move || erase.pending().get() aria-busy=move || erase.pending().get().then_some("true")
                        on:click=move |_| { erase.dispatch(EraseRegular { regular_id: id }); }>
                        {move || td_string!(lang.get(), regular.erase_cannot_be_undone)}
                    </button>
                </div>
            </details>
            <Show when=failed>
                <p class="notice notice--error" role="alert">{move || td_string!(lang.get(), regular.it_could_not_be_erased)}</p>
            </Show>
        </section>
    }
    .into_any()
}

/// Who brought this regular to the shop, and the newcomers they brought, each a link to
/// their card with the day they came.
fn brought_rows(came_with: Option<BroughtLine>, brought: Vec<BroughtLine>) -> impl IntoView {
    let lang = use_lang();
    let person = |line: BroughtLine| {
        view! {
            <li>
                <a href=format!("/regulars/{}", line.regular)>{line.nickname}</a>
                " "
                <span class="muted">{line.at}</span>
            </li>
        }
    };
    let row = move |label: Text, people: Vec<BroughtLine>| {
        (!people.is_empty()).then(|| {
            view! {
                <div class="tags-row">
                    <dt>{move || label(lang.get())}</dt>
                    <dd><ul class="brought">{people.into_iter().map(person).collect_view()}</ul></dd>
                </div>
            }
        })
    };
    view! {
        {row(|l| td_string!(l, regular.came_with), came_with.into_iter().collect())}
        {row(|l| td_string!(l, regular.brought), brought)}
    }
}

/// The people this regular met here: with whom, when, by whose introduction, and what it led
/// to as of now.
fn met_here(id: i64, met: Vec<IntroductionView>) -> AnyView {
    let lang = use_lang();
    let empty = met.is_empty();
    view! {
        <section class="card card--form" aria-labelledby="met-here-title">
            <h2 id="met-here-title">{move || td_string!(lang.get(), regular.met_here)}</h2>
            {empty.then(|| view! { <p class="muted">{move || td_string!(lang.get(), regular.nobody_yet)}</p> })}
            <ul class="met-list">
                {met.into_iter().map(|introduction| {
                    let (other_id, other) = if introduction.first.0 == id {
                        introduction.second.clone()
                    } else {
                        introduction.first.clone()
                    };
                    let outcome = introduction.outcomes.first().map(|line| line.outcome);
                    let by = introduction.by.clone();
                    let at = introduction.at.clone();
                    // Who introduced them, when the record names them.
                    let when = move || match &by {
                        Some(by) => td_string!(lang.get(), regular.met_via, at = at.clone(), by = called(by, lang.get())).to_string(),
                        None => at.clone(),
                    };
                    view! {
                        <li class="met">
                            <a class="met__name" href=format!("/regulars/{other_id}")>{other}</a>
                            <span class="met__when">{when}</span>
                            <span class="met__outcome">{move || match outcome {
                                Some(outcome) => outcome_words(outcome, lang.get()),
                                None => td_string!(lang.get(), regular.not_followed_up_yet),
                            }}</span>
                            <a class="button button--small" href=format!("/introductions/{}", introduction.id)>
                                {move || td_string!(lang.get(), regular.follow_up)}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// Their links, each with a large QR code for another regular's phone, when they agreed to
/// show them; only the addresses otherwise. With the consent, their public card and the
/// printable card too.
fn links_view(id: i64, links: Vec<LinkView>, public_card: Option<String>) -> Option<AnyView> {
    let lang = use_lang();
    if links.is_empty() {
        return None;
    }
    let shown = links.iter().any(|link| link.qr_svg.is_some());
    Some(
        view! {
            <section class="card card--form links" aria-labelledby="links-title">
                <h2 id="links-title">{move || td_string!(lang.get(), regular.links_and_qr_codes)}</h2>
                {(!shown).then(|| view! {
                    <p class="muted">{move || td_string!(lang.get(), regular.qr_codes_are_shown_only)}</p>
                })}
                <QrList links=links/>
                {shown.then(|| view! {
                    <div class="links__more">
                        <a class="button" href=format!("/regulars/{id}/print")>
                            {move || td_string!(lang.get(), regular.printable_card)}
                        </a>
                        {public_card.map(|url| view! {
                            <p class="links__public">
                                {move || td_string!(lang.get(), regular.public_card)}
                                <a href=url.clone() target="_blank" rel="noopener">{url.clone()}</a>
                            </p>
                        })}
                    </div>
                })}
            </section>
        }
        .into_any(),
    )
}
