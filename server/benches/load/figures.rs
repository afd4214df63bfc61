//! A figure, its target, and the table and JSON they are reported in.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use hdrhistogram::Histogram;
use serde_json::json;

use crate::target_dir;

#[derive(Debug, Clone)]
pub(crate) struct Figure {
    pub(crate) name: &'static str,
    pub(crate) value: Option<f64>,
    pub(crate) unit: &'static str,
    pub(crate) target: Target,
    pub(crate) detail: String,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Target {
    AtMost(f64),
    AtLeast(f64),
    /// Measured to be known, with nothing to meet.
    Informational,
}

impl Figure {
    pub(crate) fn met(&self) -> Option<bool> {
        match (self.target, self.value) {
            (Target::AtMost(limit), Some(value)) => Some(value <= limit),
            (Target::AtLeast(limit), Some(value)) => Some(value >= limit),
            _ => None,
        }
    }

    pub(crate) fn target_text(&self) -> String {
        match self.target {
            Target::AtMost(limit) => format!("≤ {} {}", number(limit), self.unit),
            Target::AtLeast(limit) => format!("≥ {} {}", number(limit), self.unit),
            Target::Informational => "none (informational)".to_owned(),
        }
    }
}

pub(crate) fn number(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

pub(crate) fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("histogram bounds")
}

/// Microseconds → milliseconds at a quantile.
pub(crate) fn ms(histogram: &Histogram<u64>, quantile: f64) -> f64 {
    histogram.value_at_quantile(quantile) as f64 / 1000.0
}

pub(crate) fn report(figures: &[Figure]) -> ExitCode {
    let date = Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("\nJoren benchmark, {date}, {cores} cores\n");
    println!("| figure | value | target | met | detail |");
    println!("| --- | --- | --- | --- | --- |");
    for figure in figures {
        let value = figure
            .value
            .map(|v| format!("{} {}", number(v), figure.unit))
            .unwrap_or_else(|| "—".to_owned());
        let met = match figure.met() {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        println!(
            "| {} | {value} | {} | {met} | {} |",
            figure.name,
            figure.target_text(),
            figure.detail
        );
    }
    let json = json!({
        "date": date,
        "cores": cores,
        "figures": figures.iter().map(|f| json!({
            "figure": f.name,
            "value": f.value,
            "unit": f.unit,
            "target": f.target_text(),
            "met": f.met(),
            "detail": f.detail,
        })).collect::<Vec<_>>(),
    });
    let path = std::env::var_os("JOREN_BENCH_JSON")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("bench/load.json"));
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    match std::fs::write(
        &path,
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    ) {
        Ok(()) => println!("\nThe figures as JSON: {}", path.display()),
        Err(error) => eprintln!("cannot write {}: {error}", path.display()),
    }
    let missed: Vec<&str> = figures
        .iter()
        .filter(|f| f.met() == Some(false))
        .map(|f| f.name)
        .collect();
    if missed.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("missed: {}", missed.join("; "));
        ExitCode::FAILURE
    }
}
