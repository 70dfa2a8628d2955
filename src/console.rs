//! The console: a progress bar on stderr while a batch runs (only on a
//! terminal), log lines that do not tear it, and a closing summary that
//! fits on one screen however large the batch.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use kpi_audit::report::Report;

use kpi_audit::discover::{SkipReason, Skipped};

use crate::batch::{CopyFailure, Progress, RunReport};

/// The bar being shown, if any. Global because log lines from any thread
/// (tracing, worker stderr) must clear it before printing and redraw it
/// after.
static BAR: Mutex<Option<Bar>> = Mutex::new(None);

/// Redrawing more often than this only costs time.
const REDRAW_EVERY: Duration = Duration::from_millis(100);
const BAR_WIDTH: usize = 24;
/// Beyond this many lines, per-person lines would bury the summary (the
/// shipped samples, 42 people, still get theirs).
const MOST_DETAIL_LINES: usize = 60;

struct Bar {
    stage: String,
    total: usize,
    done: usize,
    started: Instant,
    drawn_at: Option<Instant>,
}

impl Bar {
    fn line(&self) -> String {
        let filled = (self.done * BAR_WIDTH)
            .checked_div(self.total)
            .unwrap_or(BAR_WIDTH);
        let elapsed = self.started.elapsed().as_secs_f64();
        // A rate over the first instants would be noise.
        let rate = match self.done as f64 / elapsed {
            _ if elapsed < 0.5 => "–".to_string(),
            rate if rate < 100.0 => format!("{rate:.1}"),
            rate => format!("{rate:.0}"),
        };
        format!(
            "{:<14} [{}{}] {}/{} files  {rate}/s  {}",
            self.stage,
            "#".repeat(filled),
            "-".repeat(BAR_WIDTH - filled),
            self.done,
            self.total,
            clock(self.started.elapsed()),
        )
    }

    fn draw(&mut self, err: &mut impl Write) {
        let _ = write!(err, "\r\x1b[2K{}", self.line());
        let _ = err.flush();
        self.drawn_at = Some(Instant::now());
    }
}

fn with_bar<T>(f: impl FnOnce(&mut Option<Bar>) -> T) -> T {
    f(&mut BAR.lock().unwrap_or_else(PoisonError::into_inner))
}

fn clear(err: &mut impl Write) {
    let _ = write!(err, "\r\x1b[2K");
}

/// Progress shown as a bar on stderr, or not at all.
pub struct TerminalProgress {
    enabled: bool,
}

impl TerminalProgress {
    /// A bar only for a person watching: stderr is a terminal and not -q.
    pub fn new(quiet: bool) -> Self {
        Self {
            enabled: !quiet && io::stderr().is_terminal(),
        }
    }
}

impl Progress for TerminalProgress {
    fn start(&mut self, stage: &str, total: usize) {
        if !self.enabled {
            return;
        }
        with_bar(|bar| {
            let mut new = Bar {
                stage: stage.to_string(),
                total,
                done: 0,
                started: Instant::now(),
                drawn_at: None,
            };
            new.draw(&mut io::stderr().lock());
            *bar = Some(new);
        });
    }

    fn advance(&mut self) {
        with_bar(|bar| {
            if let Some(bar) = bar {
                bar.done += 1;
                if bar.drawn_at.is_none_or(|at| at.elapsed() >= REDRAW_EVERY) {
                    bar.draw(&mut io::stderr().lock());
                }
            }
        });
    }

    fn finish(&mut self) {
        with_bar(|bar| {
            if bar.take().is_some() {
                clear(&mut io::stderr().lock());
            }
        });
    }
}

/// Prints a log line above the bar.
pub fn log_line(line: &str) {
    let line = log_shown(line);
    with_bar(|bar| {
        let mut err = io::stderr().lock();
        if bar.is_some() {
            clear(&mut err);
        }
        let _ = writeln!(err, "{line}");
        if let Some(bar) = bar {
            bar.draw(&mut err);
        }
    });
}

/// Clears the bar before the process exits on a signal.
pub fn clear_for_exit() {
    if let Ok(bar) = BAR.try_lock()
        && bar.is_some()
    {
        clear(&mut io::stderr().lock());
    }
}

/// tracing's writer: gathers one event, then prints it through [`log_line`]
/// so that it does not tear the bar.
pub struct LogWriter(Vec<u8>);

impl LogWriter {
    pub fn make() -> Self {
        LogWriter(Vec::new())
    }
}

impl Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        if !self.0.is_empty() {
            log_line(String::from_utf8_lossy(&self.0).trim_end_matches('\n'));
        }
    }
}

/// A line per person (or per file not scored), when they fit on a screen.
pub fn print_results(report: &Report) {
    let lines: usize = report
        .files
        .iter()
        .map(|file| file.people.len().max(usize::from(file.failure.is_some())))
        .sum();
    if lines > MOST_DETAIL_LINES {
        println!("({lines} people and files: one line each is in summary.xlsx)");
        return;
    }
    for file in &report.files {
        let name = shown(&file.file);
        if let Some(failure) = file.failure {
            println!("{name}  not scored: {}", shown(&failure.message.en));
        }
        let matched = match (&file.matched, file.form) {
            (Some(matched), Some(form)) if matched.score < 100 => {
                format!("  matches {} {}%", shown(form), matched.score)
            }
            _ => String::new(),
        };
        for person in &file.people {
            let (e, w) = (person.errors, person.warnings);
            let total = person
                .total
                .map_or_else(|| "not recomputed".to_string(), |total| total.to_string());
            let person = shown(person.name.unwrap_or("?"));
            println!("{name}  {person}  total {total}  {e} errors, {w} warnings{matched}");
        }
    }
}

/// What a batch's results add up to, counted as report.json counts them
/// (a file not scored is one error).
pub struct Counts {
    pub people: usize,
    pub errors: usize,
    pub warnings: usize,
    pub unscored: usize,
}

impl Counts {
    pub fn of(report: &Report) -> Self {
        Counts {
            people: report.people().count(),
            errors: report.errors,
            warnings: report.warnings,
            unscored: report.files.iter().filter(|f| f.failure.is_some()).count(),
        }
    }
}

/// The closing summary: files, people, findings, files not scored by
/// reason, what the search skipped, copies not written, time.
pub fn print_closing(run: &RunReport, report: &Report, out: &Path, workers: usize) {
    let results = &report.files;
    let Counts {
        people,
        errors,
        warnings,
        unscored: failed,
    } = Counts::of(report);
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for failure in results.iter().filter_map(|file| file.failure) {
        *reasons.entry(reason_of(&failure.message.en)).or_default() += 1;
    }
    let elapsed = run.started.elapsed();
    println!();
    println!(
        "files       {} read: {} scored, {failed} not scored",
        results.len(),
        results.len() - failed
    );
    println!("people      {people}");
    println!("findings    {errors} errors, {warnings} warnings");
    print_reasons(reasons);
    print_skipped(&run.skipped);
    print_copy_failures(&run.copy_failures);
    let rate = results.len() as f64 / elapsed.as_secs_f64().max(0.001);
    println!(
        "time        {} ({rate:.1} files/s, {workers} {})",
        clock(elapsed),
        if workers == 1 { "worker" } else { "workers" }
    );
    println!("results in  {}", out.display());
}

/// The most common reasons first; the tail folded into one line.
fn print_reasons(reasons: BTreeMap<String, usize>) {
    const SHOWN: usize = 8;
    let mut reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (index, (reason, count)) in reasons.iter().enumerate().take(SHOWN) {
        let label = if index == 0 { "not scored" } else { "" };
        println!("{label:<10}  {count:>5}  {reason}");
    }
    let rest: usize = reasons.iter().skip(SHOWN).map(|(_, n)| n).sum();
    if rest > 0 {
        println!("            {rest:>5}  other reasons (see summary.xlsx)");
    }
}

/// What the search of the inputs left out, by reason, with an example.
fn print_skipped(skipped: &[Skipped]) {
    let mut by_reason: BTreeMap<SkipReason, Vec<&Skipped>> = BTreeMap::new();
    for one in skipped {
        by_reason.entry(one.reason).or_default().push(one);
    }
    for (index, (reason, all)) in by_reason.iter().enumerate() {
        let label = if index == 0 { "skipped" } else { "" };
        let example = shown_path(&all[0].path);
        let more = if all.len() > 1 { ", …" } else { "" };
        println!(
            "{label:<10}  {:>5}  {} ({example}{more})",
            all.len(),
            reason.describe()
        );
    }
}

fn print_copy_failures(failures: &[CopyFailure]) {
    const SHOWN: usize = 5;
    for (index, failure) in failures.iter().enumerate().take(SHOWN) {
        let label = if index == 0 { "no copy" } else { "" };
        println!(
            "{label:<10}  {}: {}",
            shown_path(&failure.input.relative),
            shown(&failure.problem.message.en)
        );
    }
    if failures.len() > SHOWN {
        println!("            and {} more", failures.len() - SHOWN);
    }
}

/// A reason without its detail ("damaged or not a spreadsheet: Zip error:
/// …" reads as "damaged or not a spreadsheet"), so that alike files group.
fn reason_of(message: &str) -> String {
    let end = [message.find(": "), message.find(" (")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(message.len());
    message[..end].to_string()
}

/// Longest text shown for one value on the console.
const LONGEST_SHOWN: usize = 80;

/// Text from a workbook or a file name as the terminal may show it: control
/// characters (an escape sequence that would clear the screen or retitle
/// the window, a line break that would fake a line) escaped, and a long
/// value cut with an ellipsis.
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == LONGEST_SHOWN {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A log line as the terminal may show it: log messages quote workbook
/// text (sheet names), so control characters are escaped as [`shown`]
/// escapes them, except the colour sequences (`ESC [ … m`) the logger
/// itself writes.
fn log_shown(line: &str) -> Cow<'_, str> {
    if !line.contains(|c: char| c.is_control()) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let colour = rest.strip_prefix("\u{1b}[").and_then(|tail| {
            let end = tail.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            tail[end..].starts_with('m').then_some(2 + end + 1)
        });
        if let Some(length) = colour {
            out.push_str(&rest[..length]);
            rest = &rest[length..];
            continue;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// A path as [`shown`] shows text (a name that is not UTF-8 with
/// replacement characters).
pub fn shown_path(path: &Path) -> String {
    shown(&path.to_string_lossy())
}

fn clock(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.1} s")
    } else {
        let whole = elapsed.as_secs();
        format!("{}:{:02} min", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_group_without_their_detail() {
        assert_eq!(
            reason_of("damaged or not a spreadsheet: Zip error: invalid"),
            "damaged or not a spreadsheet"
        );
        assert_eq!(
            reason_of("ran out of memory while reading this file (limit 2 GiB)"),
            "ran out of memory while reading this file"
        );
        assert_eq!(
            reason_of("no mapping recognises this workbook"),
            "no mapping recognises this workbook"
        );
    }

    #[test]
    fn workbook_text_cannot_drive_the_terminal() {
        assert_eq!(
            shown("张\u{1b}[2J\u{1b}]0;pwned\u{7}伟\n"),
            "张\\u{1b}[2J\\u{1b}]0;pwned\\u{7}伟\\n"
        );
        let long = shown(&"张".repeat(40_000));
        assert_eq!(long.chars().count(), LONGEST_SHOWN + 1);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn log_lines_keep_their_colours_and_lose_other_control_sequences() {
        let line = "\u{1b}[33m WARN\u{1b}[0m merge A1:B2 on sheet 表\u{1b}[2J\u{1b}]0;x\u{7}\nfake";
        assert_eq!(
            log_shown(line),
            "\u{1b}[33m WARN\u{1b}[0m merge A1:B2 on sheet 表\\u{1b}[2J\\u{1b}]0;x\\u{7}\\nfake"
        );
        assert!(matches!(log_shown("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_bar_line_fits_a_narrow_terminal() {
        let bar = Bar {
            stage: "reading".into(),
            total: 10_000,
            done: 2_500,
            started: Instant::now()
                .checked_sub(Duration::from_secs(10))
                .unwrap_or_else(Instant::now),
            drawn_at: None,
        };
        let line = bar.line();
        assert!(
            line.contains("[######------------------] 2500/10000 files  250/s"),
            "{line}"
        );
        assert!(line.chars().count() < 80, "{line}");
    }
}
