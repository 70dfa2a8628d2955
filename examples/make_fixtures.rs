//! Generates the test fixtures: the empty 售前客服 KPI form under `templates/`
//! and ten filled-in workbooks under `samples/售前客服部/`, most of them with
//! deliberate mistakes (see `samples/README.md`).
//!
//! Run it through `scripts/make-fixtures.sh`, which also converts the two
//! workbooks staged under `target/make_fixtures/{xls,ods}/` with LibreOffice.
//! The output is deterministic: re-running gives byte-identical xlsx files.
//!
//! rust_xlsxwriter does not calculate formulas, so every formula gets the
//! cached result Excel would store for it, computed here from the cell values
//! (SUM skips text cells, `+` over a text cell gives `#VALUE!`).

use std::error::Error;
use std::fs;
use std::path::Path;

use rust_xlsxwriter::utility::{cell_range, row_col_to_cell};
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, RowNum,
    Workbook, Worksheet, XlsxError,
};

const SHEET_NAME: &str = "绩效考核表";
const TITLE: &str = "售前客服岗位月度绩效考核表(KPI)";
const TEMPLATE_FILE: &str = "templates/售前客服岗位月度绩效考核表.xlsx";
const DEPARTMENT: &str = "售前客服部";
const MONTH: &str = "2026年10月";
const REVIEWER: &str = "周主管";
const NOTE: &str = "填表说明:实际完成请填写原始数据,实际得分由主管填写";
const HEADERS: [&str; 9] = [
    "序号",
    "考核指标",
    "考核标准",
    "分值",
    "考核数据",
    "实际完成",
    "自我评价",
    "实际得分",
    "排名",
];
const SIGNATURES: [&str; 3] = ["考核人签字:", "被考核人签字:", "日期:"];

const FONT: &str = "宋体";
const GB2312_CHARSET: u8 = 134;
const SCORE_FORMAT: &str = "0.00";

// Table columns, relative to the first column of the table.
const COL_NO: ColNum = 0;
const COL_NAME: ColNum = 1;
const COL_CRITERIA: ColNum = 2;
const COL_MAX: ColNum = 3;
const COL_DATA: ColNum = 4;
const COL_RAW: ColNum = 5;
const COL_SELF: ColNum = 6;
const COL_SCORE: ColNum = 7;
const COL_RANK: ColNum = 8;
const COLUMN_WIDTHS: [f64; 9] = [9.0, 14.0, 45.0, 11.0, 16.0, 11.0, 10.0, 10.0, 8.0];

// ---------------------------------------------------------------------------
// The form and its scoring rules.
// ---------------------------------------------------------------------------

/// How a raw result (实际完成) becomes a score (实际得分).
#[derive(Clone, Copy)]
enum Rule {
    /// `max × min(raw / target, 1)`.
    Proportional(f64),
    /// Words per minute, scored by [`SPEED_STEPS`], 2 below them.
    TypingSpeed,
    /// Complaints, low-quality reviews: any complaint gives 0, else −1 a review.
    Complaints,
    /// −0.5 an error.
    Errors,
    /// Refund rate, scored by [`REFUND_STEPS`]; at 9% or more the supervisor
    /// judges a score in [0, 2].
    RefundRate,
    /// Minutes late: up to 10 is full marks; above that the supervisor judges
    /// a score in [0, 4].
    Attendance,
    /// One point an issue raised, capped at full marks.
    Issues,
    /// No raw result: the supervisor judges a score in [0, max].
    Judged,
}

/// `(at least this speed, score)`, best first.
const SPEED_STEPS: [(f64, f64); 3] = [(70.0, 5.0), (60.0, 4.0), (50.0, 3.0)];
const SPEED_FLOOR: f64 = 2.0;
/// `(below this rate, score)`, best first.
const REFUND_STEPS: [(f64, f64); 3] = [(0.05, 5.0), (0.07, 4.0), (0.09, 3.0)];

struct Indicator {
    name: &'static str,
    criteria: &'static str,
    max: f64,
    /// Labels in 考核数据, one per sheet row the indicator takes.
    data: &'static [&'static str],
    /// Number format of 实际完成.
    raw_format: &'static str,
    rule: Rule,
}

const INDICATORS: [Indicator; 12] = [
    Indicator {
        name: "预期销售额完成度",
        criteria: "达到销售目标为满分,否则根据实际情况折算评定",
        max: 30.0,
        data: &["销售额完成率"],
        raw_format: "0%",
        rule: Rule::Proportional(1.0),
    },
    Indicator {
        name: "询单转化率",
        criteria: "询单转化率达到75%为满分,否则根据实际情况折算评定",
        max: 15.0,
        data: &["询单转化率"],
        raw_format: "0.0%",
        rule: Rule::Proportional(0.75),
    },
    Indicator {
        name: "客单价",
        criteria: "客单价达到200元为满分,否则根据实际情况折算评定(可根据淡旺季情况有所区分)",
        max: 5.0,
        data: &["客单价(元)"],
        raw_format: "0.00",
        rule: Rule::Proportional(200.0),
    },
    Indicator {
        name: "客件数",
        criteria: "客件数达到1.8件为满分,否则根据实际情况折算评定",
        max: 10.0,
        data: &["客件数(件)"],
        raw_format: "0.00",
        rule: Rule::Proportional(1.8),
    },
    Indicator {
        name: "打字速度",
        criteria: "70字/分为满分,60字/分为优秀,50字/分为及格",
        max: 5.0,
        data: &["打字速度(字/分)"],
        raw_format: "0",
        rule: Rule::TypingSpeed,
    },
    Indicator {
        name: "维权投诉、低质评价",
        criteria: "由客服态度原因导致的虚假发货、延迟发货、违背承诺,投诉一次为0分,由客服态度服务导致的低质评价1个扣1分",
        max: 5.0,
        data: &["投诉次数", "低质评价个数"],
        raw_format: "0",
        rule: Rule::Complaints,
    },
    Indicator {
        name: "出错率",
        criteria: "备注出错、没看通知出错、价格解释出错、承诺具体发货时间、具体退换货时间、具体退款以及具体到帐时间,扣0.5分/次",
        max: 5.0,
        data: &["出错次数"],
        raw_format: "0",
        rule: Rule::Errors,
    },
    Indicator {
        name: "退款比例",
        criteria: "退款额/销售额,低于5%为满分,5~7%扣1分,7~9%扣2分,9~15%扣3~5分",
        max: 5.0,
        data: &["退款比例"],
        raw_format: "0.0%",
        rule: Rule::RefundRate,
    },
    Indicator {
        name: "出勤状况",
        criteria: "员工累计迟到或早退10分钟以内(含10分钟)者免于处罚;超过10分钟由主管酌情评分(0~4分)",
        max: 5.0,
        data: &["迟到早退(分钟)"],
        raw_format: "0",
        rule: Rule::Attendance,
    },
    Indicator {
        name: "及时反馈和解决异常情况",
        criteria: "每周五之前书面提出售前客服需要反馈的问题和解决方案,一项为1分,5项或以上为满分,无提出此项者,分数记0",
        max: 5.0,
        data: &["提出问题(项)"],
        raw_format: "0",
        rule: Rule::Issues,
    },
    Indicator {
        name: "团队配合",
        criteria: "积极配合团队,商品主推、店铺活动及售后等分工协作",
        max: 5.0,
        data: &["主管评定"],
        raw_format: "General",
        rule: Rule::Judged,
    },
    Indicator {
        name: "总结与计划",
        criteria: "周、月度总结及计划",
        max: 5.0,
        data: &["主管评定"],
        raw_format: "General",
        rule: Rule::Judged,
    },
];

/// Rows the indicators take: indicator 6 takes two.
fn indicator_rows() -> usize {
    INDICATORS.iter().map(|ind| ind.data.len()).sum()
}

/// Raw results the indicators have (judged ones have none).
fn raw_count(ind: &Indicator) -> usize {
    match ind.rule {
        Rule::Judged => 0,
        _ => ind.data.len(),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The score the rule gives, rounded to 2 decimals, or `None` when the rule
/// leaves it to the supervisor.
fn rule_score(ind: &Indicator, raw: &[f64]) -> Option<f64> {
    let score = match ind.rule {
        Rule::Proportional(target) => ind.max * (raw[0] / target).min(1.0),
        Rule::TypingSpeed => SPEED_STEPS
            .iter()
            .find(|(speed, _)| raw[0] >= *speed)
            .map_or(SPEED_FLOOR, |(_, score)| *score),
        Rule::Complaints if raw[0] >= 1.0 => 0.0,
        Rule::Complaints => (ind.max - raw[1]).max(0.0),
        Rule::Errors => (ind.max - 0.5 * raw[0]).max(0.0),
        Rule::RefundRate => REFUND_STEPS
            .iter()
            .find(|(rate, _)| raw[0] < *rate)
            .map(|(_, score)| *score)?,
        Rule::Attendance if raw[0] <= 10.0 => ind.max,
        Rule::Issues => raw[0].min(ind.max),
        Rule::Attendance | Rule::Judged => return None,
    };
    Some(round2(score))
}

// ---------------------------------------------------------------------------
// The samples.
// ---------------------------------------------------------------------------

/// A cell as someone typed it.
#[derive(Clone, Copy)]
enum Entry {
    Blank,
    Number(f64),
    Text(&'static str),
}

use Entry::{Blank, Number};

/// A mistake planted in a sample. Indicators are numbered from 1 as in 序号.
enum Fault {
    /// 实际完成 typed as this text instead of the number.
    RawAsText(usize, &'static str),
    /// 实际完成 left empty (the score is still filled in).
    RawMissing(usize),
    /// 实际得分 typed as this text (e.g. `4分`) instead of the number.
    ScoreAsText(usize, &'static str),
    /// 实际得分 typed as this number instead of the correct score.
    WrongScore(usize, f64),
    /// 实际得分 left empty.
    ScoreMissing(usize),
    /// The 实际得分 total typed as this constant instead of a formula.
    TotalTyped(f64),
    /// The 实际得分 total written as `H4+H5+…` instead of `SUM(H4:H16)`.
    TotalAdded,
}

/// Where the table sits on the sheet.
#[derive(Clone, Copy)]
enum Layout {
    /// As in the template: table from column A, header on row 3.
    Standard,
    /// One column right, with a note row above the header (header on row 4).
    Shifted,
}

/// Which file the sample ends up as.
#[derive(Clone, Copy)]
enum Output {
    Xlsx,
    /// Staged as xlsx, converted by LibreOffice to this extension.
    Convert(&'static str),
}

struct Sample {
    id: u8,
    name: &'static str,
    /// Raw results (实际完成) in sheet order: indicators 1-10, two for 6.
    raw: [f64; 11],
    /// Correct scores the rules leave to the supervisor, by indicator; an
    /// indicator missing here has no correct score (counts 0 in the total).
    judged: &'static [(usize, f64)],
    /// 自我评价 where it differs from the correct score, by indicator.
    self_scores: &'static [(usize, Entry)],
    faults: &'static [Fault],
    layout: Layout,
    output: Output,
}

const SAMPLES: [Sample; 10] = [
    Sample {
        id: 1,
        name: "张伟",
        raw: [0.95, 0.72, 186.0, 1.5, 72.0, 0.0, 1.0, 2.0, 0.043, 5.0, 4.0],
        judged: &[(11, 5.0), (12, 4.0)],
        self_scores: &[(2, Number(15.0)), (7, Number(4.5)), (12, Number(5.0))],
        faults: &[],
        layout: Layout::Standard,
        output: Output::Xlsx,
    },
    Sample {
        id: 2,
        name: "王芳",
        raw: [1.08, 0.78, 205.0, 1.9, 65.0, 0.0, 0.0, 1.0, 0.10, 25.0, 6.0],
        judged: &[(8, 2.0), (9, 3.0), (11, 5.0), (12, 5.0)],
        self_scores: &[(8, Number(3.0)), (9, Number(4.0))],
        faults: &[],
        layout: Layout::Standard,
        output: Output::Xlsx,
    },
    Sample {
        id: 3,
        name: "李娜",
        raw: [
            0.88, 0.90, 172.0, 1.62, 63.0, 0.0, 2.0, 3.0, 0.058, 0.0, 3.0,
        ],
        judged: &[(11, 4.0), (12, 4.0)],
        self_scores: &[(1, Number(28.0)), (4, Number(9.5))],
        faults: &[Fault::RawAsText(2, "９０%"), Fault::ScoreAsText(5, "4分")],
        layout: Layout::Standard,
        output: Output::Xlsx,
    },
    Sample {
        id: 4,
        name: "刘洋",
        raw: [
            0.82, 0.66, 158.0, 1.45, 55.0, 0.0, 0.0, 1.0, 0.075, 8.0, 2.0,
        ],
        judged: &[(11, 4.0), (12, 3.0)],
        self_scores: &[(1, Number(26.0)), (10, Number(3.0)), (12, Number(4.0))],
        faults: &[Fault::ScoreAsText(7, "4.5分"), Fault::TotalAdded],
        layout: Layout::Standard,
        output: Output::Xlsx,
    },
    Sample {
        id: 5,
        name: "陈静",
        raw: [
            0.90, 0.70, 180.0, 1.71, 68.0, 0.0, 1.0, 3.0, 0.052, 15.0, 4.0,
        ],
        judged: &[(9, 3.0), (11, 4.0), (12, 4.0)],
        self_scores: &[(9, Number(4.0)), (11, Number(5.0))],
        faults: &[Fault::TotalTyped(88.0)],
        layout: Layout::Standard,
        output: Output::Xlsx,
    },
    Sample {
        id: 6,
        name: "杨磊",
        raw: [
            1.02, 0.74, 230.0, 1.85, 75.0, 0.0, 0.0, 0.0, 0.031, 0.0, 5.0,
        ],
        judged: &[(11, 5.0), (12, 4.0)],
        self_scores: &[(2, Number(15.0)), (12, Number(5.0))],
        faults: &[Fault::WrongScore(3, 6.0)],
        layout: Layout::Standard,
        output: Output::Xlsx,
    },
    Sample {
        id: 7,
        name: "赵敏",
        // 客件数 was 1.44 (score 8) but is not typed in.
        raw: [
            0.76, 0.61, 166.0, 1.44, 58.0, 0.0, 3.0, 4.0, 0.068, 30.0, 1.0,
        ],
        // 团队配合 was never judged.
        judged: &[(9, 2.0), (12, 3.0)],
        self_scores: &[(1, Blank), (3, Blank), (9, Blank), (11, Blank)],
        faults: &[Fault::RawMissing(4), Fault::ScoreMissing(11)],
        layout: Layout::Standard,
        output: Output::Xlsx,
    },
    Sample {
        id: 8,
        name: "黄强",
        raw: [
            0.85, 0.60, 194.0, 1.6, 70.0, 0.0, 1.0, 1.0, 0.045, 10.0, 3.0,
        ],
        judged: &[(11, 4.0), (12, 4.0)],
        self_scores: &[(2, Number(15.0)), (4, Number(9.0))],
        faults: &[Fault::WrongScore(2, 15.0)],
        layout: Layout::Standard,
        output: Output::Convert("xls"),
    },
    Sample {
        id: 9,
        name: "周婷",
        raw: [
            0.98, 0.76, 210.0, 1.75, 66.0, 0.0, 0.0, 2.0, 0.12, 12.0, 5.0,
        ],
        // 退款比例 12% allows a judged score in [0, 2]: 4 is out of range and
        // counts as the maximum, 2.
        judged: &[(8, 2.0), (9, 4.0), (11, 5.0), (12, 5.0)],
        self_scores: &[(8, Number(4.0))],
        faults: &[Fault::WrongScore(8, 4.0)],
        layout: Layout::Standard,
        output: Output::Convert("ods"),
    },
    Sample {
        id: 10,
        name: "孙丽",
        raw: [
            0.93, 0.69, 178.0, 1.55, 61.0, 0.0, 0.0, 1.0, 0.049, 3.0, 5.0,
        ],
        judged: &[(11, 4.0), (12, 5.0)],
        self_scores: &[(1, Number(28.5)), (2, Number(14.0))],
        faults: &[],
        layout: Layout::Shifted,
        output: Output::Xlsx,
    },
];

impl Sample {
    fn file_stem(&self) -> String {
        format!("{:02}_{}", self.id, self.name)
    }

    /// Raw results of each indicator, in order.
    fn raw_by_indicator(&self) -> Vec<&[f64]> {
        let mut rest = &self.raw[..];
        INDICATORS
            .iter()
            .map(|ind| {
                let (own, tail) = rest.split_at(raw_count(ind));
                rest = tail;
                own
            })
            .collect()
    }

    fn judged(&self, number: usize) -> Option<f64> {
        lookup(self.judged, number)
    }

    /// The score the rules give, or else the supervisor's judgement.
    fn correct_score(&self, number: usize, raw: &[f64]) -> Option<f64> {
        rule_score(&INDICATORS[number - 1], raw).or_else(|| self.judged(number))
    }

    /// The correct score of each indicator (`None`: no correct score known).
    fn expected_scores(&self) -> Vec<Option<f64>> {
        let raws = self.raw_by_indicator();
        (1..=INDICATORS.len())
            .map(|n| self.correct_score(n, raws[n - 1]))
            .collect()
    }

    /// What the supervisor typed in 实际得分.
    fn hand_score(&self, number: usize, correct: Entry) -> Entry {
        let planted = self.faults.iter().find_map(|fault| match *fault {
            Fault::ScoreAsText(n, text) if n == number => Some(Entry::Text(text)),
            Fault::WrongScore(n, score) if n == number => Some(Number(score)),
            Fault::ScoreMissing(n) if n == number => Some(Blank),
            _ => None,
        });
        planted.unwrap_or(correct)
    }

    /// What the employee typed in 实际完成.
    fn raw_entries(&self, number: usize, raw: &[f64]) -> Vec<Entry> {
        let planted = self.faults.iter().find_map(|fault| match *fault {
            Fault::RawAsText(n, text) if n == number => Some(Entry::Text(text)),
            Fault::RawMissing(n) if n == number => Some(Blank),
            _ => None,
        });
        let typed: Vec<Entry> = match planted {
            Some(entry) => vec![entry],
            None => raw.iter().map(|&value| Number(value)).collect(),
        };
        pad_rows(typed, INDICATORS[number - 1].data.len())
    }

    fn total(&self) -> Total {
        let planted = self.faults.iter().find_map(|fault| match *fault {
            Fault::TotalTyped(total) => Some(Total::Typed(total)),
            Fault::TotalAdded => Some(Total::Added),
            _ => None,
        });
        planted.unwrap_or(Total::Sum)
    }

    fn form(&self) -> Form {
        let raws = self.raw_by_indicator();
        let items = (1..=INDICATORS.len())
            .map(|n| {
                let correct = self.correct_score(n, raws[n - 1]).map_or(Blank, Number);
                Item {
                    raw: self.raw_entries(n, raws[n - 1]),
                    self_score: lookup(self.self_scores, n).unwrap_or(correct),
                    score: self.hand_score(n, correct),
                }
            })
            .collect();
        Form {
            person: Some(self.name),
            layout: self.layout,
            items,
            total: self.total(),
        }
    }
}

fn lookup<T: Copy>(table: &[(usize, T)], number: usize) -> Option<T> {
    table.iter().find(|(n, _)| *n == number).map(|(_, v)| *v)
}

/// Fills up `entries` with blanks to one per row.
fn pad_rows(mut entries: Vec<Entry>, rows: usize) -> Vec<Entry> {
    entries.resize(rows, Blank);
    entries
}

// ---------------------------------------------------------------------------
// A filled-in form and the cached results of its formulas.
// ---------------------------------------------------------------------------

/// How the 实际得分 total is filled in.
#[derive(Clone, Copy)]
enum Total {
    /// `=SUM(H4:H16)`.
    Sum,
    /// `=H4+H5+…`, one term per indicator.
    Added,
    /// A typed constant.
    Typed(f64),
}

/// The cells one indicator fills in.
struct Item {
    /// 实际完成, one per row of the indicator.
    raw: Vec<Entry>,
    self_score: Entry,
    score: Entry,
}

struct Form {
    person: Option<&'static str>,
    layout: Layout,
    items: Vec<Item>,
    total: Total,
}

impl Form {
    fn template() -> Form {
        let items = INDICATORS
            .iter()
            .map(|ind| Item {
                raw: pad_rows(Vec::new(), ind.data.len()),
                self_score: Blank,
                score: Blank,
            })
            .collect();
        Form {
            person: None,
            layout: Layout::Standard,
            items,
            total: Total::Sum,
        }
    }
}

/// What Excel caches for `SUM` over these cells: text is skipped.
fn cached_sum(entries: impl Iterator<Item = Entry>) -> String {
    let sum = entries
        .map(|entry| match entry {
            Number(value) => value,
            Blank | Entry::Text(_) => 0.0,
        })
        .sum();
    show(sum)
}

/// What Excel caches for `a+b+…`: a text operand gives `#VALUE!`.
fn cached_addition(entries: impl Iterator<Item = Entry>) -> String {
    let mut sum = 0.0;
    for entry in entries {
        match entry {
            Number(value) => sum += value,
            Blank => {}
            Entry::Text(_) => return "#VALUE!".to_string(),
        }
    }
    show(sum)
}

/// A numeric cached result, rounded to the 2 decimals scores have, in its
/// shortest form: `88`, `85.5`, `8.33`.
fn show(value: f64) -> String {
    round2(value).to_string()
}

// ---------------------------------------------------------------------------
// Writing the sheet.
// ---------------------------------------------------------------------------

/// Sheet coordinates of the table.
struct Grid {
    first_col: ColNum,
    header_row: RowNum,
}

impl Grid {
    fn new(layout: Layout) -> Grid {
        match layout {
            Layout::Standard => Grid {
                first_col: 0,
                header_row: 2,
            },
            Layout::Shifted => Grid {
                first_col: 1,
                header_row: 3,
            },
        }
    }

    const TITLE_ROW: RowNum = 0;
    const HEAD_ROW: RowNum = 1;

    fn col(&self, col: ColNum) -> ColNum {
        self.first_col + col
    }

    fn last_col(&self) -> ColNum {
        self.col(COL_RANK)
    }

    fn note_row(&self) -> Option<RowNum> {
        (self.header_row > Self::HEAD_ROW + 1).then_some(self.header_row - 1)
    }

    fn first_item_row(&self) -> RowNum {
        self.header_row + 1
    }

    fn total_row(&self) -> RowNum {
        self.first_item_row() + indicator_rows() as RowNum
    }

    fn signature_row(&self) -> RowNum {
        self.total_row() + 1
    }

    /// `first:last` of a column over the indicator rows, e.g. `H4:H16`.
    fn item_range(&self, col: ColNum) -> String {
        let col = self.col(col);
        cell_range(self.first_item_row(), col, self.total_row() - 1, col)
    }
}

struct Styles {
    title: Format,
    note: Format,
    label: Format,
    value: Format,
    header: Format,
    center: Format,
    wrap: Format,
    score: Format,
    total: Format,
    signature: Format,
}

impl Styles {
    fn new() -> Styles {
        let plain = Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_font_charset(GB2312_CHARSET)
            .set_align(FormatAlign::VerticalCenter);
        let boxed = plain.clone().set_border(FormatBorder::Thin);
        let center = boxed.clone().set_align(FormatAlign::Center).set_text_wrap();
        let bold_center = center.clone().set_bold();
        Styles {
            title: plain
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            note: plain.clone().set_font_size(10).set_align(FormatAlign::Left),
            label: bold_center.clone(),
            value: center.clone(),
            header: bold_center.clone().set_background_color("#D9D9D9"),
            center: center.clone(),
            wrap: boxed.set_align(FormatAlign::Left).set_text_wrap(),
            score: center.set_num_format(SCORE_FORMAT),
            total: bold_center,
            signature: plain.set_align(FormatAlign::Left),
        }
    }
}

fn write_entry(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    entry: Entry,
    format: &Format,
) -> Result<(), XlsxError> {
    match entry {
        Blank => ws.write_blank(row, col, format)?,
        Number(value) => ws.write_number_with_format(row, col, value, format)?,
        Entry::Text(text) => ws.write_string_with_format(row, col, text, format)?,
    };
    Ok(())
}

/// Writes `entry` into `col` over `rows`, merging the cells if more than one.
fn write_span(
    ws: &mut Worksheet,
    rows: (RowNum, RowNum),
    col: ColNum,
    entry: Entry,
    format: &Format,
) -> Result<(), XlsxError> {
    if rows.0 < rows.1 {
        ws.merge_range(rows.0, col, rows.1, col, "", format)?;
    }
    write_entry(ws, rows.0, col, entry, format)
}

/// Approximate display width: CJK characters are two columns wide.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Height in points for wrapped `text` in a column `width` characters wide.
/// (A column is `width` digits of 8 px plus padding; a 宋体 11 half-width
/// character is about 7.3 px, so a line holds a little more than `width`.)
fn wrapped_height(text: &str, width: f64) -> f64 {
    const LINE: f64 = 14.25;
    let lines = (display_width(text) as f64 / (width + 2.0)).ceil().max(1.0);
    lines * LINE + 8.0
}

fn write_title(ws: &mut Worksheet, grid: &Grid, styles: &Styles) -> Result<(), XlsxError> {
    let row = Grid::TITLE_ROW;
    ws.merge_range(row, grid.col(0), row, grid.last_col(), TITLE, &styles.title)?;
    ws.set_row_height(row, 36)?;
    Ok(())
}

fn write_head(
    ws: &mut Worksheet,
    grid: &Grid,
    styles: &Styles,
    person: Option<&str>,
) -> Result<(), XlsxError> {
    let row = Grid::HEAD_ROW;
    let fields = [
        ("被考核人", person.unwrap_or("")),
        ("部门", person.map_or("", |_| DEPARTMENT)),
        ("考核月份", person.map_or("", |_| MONTH)),
        ("考核人", person.map_or("", |_| REVIEWER)),
    ];
    for (i, (label, value)) in fields.into_iter().enumerate() {
        let col = grid.col(2 * i as ColNum);
        ws.write_string_with_format(row, col, label, &styles.label)?;
        if col + 1 == grid.col(COL_SCORE) {
            ws.merge_range(row, col + 1, row, grid.last_col(), value, &styles.value)?;
        } else {
            ws.write_string_with_format(row, col + 1, value, &styles.value)?;
        }
    }
    ws.set_row_height(row, 24)?;
    Ok(())
}

fn write_note(ws: &mut Worksheet, grid: &Grid, styles: &Styles) -> Result<(), XlsxError> {
    if let Some(row) = grid.note_row() {
        ws.merge_range(row, grid.col(0), row, grid.last_col(), NOTE, &styles.note)?;
        ws.set_row_height(row, 20)?;
    }
    Ok(())
}

fn write_header(ws: &mut Worksheet, grid: &Grid, styles: &Styles) -> Result<(), XlsxError> {
    for (col, header) in (0..).zip(HEADERS) {
        ws.write_string_with_format(grid.header_row, grid.col(col), header, &styles.header)?;
    }
    ws.set_row_height(grid.header_row, 30)?;
    Ok(())
}

fn write_items(
    ws: &mut Worksheet,
    grid: &Grid,
    styles: &Styles,
    items: &[Item],
) -> Result<(), XlsxError> {
    let mut row = grid.first_item_row();
    for ((number, ind), item) in (1..).zip(&INDICATORS).zip(items) {
        let last = row + ind.data.len() as RowNum - 1;
        let mut span =
            |col, entry, format| write_span(ws, (row, last), grid.col(col), entry, format);
        span(COL_NO, Number(number.into()), &styles.center)?;
        span(COL_NAME, Entry::Text(ind.name), &styles.center)?;
        span(COL_CRITERIA, Entry::Text(ind.criteria), &styles.wrap)?;
        span(COL_MAX, Number(ind.max), &styles.center)?;
        span(COL_SELF, item.self_score, &styles.score)?;
        span(COL_SCORE, item.score, &styles.score)?;

        let raw_format = styles.center.clone().set_num_format(ind.raw_format);
        let height = wrapped_height(ind.criteria, COLUMN_WIDTHS[COL_CRITERIA as usize])
            / ind.data.len() as f64;
        for ((r, &label), raw) in (row..).zip(ind.data).zip(&item.raw) {
            ws.write_string_with_format(r, grid.col(COL_DATA), label, &styles.center)?;
            write_entry(ws, r, grid.col(COL_RAW), *raw, &raw_format)?;
            ws.write_blank(r, grid.col(COL_RANK), &styles.center)?;
            ws.set_row_height(r, height.max(24.0))?;
        }
        row = last + 1;
    }
    Ok(())
}

/// The `=H4+H5+…` total: the first row of each indicator.
fn addition_formula(grid: &Grid) -> String {
    let col = grid.col(COL_SCORE);
    let mut row = grid.first_item_row();
    let mut terms = Vec::new();
    for ind in &INDICATORS {
        terms.push(row_col_to_cell(row, col));
        row += ind.data.len() as RowNum;
    }
    terms.join("+")
}

fn write_total(
    ws: &mut Worksheet,
    grid: &Grid,
    styles: &Styles,
    form: &Form,
) -> Result<(), XlsxError> {
    let row = grid.total_row();
    let sum = |col| Formula::new(format!("SUM({})", grid.item_range(col)));
    let max_total = cached_sum(INDICATORS.iter().map(|ind| Number(ind.max)));
    let self_total = cached_sum(form.items.iter().map(|item| item.self_score));
    let scores = || form.items.iter().map(|item| item.score);

    ws.merge_range(
        row,
        grid.col(COL_NO),
        row,
        grid.col(COL_CRITERIA),
        "总计",
        &styles.total,
    )?;
    ws.write_formula_with_format(
        row,
        grid.col(COL_MAX),
        sum(COL_MAX).set_result(max_total),
        &styles.total,
    )?;
    for col in [COL_DATA, COL_RAW, COL_RANK] {
        ws.write_blank(row, grid.col(col), &styles.center)?;
    }
    ws.write_formula_with_format(
        row,
        grid.col(COL_SELF),
        sum(COL_SELF).set_result(self_total),
        &styles.score,
    )?;
    let score_col = grid.col(COL_SCORE);
    match form.total {
        Total::Sum => {
            let formula = sum(COL_SCORE).set_result(cached_sum(scores()));
            ws.write_formula_with_format(row, score_col, formula, &styles.score)?;
        }
        Total::Added => {
            let formula =
                Formula::new(addition_formula(grid)).set_result(cached_addition(scores()));
            ws.write_formula_with_format(row, score_col, formula, &styles.score)?;
        }
        Total::Typed(total) => {
            ws.write_number_with_format(row, score_col, total, &styles.score)?;
        }
    }
    ws.set_row_height(row, 24)?;
    Ok(())
}

fn write_signatures(ws: &mut Worksheet, grid: &Grid, styles: &Styles) -> Result<(), XlsxError> {
    let row = grid.signature_row();
    for (i, text) in (0..).zip(SIGNATURES) {
        let first = grid.col(3 * i);
        ws.merge_range(row, first, row, first + 2, text, &styles.signature)?;
    }
    ws.set_row_height(row, 32)?;
    Ok(())
}

fn set_columns(ws: &mut Worksheet, grid: &Grid) -> Result<(), XlsxError> {
    if grid.first_col > 0 {
        ws.set_column_width(0, 3)?;
    }
    for (col, width) in (0..).zip(COLUMN_WIDTHS) {
        ws.set_column_width(grid.col(col), width)?;
    }
    Ok(())
}

fn set_print(ws: &mut Worksheet, grid: &Grid) -> Result<(), XlsxError> {
    ws.set_landscape()
        .set_paper_size(9) // A4
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_area(0, 0, grid.signature_row(), grid.last_col())?;
    Ok(())
}

fn write_form(ws: &mut Worksheet, form: &Form) -> Result<(), XlsxError> {
    let grid = Grid::new(form.layout);
    let styles = Styles::new();
    ws.set_name(SHEET_NAME)?;
    set_columns(ws, &grid)?;
    write_title(ws, &grid, &styles)?;
    write_head(ws, &grid, &styles, form.person)?;
    write_note(ws, &grid, &styles)?;
    write_header(ws, &grid, &styles)?;
    write_items(ws, &grid, &styles, &form.items)?;
    write_total(ws, &grid, &styles, form)?;
    write_signatures(ws, &grid, &styles)?;
    set_print(ws, &grid)
}

fn save(form: &Form, path: &Path) -> Result<(), Box<dyn Error>> {
    let mut workbook = Workbook::new();
    let default_font = Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(GB2312_CHARSET);
    workbook.set_default_format(&default_font, 18, 72)?;
    let created = ExcelDateTime::from_ymd(2026, 11, 2)?.and_hms(9, 0, 0)?;
    let properties = DocProperties::new()
        .set_title(TITLE)
        .set_author("人力资源部")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    write_form(workbook.add_worksheet(), form)?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    workbook.save(path)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let samples = root.join("samples").join(DEPARTMENT);
    let staging = root.join("target").join("make_fixtures");
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }

    save(&Form::template(), &root.join(TEMPLATE_FILE))?;
    println!("{TEMPLATE_FILE}");
    for sample in &SAMPLES {
        let file = format!("{}.xlsx", sample.file_stem());
        let path = match sample.output {
            Output::Xlsx => samples.join(&file),
            Output::Convert(ext) => staging.join(ext).join(&file),
        };
        save(&sample.form(), &path)?;
        let shown = path.strip_prefix(root).unwrap_or(&path);
        let scores = sample.expected_scores();
        let listed: Vec<String> = scores.iter().map(|s| s.map_or("-".into(), show)).collect();
        let total: f64 = scores.iter().flatten().sum();
        println!(
            "{}\texpected {} = {}",
            shown.display(),
            listed.join(" + "),
            show(total)
        );
    }
    Ok(())
}
