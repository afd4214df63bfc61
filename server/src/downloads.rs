//! Downloads: a regular's printable card as SVG or PNG (staff), and their own data as JSON
//! (owner). Plain routes (a page cannot hand over a file), behind the same signed-in check as
//! every server function.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use joren::RegularId;
use joren_app::error::{AppError, Missing};
use joren_app::functions::printable::printable_cards;
use joren_app::lang::headers_lang;
use joren_app::printable::{CardSize, card_png, card_svg};
use joren_app::state::AppState;
use serde::Deserialize;
use tower_sessions::Session;

use crate::shops::RequestShop;
use crate::signed_in::{Allowed, signed_in};

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
) -> Result<Response, AppError> {
    use joren::insights::{Chart, Period, csv, table};
    use joren_app::functions::insights::{page, today};

    let chart = requested
        .strip_suffix(".csv")
        .and_then(Chart::parse)
        .ok_or(AppError::NotFound(Missing::Chart))?;
    let (shop, _owner) = signed_in(&state, shop, &session, Allowed::Owner).await?;
    let period = Period::parse(
        &query.period,
        Some(&query.from),
        Some(&query.to),
        today(&shop),
    )
    .map_err(|error| AppError::Invalid(error.to_string()))?;
    let counts = state.store.period_counts(&shop, &period).await?;
    let figures = page::figures_of(&shop, &period, &counts);
    let named = match chart {
        Chart::RegularConnectors => page::regulars_named(&figures, &[], None),
        _ => Vec::new(),
    };
    let regulars = state.store.regular_names(&shop, &named).await?;
    let rows = table(&figures, chart, &|id| {
        page::name_of(&counts, &regulars, chart, id)
    });
    let name = format!(
        "joren-{}-{}-{}.csv",
        chart.as_str(),
        period.first_day,
        period.last_day
    );
    Ok(file(csv(&rows), "text/csv; charset=utf-8", &name))
}

/// Everything kept about one regular, as a JSON file for them to take home. Owner only.
async fn personal_data(
    State(state): State<AppState>,
    RequestShop(shop): RequestShop,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (shop, _owner) = signed_in(&state, shop, &session, Allowed::Owner).await?;
    let data = state
        .store
        .personal_data(&shop, RegularId(id), joren::storage::now_millis())
        .await?
        .ok_or(AppError::NotFound(Missing::Regular))?;
    let json = serde_json::to_vec_pretty(&data).map_err(AppError::internal)?;
    Ok(file(
        json,
        "application/json; charset=utf-8",
        &format!("joren-regular-{id}.json"),
    ))
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
) -> Result<Response, AppError> {
    download((state, shop, session, id, which, headers), Format::Svg).await
}

async fn card_as_png(
    state: State<AppState>,
    shop: RequestShop,
    session: Session,
    id: Path<i64>,
    which: Query<Which>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    download((state, shop, session, id, which, headers), Format::Png).await
}

async fn download(request: Request, format: Format) -> Result<Response, AppError> {
    let (State(state), RequestShop(shop), session, Path(id), Query(which), headers) = request;
    let size = CardSize::from_code(&which.size)
        .ok_or_else(|| AppError::Invalid("size is a6 or meishi".into()))?;
    let (shop, _staff) = signed_in(&state, shop, &session, Allowed::Staff).await?;
    let regular = state
        .store
        .regular(shop.id, RegularId(id))
        .await?
        .ok_or(AppError::NotFound(Missing::Regular))?;
    let cards = printable_cards(&state, &shop, &regular, headers_lang(&headers)).await?;
    let svg = cards
        .into_iter()
        .find(|(key, _)| *key == which.card)
        .and_then(|(_, card)| card_svg(&card, size))
        .ok_or(AppError::NotFound(Missing::Card))?;
    let name = format!("joren-card-{id}-{}-{}", which.card, size.code());
    Ok(match format {
        Format::Svg => file(svg.into_bytes(), "image/svg+xml", &format!("{name}.svg")),
        Format::Png => {
            let png = tokio::task::spawn_blocking(move || card_png(&svg))
                .await
                .map_err(AppError::internal)?
                .map_err(AppError::internal)?;
            file(png, "image/png", &format!("{name}.png"))
        }
    })
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
