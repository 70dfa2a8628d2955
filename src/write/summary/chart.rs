//! The 等级分布 / Grade distribution sheet: per graded form, a small table
//! (a row per team, a column per grade) and beside it a clustered column
//! chart of it: the grades across, one series per team.
//!
//! The chart reads its own table rather than the team sheet's columns: two
//! forms may share a grade name, so one form's grades need not be adjacent
//! there. A form with many teams gets a chart per [`SERIES_PER_CHART`]
//! teams; more would not read.

use rust_xlsxwriter::{Chart, Format, Worksheet, XlsxError};

use super::table::{column, display_width};
use super::teams::GradeColumns;
use super::words;
use crate::model::Lang;
use crate::report::teams::{Team, TeamRow};
use crate::write::{CELL_TEXT_LIMIT, fit_text};

/// Teams in one chart.
const SERIES_PER_CHART: usize = 12;
const CHART_WIDTH: u32 = 560;
const CHART_HEIGHT: u32 = 300;
/// Rows a chart covers at the default row height (20 px).
const CHART_ROWS: u32 = CHART_HEIGHT / 20 + 1;

/// One table and its chart: some teams of one form.
struct Block<'t, 'a> {
    title: String,
    teams: &'t [&'t Team<'a>],
    /// The form's grades, and "no grade" when one of its teams has such.
    grades: Vec<&'a str>,
    with_ungraded: bool,
}

pub(super) fn write_grade_charts(
    sheet: &mut Worksheet,
    teams: &[TeamRow],
    grades: &GradeColumns,
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    sheet.set_name(words.chart_sheet)?;
    let mut row = 0;
    let mut first_width = display_width(words.team_columns[1]);
    for (form, own) in &grades.forms {
        let members: Vec<&Team> = teams
            .iter()
            .map(|row| &row.team)
            .filter(|t| t.form == *form)
            .collect();
        let with_ungraded = members.iter().any(|team| team.ungraded() > 0);
        let chunks = members.len().div_ceil(SERIES_PER_CHART);
        for (index, chunk) in members.chunks(SERIES_PER_CHART).enumerate() {
            let title = if chunks > 1 {
                format!("{form} ({}/{chunks})", index + 1)
            } else {
                (*form).to_string()
            };
            let block = Block {
                title,
                teams: chunk,
                grades: own.to_vec(),
                with_ungraded,
            };
            for team in chunk {
                first_width = first_width.max(display_width(&team.name));
            }
            row = write_block(sheet, row, &block, lang)? + 1;
        }
    }
    sheet.set_column_width(0, (first_width + 2.0).clamp(8.0, 40.0))?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Writes a block from `top`; gives the first row below it.
fn write_block(
    sheet: &mut Worksheet,
    top: u32,
    block: &Block,
    lang: Lang,
) -> Result<u32, XlsxError> {
    let words = words(lang);
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(top, 0, fit_text(&block.title, CELL_TEXT_LIMIT), &bold)?;
    let header = top + 1;
    sheet.write_string_with_format(header, 0, words.team_columns[1], &bold)?;
    let mut names = block.grades.clone();
    if block.with_ungraded {
        names.push(words.ungraded);
    }
    for (col, name) in (1..).zip(&names) {
        sheet.write_string_with_format(header, col, *name, &bold)?;
    }
    for (row, team) in (header + 1..).zip(block.teams) {
        sheet.write_string(row, 0, fit_text(&team.name, CELL_TEXT_LIMIT))?;
        for (col, grade) in (1..).zip(&block.grades) {
            sheet.write_number(row, col, team.count(grade) as f64)?;
        }
        if block.with_ungraded {
            sheet.write_number(row, column(names.len()), team.ungraded() as f64)?;
        }
    }
    let chart = chart(sheet.name().as_str(), header, block, names.len(), lang);
    sheet.insert_chart(top, column(names.len() + 2), &chart)?;
    let rows = (block.teams.len() as u32 + 2).max(CHART_ROWS);
    Ok(top + rows)
}

/// A clustered column chart of a block's table, whose header row is at
/// `header` and whose grades fill columns 1 to `grades`.
fn chart(sheet: &str, header: u32, block: &Block, grades: usize, lang: Lang) -> Chart {
    let words = words(lang);
    let last = column(grades);
    let mut chart = Chart::new_column();
    chart.title().set_name(&block.title);
    chart.x_axis().set_name(words.chart_axes[0]);
    let most = block
        .teams
        .iter()
        .map(|team| team.people())
        .max()
        .unwrap_or_default();
    let axis = chart.y_axis();
    axis.set_name(words.chart_axes[1])
        .set_min(0)
        .set_num_format("0");
    if most <= 10 {
        axis.set_major_unit(1);
    }
    for (row, _) in (header + 1..).zip(block.teams) {
        chart
            .add_series()
            .set_name((sheet, row, 0))
            .set_categories((sheet, header, 1, header, last))
            .set_values((sheet, row, 1, row, last));
    }
    chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
    chart
}
