//! How the engine runs: isolation, workers, limits; and the parsers for the
//! flags that set them.

use std::path::PathBuf;
use std::time::Duration;

use super::death::Limits;

/// Where a file's work runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Isolation {
    /// One worker process per job slot: a reader that crashes, runs away
    /// with memory or stalls costs its file only.
    Process,
    /// Threads in this process: no protection from aborts, memory or time,
    /// for tests, benchmarks and platforms without processes to spare.
    None,
}

impl Isolation {
    /// Processes where the worker can limit itself; threads elsewhere.
    pub fn default_for_platform() -> Self {
        if cfg!(unix) {
            Isolation::Process
        } else {
            Isolation::None
        }
    }
}

#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub isolation: Isolation,
    /// Workers (or threads) at once, at least one.
    pub jobs: usize,
    pub limits: Limits,
    /// The mapping files the parent loaded, for workers to load alike; empty
    /// for the shipped mappings.
    pub mapping_files: Vec<PathBuf>,
    /// The verbosity flags to hand on to workers, so their logs match.
    pub log_flags: Vec<String>,
}

/// A memory size: bytes, or a number with K, M, G (powers of 1024, with or
/// without "iB"/"B"); `none` or `0` for no limit.
pub fn parse_size(text: &str) -> Result<Option<u64>, String> {
    let trimmed = text.trim();
    if trimmed.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let digits_end = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits_end);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as 2G, 512M or none"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return Err(format!("`{text}`: unknown unit `{unit}`; use K, M or G")),
    };
    let bytes = number * scale as f64;
    if !bytes.is_finite() || bytes >= u64::MAX as f64 {
        return Err(format!("`{text}` is too large"));
    }
    Ok(Some(bytes as u64).filter(|&b| b > 0))
}

/// A duration: seconds (`60`, `1.5`), or with a unit (`500ms`, `90s`,
/// `2m`); `none` or `0` for no limit.
pub fn parse_duration(text: &str) -> Result<Option<Duration>, String> {
    let trimmed = text.trim();
    if trimmed.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let digits_end = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits_end);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 60, 90s or 500ms"))?;
    let seconds = match unit.trim() {
        "" | "s" => number,
        "ms" => number / 1000.0,
        "m" | "min" => number * 60.0,
        _ => return Err(format!("`{text}`: unknown unit `{unit}`; use ms, s or m")),
    };
    Duration::try_from_secs_f64(seconds)
        .map(|time| Some(time).filter(|t| !t.is_zero()))
        .map_err(|_| format!("`{text}` is not a usable duration"))
}

/// The flag's value as clap wants it: a type of its own, since `Option`
/// would make clap treat the flag as optional rather than "none" as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryLimit(pub Option<u64>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeLimit(pub Option<Duration>);

pub fn memory_limit(text: &str) -> Result<MemoryLimit, String> {
    parse_size(text).map(MemoryLimit)
}

pub fn time_limit(text: &str) -> Result<TimeLimit, String> {
    parse_duration(text).map(TimeLimit)
}

/// A polling interval must be a real one.
pub fn interval(text: &str) -> Result<Duration, String> {
    parse_duration(text)?.ok_or_else(|| format!("`{text}`: the interval must be above zero"))
}

/// All cores, or one where the count is unknown.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2G"), Ok(Some(2 << 30)));
        assert_eq!(parse_size("2GiB"), Ok(Some(2 << 30)));
        assert_eq!(parse_size("512m"), Ok(Some(512 << 20)));
        assert_eq!(parse_size("1.5 G"), Ok(Some(3 << 29)));
        assert_eq!(parse_size("1000"), Ok(Some(1000)));
        assert_eq!(parse_size("none"), Ok(None));
        assert_eq!(parse_size("0"), Ok(None));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("2X").is_err());
        assert!(parse_size("1e30").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("60"), Ok(Some(Duration::from_secs(60))));
        assert_eq!(parse_duration("90s"), Ok(Some(Duration::from_secs(90))));
        assert_eq!(
            parse_duration("500ms"),
            Ok(Some(Duration::from_millis(500)))
        );
        assert_eq!(parse_duration("2m"), Ok(Some(Duration::from_secs(120))));
        assert_eq!(parse_duration("none"), Ok(None));
        assert!(parse_duration("-1").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(interval("0").is_err());
    }
}
