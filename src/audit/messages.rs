//! The words of every finding, in Chinese and English. Kept together so a
//! reviewer can read them all in one place and keep the two languages alike.

use crate::model::{Message, quote};
use crate::read::ReadError;

pub fn unreadable_file(error: &ReadError) -> Message {
    let zh = match error {
        ReadError::UnsupportedFormat(ext) => format!("不支持的文件格式:{ext}"),
        ReadError::NotAFile => "不是普通文件(管道、设备或文件夹)".to_string(),
        ReadError::Encrypted => "文件有密码保护或已加密".to_string(),
        ReadError::Damaged(_) => "文件已损坏或不是电子表格".to_string(),
        ReadError::NoWorksheet => "文件中没有工作表".to_string(),
        ReadError::ReaderCrashed(_) => "读取此文件时读取器崩溃".to_string(),
    };
    Message::new(zh, error.to_string())
}

pub fn no_mapping_matched(nearest: Option<&crate::locate::Nearest>) -> Message {
    match nearest {
        Some(nearest) => Message::new(
            format!(
                "没有任何考核方案(mapping)能识别此表;最接近的是“{}”,只相符 {}%",
                nearest.form, nearest.score
            ),
            format!(
                "no mapping recognises this workbook; the nearest, “{}”, matches {}%",
                nearest.form, nearest.score
            ),
        ),
        None => Message::new(
            "没有任何考核方案(mapping)能识别此表",
            "no mapping recognises this workbook",
        ),
    }
}

pub fn head_field_blank(label: &str) -> Message {
    let label = quote(label);
    Message::new(format!("{label}未填写"), format!("{label} is blank"))
}

pub fn excel_error(code: &str) -> Message {
    let code = quote(code);
    Message::new(
        format!("单元格显示错误值 {code},无法取数"),
        format!("the cell holds the Excel error {code}"),
    )
}

pub fn not_a_number(text: &str) -> Message {
    let text = quote(text);
    Message::new(
        format!("此处应为数字,但填写的是“{text}”"),
        format!("a number is required here, found the text “{text}”"),
    )
}

pub fn number_as_text(text: &str, value: &str) -> Message {
    let text = quote(text);
    Message::new(
        format!("数字以文本形式填写(“{text}”),已按 {value} 计算并改为数字"),
        format!("number stored as text (“{text}”), read and rewritten as {value}"),
    )
}

pub fn percent_without_sign(written: &str, read_as: &str) -> Message {
    Message::new(
        format!("百分比填写为 {written},未带 % 号,按 {read_as} 计算,请核对"),
        format!(
            "percentage written as {written} without a % sign, read as {read_as}; please check"
        ),
    )
}

pub fn score_out_of_range(value: &str, lowest: &str, highest: &str) -> Message {
    Message::new(
        format!("得分 {value} 超出范围 {lowest}~{highest}"),
        format!("score {value} is outside {lowest}–{highest}"),
    )
}

pub fn full_marks_mismatch(found: &str, expected: &str) -> Message {
    Message::new(
        format!("表中分值为 {found},考核方案规定为 {expected}"),
        format!("full marks in the workbook are {found}; the rubric says {expected}"),
    )
}

pub fn weight_mismatch(found: &str, expected: &str) -> Message {
    Message::new(
        format!("表中权重为 {found},考核方案规定为 {expected}"),
        format!("the weight in the workbook is {found}; the rubric says {expected}"),
    )
}

pub fn weights_do_not_add_up(sum: &str) -> Message {
    Message::new(
        format!("表中各项权重合计为 {sum},不是 100%"),
        format!("the weights in the workbook add up to {sum}, not 100%"),
    )
}

pub fn score_mismatch(found: &str, expected: &str) -> Message {
    Message::new(
        format!("按考核标准应得 {expected} 分,表中填写 {found} 分,已更正"),
        format!("the rule gives {expected}, the form says {found}; corrected"),
    )
}

pub fn score_blank(expected: &str) -> Message {
    Message::new(
        format!("实际得分未填写,已按考核标准填入 {expected} 分"),
        format!("the score is blank; filled in {expected} from the rule"),
    )
}

pub fn judgement_out_of_range(found: &str, allowed: &str, counted: &str) -> Message {
    Message::new(
        format!(
            "此档由主管在 {allowed} 范围内酌情评分,表中填写 {found},超出范围,按 {counted} 分计"
        ),
        format!(
            "this band is judged within {allowed}; the form says {found}, counted as {counted}"
        ),
    )
}

pub fn needs_judgement(allowed: &str) -> Message {
    Message::new(
        format!("此项需主管在 {allowed} 范围内评分,尚未填写,暂按 0 分计"),
        format!("needs a judged score within {allowed}; none given, counted as 0"),
    )
}

pub fn self_score_stands_in(allowed: &str, own: &str) -> Message {
    Message::new(
        format!("上级尚未在 {allowed} 范围内评分,按评分规则以自评 {own} 分代替"),
        format!(
            "no supervisor's score within {allowed}; by the rater policy the self score {own} stands in"
        ),
    )
}

pub fn missing_input() -> Message {
    Message::new(
        "实际完成数据未填写,无法核对得分,暂按表中得分计",
        "the raw result is blank: the score cannot be checked and is taken as given",
    )
}

pub fn missing_score() -> Message {
    Message::new(
        "实际完成与实际得分均未填写,此项无法评分,按 0 分计",
        "neither a raw result nor a score: the indicator cannot be scored, counted as 0",
    )
}

pub fn total_error(code: &str, expected: &str) -> Message {
    let code = quote(code);
    Message::new(
        format!("总分显示错误值 {code},重新计算应为 {expected}"),
        format!("the total shows {code}; recomputed it is {expected}"),
    )
}

pub fn total_hand_entered() -> Message {
    Message::new(
        "总分为手工填写的数值,模板此处应为公式",
        "the total is a typed number where the template has a formula",
    )
}

pub fn total_mismatch(found: &str, expected: &str) -> Message {
    Message::new(
        format!("总分 {found} 与重新计算的 {expected} 不符,已更正"),
        format!("the total {found} disagrees with the recomputed {expected}; corrected"),
    )
}

pub fn letter_mismatch(
    letter: &str,
    allowed: &str,
    score: &str,
    by_score: Option<&str>,
) -> Message {
    let letter = quote(letter);
    let zh_hint = by_score.map_or(String::new(), |l| format!(",按得分应为 {l}"));
    let en_hint = by_score.map_or(String::new(), |l| format!("; the score gives {l}"));
    Message::new(
        format!(
            "等级 {letter} 对应 {allowed} 分,得分 {score} 不在其中{zh_hint};总分按得分 {score} 计"
        ),
        format!(
            "letter {letter} stands for {allowed}, the score is {score}{en_hint}; the total counts {score}"
        ),
    )
}

pub fn letter_derived(letter: &str, score: &str) -> Message {
    Message::new(
        format!("未填等级,按得分 {score} 应为 {letter}"),
        format!("no letter given; the score {score} gives {letter}"),
    )
}

pub fn unknown_label(written: &str) -> Message {
    let written = quote(written);
    Message::new(
        format!("“{written}”不是此项可选的等级或评价,无法按标准评分"),
        format!("“{written}” is not one of the labels this indicator accepts"),
    )
}

pub fn team_score_unavailable() -> Message {
    Message::new(
        "团队数据无法计算此项(如团队合计为0或有负数),暂按表中得分计",
        "the team's values cannot score this indicator (a zero team total or a negative amount); the form's score is taken",
    )
}

pub fn grade_mismatch(written: &str, grade: &str) -> Message {
    let written = quote(written);
    Message::new(
        format!("表中等级为“{written}”,按总分应为“{grade}”"),
        format!("the form says grade “{written}”; the total gives “{grade}”"),
    )
}

pub fn duplicate_person(name: &str, period: &str, others: &[&str]) -> Message {
    let (name, period) = (quote(name), quote(period));
    let (others_zh, others_en) = (others.join("、"), others.join(", "));
    let (others_zh, others_en) = (quote(&others_zh), quote(&others_en));
    Message::new(
        format!("{name} 的 {period} 考核在本批中出现不止一次(另见 {others_zh})"),
        format!(
            "{name}'s review for {period} appears more than once in the batch (also in {others_en})"
        ),
    )
}
