//! Downloads: a regular's printable card as SVG or PNG (staff), and their own data as JSON
//! (owner). Plain routes (a page cannot hand over a file), behind the same signed-in check as
//! every server function.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use joren::RegularId;
use joren_app::auth::{LOCKED, OWNER_ONLY, staff_in_session};
use joren_app::functions::printable::printable_cards;
use joren_app::lang::headers_lang;
use joren_app::printable::{CardSize, card_png, card_svg};
use joren_app::state::AppState;
use serde::Deserialize;
use tower_sessions::Session;

use crate::shops::RequestShop;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/regulars/{id}/card.svg", get(card_as_svg))
        .route("/regulars/{id}/card.png", get(card_as_png))
        .route("/regulars/{id}/data.json", get(personal_data))
        .route("/insights/{file}", get(insights_csv))
}

#[derive(Debug, Deserialize)]
struct PeriodQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// One insights chart's numbers as CSV (`/insights/visits-per-day.csv?period=…`). Owner only.
async fn insights_csv(
    State(state): State<AppState>,
    RequestShop(shop): RequestShop,
    session: Session,
    Path(requested): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Response {
    use joren::insights::{Chart, Period, csv, table};
    use joren_app::functions::insights::{page, today};

    let Some(chart) = requested.strip_suffix(".csv").and_then(Chart::parse) else {
        return (StatusCode::NOT_FOUND, "no such chart").into_response();
    };
    let (shop, _owner) = match signed_in(&state, shop, &session, Allowed::Owner).await {
        Ok(signed_in) => signed_in,
        Err(refused) => return refused,
    };
    let period = match Period::parse(
        &query.period,
        Some(&query.from),
        Some(&query.to),
        today(&shop),
    ) {
        Ok(period) => period,
        Err(error) => return (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    };
    let counts = match state.store.period_counts(&shop, &period).await {
        Ok(counts) => counts,
        Err(error) => return internal(error),
    };
    let figures = page::figures_of(&shop, &period, &counts);
    let named = match chart {
        Chart::RegularConnectors => page::regulars_named(&figures, None),
        _ => Vec::new(),
    };
    let regulars = match state.store.regular_names(&shop, &named).await {
        Ok(regulars) => regulars,
        Err(error) => return internal(error),
    };
    let rows = table(&figures, chart, &|id| {
        page::name_of(&counts, &regulars, chart, id)
    });
    let name = format!(
        "joren-{}-{}-{}.csv",
        chart.as_str(),
        period.first_day,
        period.last_day
    );
    file(csv(&rows), "text/csv; charset=utf-8", &name)
}

/// Who may download: anyone signed in, or only the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Allowed {
    Staff,
    Owner,
}

/// The request's shop and the member of staff signed in for it with this session, when they
/// may download; else the answer to send (401 locked, 403 staff on an owner's download, 500).
pub(crate) async fn signed_in(
    state: &AppState,
    shop: joren::Shop,
    session: &Session,
    allowed: Allowed,
) -> Result<(joren::Shop, joren::Staff), Response> {
    match staff_in_session(session, &state.store, &shop).await {
        Ok(Some(staff)) if allowed == Allowed::Staff || staff.role == joren::Role::Owner => {
            Ok((shop, staff))
        }
        Ok(Some(_)) => Err((StatusCode::FORBIDDEN, OWNER_ONLY).into_response()),
        Ok(None) => Err((StatusCode::UNAUTHORIZED, LOCKED).into_response()),
        Err(error) => Err(internal(error)),
    }
}

/// Everything kept about one regular, as a JSON file for them to take home. Owner only.
async fn personal_data(
    State(state): State<AppState>,
    RequestShop(shop): RequestShop,
    session: Session,
    Path(id): Path<i64>,
) -> Response {
    let (shop, _owner) = match signed_in(&state, shop, &session, Allowed::Owner).await {
        Ok(signed_in) => signed_in,
        Err(refused) => return refused,
    };
    let data = match state
        .store
        .personal_data(&shop, RegularId(id), joren::storage::now_millis())
        .await
    {
        Ok(Some(data)) => data,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such regular").into_response(),
        Err(error) => return internal(error),
    };
    match serde_json::to_vec_pretty(&data) {
        Ok(json) => file(
            json,
            "application/json; charset=utf-8",
            &format!("joren-regular-{id}.json"),
        ),
        Err(error) => internal(error),
    }
}

#[derive(Debug, Deserialize)]
struct Which {
    /// "card" or the link's place ("1"…"3").
    card: String,
    /// "a6" or "meishi".
    size: String,
}

enum Format {
    Svg,
    Png,
}

/// What a download request carries.
type Request = (
    State<AppState>,
    RequestShop,
    Session,
    Path<i64>,
    Query<Which>,
    HeaderMap,
);

async fn card_as_svg(
    state: State<AppState>,
    shop: RequestShop,
    session: Session,
    id: Path<i64>,
    which: Query<Which>,
    headers: HeaderMap,
) -> Response {
    download((state, shop, session, id, which, headers), Format::Svg).await
}

async fn card_as_png(
    state: State<AppState>,
    shop: RequestShop,
    session: Session,
    id: Path<i64>,
    which: Query<Which>,
    headers: HeaderMap,
) -> Response {
    download((state, shop, session, id, which, headers), Format::Png).await
}

async fn download(request: Request, format: Format) -> Response {
    let (State(state), RequestShop(shop), session, Path(id), Query(which), headers) = request;
    let Some(size) = CardSize::from_code(&which.size) else {
        return (StatusCode::BAD_REQUEST, "size is a6 or meishi").into_response();
    };
    let (shop, _staff) = match signed_in(&state, shop, &session, Allowed::Staff).await {
        Ok(signed_in) => signed_in,
        Err(refused) => return refused,
    };
    let regular = match state.store.regular(shop.id, RegularId(id)).await {
        Ok(Some(regular)) => regular,
        Ok(None) => return not_found(),
        Err(error) => return internal(error),
    };
    let cards = match printable_cards(&state, &shop, &regular, headers_lang(&headers)).await {
        Ok(cards) => cards,
        Err(error) => return internal(error),
    };
    let Some(svg) = cards
        .into_iter()
        .find(|(key, _)| *key == which.card)
        .and_then(|(_, card)| card_svg(&card, size))
    else {
        return not_found();
    };
    let name = format!("joren-card-{id}-{}-{}", which.card, size.code());
    match format {
        Format::Svg => file(svg.into_bytes(), "image/svg+xml", &format!("{name}.svg")),
        Format::Png => match tokio::task::spawn_blocking(move || card_png(&svg)).await {
            Ok(Ok(png)) => file(png, "image/png", &format!("{name}.png")),
            Ok(Err(error)) => internal(error),
            Err(error) => internal(error),
        },
    }
}

fn file(body: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .expect("the file name is ASCII");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "no such card").into_response()
}

fn internal(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "cannot make the download");
    (StatusCode::INTERNAL_SERVER_ERROR, "something went wrong").into_response()
}
