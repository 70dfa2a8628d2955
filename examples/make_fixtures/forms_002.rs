//! The forms of seed 002 (电商淘宝天猫客服KPI绩效考核): 淘宝绩效考核表(员工),
//! thirteen items whose 权重 X% is worth X points. `samples/README.md`
//! documents every sample; `mappings/` states the same rules for the tool.

use super::Entry::{Blank, Number};
use super::forms::column;
use super::{
    Col, Fault, Field, Form, Head, Indicator, Output, Rule, Sample, Term, TotalFormula, TotalRow,
};

pub const FORMS: [&Form; 1] = [&TAOBAO_STAFF];

// ---------------------------------------------------------------------------
// 淘宝绩效考核表(员工) — seed 002, lines 180–182: 工作业绩 (定量 and 定性
// 指标), 工作态度 and 其它事项; deductions per occurrence, bonuses per deed,
// levels judged by the supervisor.
// ---------------------------------------------------------------------------

const TAOBAO_STAFF: Form = Form {
    title: "淘宝绩效考核表(员工)",
    sheet: "员工绩效考核表",
    template: "templates/淘宝绩效考核表(员工).xlsx",
    department: "电商部",
    month: "2026年10月",
    reviewer: "孔主管",
    head: Head::Inline(&[
        ("部门", Field::Department, 2),
        ("姓名", Field::Person, 2),
        ("岗位", Field::Fixed("网店客服"), 1),
        ("日期", Field::Month, 1),
        ("主管", Field::Reviewer, 2),
    ]),
    note: "",
    columns: &[
        column("考核项目", 10.0, Col::Group),
        column("考核指标", 12.0, Col::Name),
        column("权重", 7.0, Col::Weight),
        column("评价标准", 44.0, Col::Wrap(0)),
        column("考核数据", 14.0, Col::DataLabel),
        column("实际情况", 9.0, Col::Raw),
        column("自评", 8.0, Col::SelfScore),
        column("主管审核", 9.0, Col::Score),
    ],
    indicators: &TAOBAO_STAFF_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "最终得分",
        label_span: 2,
        formula: TotalFormula::Sum,
        extra: &[],
        subtotal: None,
    },
    signatures: &["本人签名:", "主管签名:", "审批:"],
    footnotes: &[
        "备注:",
        "参评者综合评价(包括工作上的意见建议):",
        "个人反馈意见:",
    ],
    raters: None,
    samples: &TAOBAO_STAFF_SAMPLES,
};

const RESULTS_COUNTED: &str = "工作业绩(定量指标)";
const RESULTS_JUDGED: &str = "工作业绩(定性指标)";
const ATTITUDE: &str = "工作态度";

/// An item whose 权重 X% is worth X points.
const fn item(
    group: &'static str,
    name: &'static str,
    text: &'static [&'static str],
    points: f64,
    data: &'static [&'static str],
    rule: Rule,
) -> Indicator {
    Indicator {
        name,
        group,
        texts: text,
        max: points,
        weight: Some(points / 100.0),
        data,
        raw_format: "0",
        rule,
    }
}

/// `points` off each occurrence, beyond none free.
const fn per_occurrence(points: f64) -> Term {
    Term {
        points,
        free: 0.0,
        zero_from: None,
    }
}

const TAOBAO_STAFF_INDICATORS: [Indicator; 13] = [
    item(
        RESULTS_COUNTED,
        "产品发错货率",
        &["每发现一笔扣1分"],
        10.0,
        &["发错货(笔)"],
        Rule::Deduction(&[per_occurrence(1.0)]),
    ),
    item(
        RESULTS_COUNTED,
        "事项追踪进度",
        &["整体操作情况"],
        10.0,
        &["主管评定"],
        Rule::Judged,
    ),
    item(
        RESULTS_COUNTED,
        "订单修正率",
        &["订单修改出现延误工作,每发现一次扣1分"],
        10.0,
        &["延误(次)"],
        Rule::Deduction(&[per_occurrence(1.0)]),
    ),
    item(
        RESULTS_COUNTED,
        "工作积极性",
        &["对工作总是怀有做到最好的愿望"],
        10.0,
        &["主管评定"],
        Rule::Judged,
    ),
    item(
        RESULTS_COUNTED,
        "工作满意度",
        &["客户(含公司员工)每投诉一次扣2分,扣到该项为0分为止"],
        5.0,
        &["投诉(次)"],
        Rule::Deduction(&[per_occurrence(2.0)]),
    ),
    item(
        RESULTS_JUDGED,
        "团队协作",
        &["因个人原因而影响整个部门工作的情况出现一次,扣除该项5分"],
        5.0,
        &["影响部门工作(次)"],
        Rule::Deduction(&[per_occurrence(5.0)]),
    ),
    item(
        RESULTS_JUDGED,
        "制度执行情况",
        &["每违规一次扣1分"],
        10.0,
        &["违规(次)"],
        Rule::Deduction(&[per_occurrence(1.0)]),
    ),
    item(
        RESULTS_JUDGED,
        "表现记事",
        &["表现优良事迹每次加4分;提出合理化建议并给采纳的奖励3分"],
        7.0,
        &["优良事迹(次)", "建议被采纳(条)"],
        Rule::Sum(&[
            Rule::PerItem {
                points: 4.0,
                cap: f64::INFINITY,
            },
            Rule::PerItem {
                points: 3.0,
                cap: f64::INFINITY,
            },
        ]),
    ),
    item(
        ATTITUDE,
        "工作责任心",
        &[
            "7分:有强烈的责任心,从来没有失职行为;5分:有较强的工作责任心,极少有失职行为;3分:有相当的工作责任心,但是偶尔也有失职行为;2分:有一定的工作责任心,时常有失职行为;1分:基本上没有工作责任心,工作失职习以为常",
        ],
        7.0,
        &["主管评定"],
        Rule::Judged,
    ),
    item(
        ATTITUDE,
        "工作态度",
        &[
            "7分:工作态度非常端正,工作任务从来不会延迟;5分:工作态度较为端正,工作任务极少延迟;3分:工作态度相当端正,工作任务偶尔也会延迟;2分:工作态度不太端正,工作任务经常会延迟;1分:工作态度很不端正,工作任务延迟习以为常",
        ],
        7.0,
        &["主管评定"],
        Rule::Judged,
    ),
    item(
        ATTITUDE,
        "团队意识",
        &[
            "7分:有强烈的团队意识,总是主动协助他人完成工作;5分:有较强的团队意识,经常主动协助他人完成工作;3分:有相当的团队意识,偶尔主动协助他人完成工作;2分:有一定的团队意识,极少主动协助他人完成工作;1分:基本上没有团队意识,从不主动协助他人完成工作",
        ],
        7.0,
        &["主管评定"],
        Rule::Judged,
    ),
    item(
        ATTITUDE,
        "服从意识",
        &[
            "7分:有强烈的服从意识,从不违反规章制度和工作标准;5分:有较强的服从意识,极少违反规章制度和工作标准;3分:有相当的服从意识,偶尔违反规章制度和工作标准;2分:有一定的服从意识,时常违反规章制度和工作标准;1分:基本上没有服从意识,违反规章制度和工作标准习以为常",
        ],
        7.0,
        &["主管评定"],
        Rule::Judged,
    ),
    item(
        "其它事项",
        "员工出勤率",
        &[
            "1.月度员工出勤率达到100%,得满分,迟到次数超过3次或早退一次,扣1分,直至0分为止;2.月度旷工1次以上者,该项得分为0",
        ],
        5.0,
        &["迟到(次)", "早退(次)", "旷工(次)"],
        Rule::Deduction(&[
            Term {
                points: 1.0,
                free: 3.0,
                zero_from: None,
            },
            per_occurrence(1.0),
            Term {
                points: 0.0,
                free: 0.0,
                zero_from: Some(1.0),
            },
        ]),
    ),
];

/// Raw results: 发错货, 延误, 投诉, 影响部门工作, 违规, 优良事迹, 建议被采纳,
/// 迟到, 早退, 旷工. Judged: 事项追踪进度 (2), 工作积极性 (4) and the four
/// levels 7/5/3/2/1 (9–12).
const TAOBAO_STAFF_SAMPLES: [Sample; 6] = [
    Sample {
        id: 1,
        name: "柳青",
        raw: &[1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 2.0, 0.0, 0.0],
        judged: &[
            (2, 9.0),
            (4, 8.0),
            (9, 7.0),
            (10, 5.0),
            (11, 7.0),
            (12, 5.0),
        ],
        self_scores: &[(2, Number(10.0)), (10, Number(7.0))],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "萧然",
        // 发错货 typed "2笔" (read as 2 → 8); 制度执行情况 typed "9分".
        raw: &[2.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 4.0, 0.0, 0.0],
        judged: &[
            (2, 8.0),
            (4, 8.0),
            (9, 5.0),
            (10, 5.0),
            (11, 5.0),
            (12, 7.0),
        ],
        faults: &[Fault::RawAsText(1, "2笔"), Fault::ScoreAsText(7, "9分")],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "叶子",
        // 团队协作: one occurrence takes the whole 5, but 4 is written;
        // 员工出勤率: 5 late arrivals (3 free) give 3, but 5 is written.
        raw: &[0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0],
        judged: &[
            (2, 7.0),
            (4, 7.0),
            (9, 5.0),
            (10, 5.0),
            (11, 3.0),
            (12, 5.0),
        ],
        faults: &[Fault::WrongScore(6, 4.0), Fault::WrongScore(13, 5.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "聂远",
        // 表现记事: 2 deeds and 1 adopted suggestion are 11, held at the
        // item's 7; 11 is written.
        raw: &[0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 1.0, 1.0, 0.0, 0.0],
        judged: &[
            (2, 10.0),
            (4, 10.0),
            (9, 7.0),
            (10, 7.0),
            (11, 7.0),
            (12, 7.0),
        ],
        faults: &[Fault::WrongScore(8, 11.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "岳琦",
        // 延误 is not filled in (the 7 written stands unchecked); one day
        // of 旷工 zeroes 员工出勤率.
        raw: &[3.0, 3.0, 2.0, 0.0, 2.0, 0.0, 0.0, 1.0, 1.0, 1.0],
        judged: &[
            (2, 6.0),
            (4, 7.0),
            (9, 3.0),
            (10, 5.0),
            (11, 5.0),
            (12, 3.0),
        ],
        self_scores: &[(13, Blank)],
        faults: &[Fault::RawMissing(3), Fault::TotalTyped(70.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 6,
        name: "齐悦",
        raw: &[0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 3.0, 1.0, 0.0],
        judged: &[
            (2, 9.0),
            (4, 9.0),
            (9, 7.0),
            (10, 5.0),
            (11, 7.0),
            (12, 7.0),
        ],
        faults: &[Fault::ScoreAsText(4, "9分"), Fault::TotalAdded],
        output: Output::Convert("xls"),
        ..Sample::CLEAN
    },
];
