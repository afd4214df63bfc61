//! Times as the shop reads them: in the shop's own time zone, whatever the server's is.

use joren::TimeZoneName;

use crate::i18n::td_string;
use crate::lang::Lang;

/// "2026年11月24日 18:05" or "24 Nov 2026, 18:05" in the shop's time zone, in the language's
/// own pattern (`date_time` in locales/<language>/common.json); UTC when the zone is unknown
/// to the built-in time zone database.
pub fn shop_time(millis: i64, zone: &TimeZoneName, lang: Lang) -> String {
    in_zone(millis, zone, td_string!(lang, common.date_time))
}

/// "11月12日" or "12 Nov": a recent day in the shop's time zone (`date` in
/// locales/<language>/common.json).
pub fn shop_date(millis: i64, zone: &TimeZoneName, lang: Lang) -> String {
    in_zone(millis, zone, td_string!(lang, common.date))
}

/// "2026-10-24": a day that may be in another year, in the shop's time zone, written as the
/// insights write their periods.
pub fn shop_day(millis: i64, zone: &TimeZoneName) -> String {
    in_zone(millis, zone, "%Y-%m-%d")
}

/// "18:05" in the shop's time zone: for today's lists.
pub fn shop_clock(millis: i64, zone: &TimeZoneName) -> String {
    in_zone(millis, zone, "%H:%M")
}

fn in_zone(millis: i64, zone: &TimeZoneName, format: &str) -> String {
    let Ok(timestamp) = jiff::Timestamp::from_millisecond(millis) else {
        return String::new();
    };
    let zone = jiff::tz::TimeZone::get(zone.as_str()).unwrap_or(jiff::tz::TimeZone::UTC);
    timestamp
        .to_zoned_datetime(zone)
        .strftime(format)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_shops_zone() {
        let tokyo = TimeZoneName::parse("Asia/Tokyo").unwrap();
        // 2026-11-24 09:05 UTC is 18:05 in Tokyo.
        assert_eq!(
            shop_time(1_795_511_100_000, &tokyo, Lang::ja),
            "2026年11月24日 18:05"
        );
        let berlin = TimeZoneName::parse("Europe/Berlin").unwrap();
        assert_eq!(
            shop_time(1_795_511_100_000, &berlin, Lang::en),
            "24 Nov 2026, 10:05"
        );
        // Early in the month, and early in the day: no padding on the day, the hour keeps it.
        assert_eq!(
            shop_time(1_793_577_900_000, &tokyo, Lang::en),
            "2 Nov 2026, 09:05"
        );
        assert_eq!(shop_clock(1_795_511_100_000, &tokyo), "18:05");
        assert_eq!(shop_date(1_795_511_100_000, &tokyo, Lang::ja), "11月24日");
        assert_eq!(shop_date(1_793_577_900_000, &tokyo, Lang::en), "2 Nov");
    }
}
