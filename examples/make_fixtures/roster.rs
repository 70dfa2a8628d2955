//! Rosters: one person per row, one indicator per column (售前岗位月度绩效考核表格).
//! The model the roster tables in `forms.rs` are written in, and the code
//! that scores a roster and writes it. A roster's total (综合评分) is typed,
//! not a formula.

use std::error::Error;
use std::fs;
use std::path::Path;

use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, RowNum, Workbook,
    Worksheet, XlsxError,
};

use super::Entry::{self, Blank, Number};
use super::{FONT, GB2312_CHARSET, Output, round2, show, wrapped_height, write_entry};

/// One roster form: its look, its columns and their rules, its workbooks.
pub struct Roster {
    pub title: &'static str,
    pub sheet: &'static str,
    /// Where the empty roster is written, relative to the crate root.
    pub template: &'static str,
    /// The head field above the table that applies to every row, and how
    /// many columns its `label:value` cell is merged over.
    pub head: (&'static str, ColNum),
    pub columns: &'static [RosterColumn],
    /// Empty rows the template has for people.
    pub template_rows: usize,
    /// Text rows under the table, after one blank row (考核指标说明).
    pub notes: &'static [&'static str],
    pub samples: &'static [RosterSample],
}

pub struct RosterColumn {
    pub header: &'static str,
    pub width: f64,
    pub kind: RosterCol,
}

/// What a column of the roster holds.
#[derive(Clone, Copy)]
pub enum RosterCol {
    /// 员工编号, written as text ("001").
    Id,
    Name,
    /// 部门: the workbook's department.
    Department,
    Position,
    /// An indicator: what the person achieved, scored up to `max` points.
    Item {
        max: f64,
        rule: RosterRule,
    },
    /// 综合评分: the total, typed.
    Total,
    Remark,
}

/// How an indicator column's entry becomes points.
#[derive(Clone, Copy)]
pub enum RosterRule {
    /// `max × min(count / target, 1)`; a count typed as text is read as
    /// its number.
    Proportional(f64),
    /// Each listed word gives its points; any other word gives none.
    Choice(&'static [(&'static str, f64)]),
}

impl RosterRule {
    /// The unrounded points, or `None` when the entry is blank or a word
    /// the rule does not list (it then counts 0).
    fn score(self, max: f64, entry: Entry) -> Option<f64> {
        match (self, entry) {
            (_, Blank) => None,
            (RosterRule::Proportional(target), Number(count)) => {
                Some(max * (count / target).min(1.0))
            }
            (RosterRule::Proportional(target), Entry::Text(text)) => {
                let count: f64 = text.trim().parse().ok()?;
                Some(max * (count / target).min(1.0))
            }
            (RosterRule::Choice(options), Entry::Text(word)) => options
                .iter()
                .find(|(label, _)| *label == word)
                .map(|(_, points)| *points),
            (RosterRule::Choice(_), Number(_)) => None,
        }
    }
}

/// One roster workbook: the people of one department for one month.
pub struct RosterSample {
    /// The file name without extension; the workbook goes to
    /// `samples/<department>/`.
    pub file: &'static str,
    pub department: &'static str,
    pub month: &'static str,
    pub people: &'static [Person],
    pub output: Output,
}

/// One row of a roster.
pub struct Person {
    pub id: &'static str,
    pub name: &'static str,
    pub position: &'static str,
    /// What each indicator column holds, in column order.
    pub results: &'static [Entry],
    /// 综合评分 typed instead of the correct total (`None`: the correct
    /// total, rounded to 2 decimals).
    pub total: Option<f64>,
    pub remark: &'static str,
}

impl Roster {
    /// The indicator columns: (position, full marks, rule).
    fn items(&self) -> impl Iterator<Item = (usize, f64, RosterRule)> + '_ {
        self.columns
            .iter()
            .enumerate()
            .filter_map(|(at, column)| match column.kind {
                RosterCol::Item { max, rule } => Some((at, max, rule)),
                _ => None,
            })
    }

    /// Each indicator's points for this person (`None` counts 0).
    fn scores(&self, person: &Person) -> Vec<Option<f64>> {
        self.items()
            .zip(person.results)
            .map(|((_, max, rule), entry)| rule.score(max, *entry))
            .collect()
    }

    fn total_of(&self, person: &Person) -> f64 {
        self.scores(person).into_iter().flatten().sum()
    }

    fn last_col(&self) -> ColNum {
        self.columns.len() as ColNum - 1
    }
}

const TITLE_ROW: RowNum = 0;
const HEAD_ROW: RowNum = 1;
const HEADER_ROW: RowNum = 2;

struct Styles {
    title: Format,
    head: Format,
    header: Format,
    cell: Format,
    score: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        let plain = Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_font_charset(GB2312_CHARSET)
            .set_align(FormatAlign::VerticalCenter);
        let cell = plain
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_text_wrap();
        Styles {
            title: plain
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            head: plain.clone().set_align(FormatAlign::Left),
            header: cell.clone().set_bold().set_background_color("#D9D9D9"),
            score: cell.clone().set_num_format("0.00"),
            cell,
            note: plain.set_align(FormatAlign::Left).set_text_wrap(),
        }
    }
}

/// Writes the roster with these people (none: the empty template).
fn write_roster(
    ws: &mut Worksheet,
    roster: &Roster,
    sample: Option<&RosterSample>,
) -> Result<(), XlsxError> {
    let styles = Styles::new();
    ws.set_name(roster.sheet)?;
    for (col, column) in (0..).zip(roster.columns) {
        ws.set_column_width(col, column.width)?;
    }
    let last = roster.last_col();
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last, roster.title, &styles.title)?;
    ws.set_row_height(TITLE_ROW, 36)?;
    let (label, span) = roster.head;
    let value = sample.map_or("", |s| s.month);
    let head = format!("{label}:{value}");
    ws.merge_range(HEAD_ROW, 0, HEAD_ROW, span - 1, &head, &styles.head)?;
    ws.set_row_height(HEAD_ROW, 24)?;
    for (col, column) in (0..).zip(roster.columns) {
        ws.write_string_with_format(HEADER_ROW, col, column.header, &styles.header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;

    let mut row = HEADER_ROW + 1;
    match sample {
        Some(sample) => {
            for person in sample.people {
                write_person(ws, roster, sample, person, row, &styles)?;
                row += 1;
            }
        }
        None => {
            for _ in 0..roster.template_rows {
                for col in 0..=last {
                    ws.write_blank(row, col, &styles.cell)?;
                }
                ws.set_row_height(row, 22)?;
                row += 1;
            }
        }
    }
    // One blank row: the people end there, the notes are not people.
    row += 1;
    let width: f64 = roster.columns.iter().map(|c| c.width).sum();
    for note in roster.notes {
        ws.merge_range(row, 0, row, last, note, &styles.note)?;
        ws.set_row_height(row, wrapped_height(note, width))?;
        row += 1;
    }

    ws.set_landscape()
        .set_paper_size(9) // A4
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_area(0, 0, row - 1, last)?;
    Ok(())
}

fn write_person(
    ws: &mut Worksheet,
    roster: &Roster,
    sample: &RosterSample,
    person: &Person,
    row: RowNum,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let mut results = person.results.iter();
    for (col, column) in (0..).zip(roster.columns) {
        let (entry, format) = match column.kind {
            RosterCol::Id => (Entry::Text(person.id), &styles.cell),
            RosterCol::Name => (Entry::Text(person.name), &styles.cell),
            RosterCol::Department => (Entry::Text(sample.department), &styles.cell),
            RosterCol::Position => (Entry::Text(person.position), &styles.cell),
            RosterCol::Item { .. } => (*results.next().unwrap_or(&Blank), &styles.cell),
            RosterCol::Total => {
                let total = person
                    .total
                    .unwrap_or_else(|| round2(roster.total_of(person)));
                (Number(total), &styles.score)
            }
            RosterCol::Remark => (Entry::Text(person.remark), &styles.cell),
        };
        write_entry(ws, row, col, entry, format)?;
    }
    ws.set_row_height(row, 22)?;
    Ok(())
}

fn save(roster: &Roster, sample: Option<&RosterSample>, path: &Path) -> Result<(), Box<dyn Error>> {
    let mut workbook = Workbook::new();
    let default_font = Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(GB2312_CHARSET);
    workbook.set_default_format(&default_font, 18, 72)?;
    let created = ExcelDateTime::from_ymd(2026, 11, 2)?.and_hms(9, 0, 0)?;
    let properties = DocProperties::new()
        .set_title(roster.title)
        .set_author("人力资源部")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    write_roster(workbook.add_worksheet(), roster, sample)?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    workbook.save(path)?;
    Ok(())
}

/// `张晨 25 + 25 + 20 + 25 = 95`, with `-` for an entry that counts 0.
fn explain(roster: &Roster, person: &Person) -> String {
    let terms: Vec<String> = roster
        .scores(person)
        .into_iter()
        .map(|score| score.map_or("-".into(), show))
        .collect();
    let total = show(roster.total_of(person));
    format!("{} {} = {total}", person.name, terms.join(" + "))
}

/// Writes the template and every sample of the roster; samples to convert
/// go under `staging/<ext>/<department>/`.
pub fn generate(roster: &Roster, root: &Path, staging: &Path) -> Result<(), Box<dyn Error>> {
    save(roster, None, &root.join(roster.template))?;
    println!("{}", roster.template);
    for sample in roster.samples {
        let file = format!("{}.xlsx", sample.file);
        let path = match sample.output {
            Output::Xlsx => root.join("samples").join(sample.department).join(&file),
            Output::Convert(ext) => staging.join(ext).join(sample.department).join(&file),
        };
        save(roster, Some(sample), &path)?;
        let shown = path.strip_prefix(root).unwrap_or(&path);
        println!("{}", shown.display());
        for person in sample.people {
            println!("\texpected {}", explain(roster, person));
        }
    }
    Ok(())
}
