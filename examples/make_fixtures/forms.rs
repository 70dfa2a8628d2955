//! The forms the fixtures are made of: each form's look, indicators, scoring
//! rules and samples, as data. `samples/README.md` documents every sample;
//! the mappings under `mappings/` state the same rules for the tool.

use super::Entry::{self, Blank, Number, Text};
use super::roster::{Person, Roster, RosterCol, RosterColumn, RosterRule, RosterSample};
use super::{
    Cmp, Col, Column, Fault, Field, Form, Head, Indicator, Layout, Output, Raters, Rule, Sample,
    Term, TotalFormula, TotalRow,
};

pub const FORMS: [&Form; 5] = [
    &PRESALES,
    &TECH_SUPPORT,
    &SERVICE_MANAGER,
    &QUANTIFIED,
    &SENIOR_ENGINEER,
];

pub const ROSTERS: [&Roster; 1] = [&PRESALES_ROSTER];

// ---------------------------------------------------------------------------
// 售前客服岗位月度绩效考核表 — seed 000; points adding up to 100.
// ---------------------------------------------------------------------------

pub const PRESALES: Form = Form {
    title: "售前客服岗位月度绩效考核表(KPI)",
    sheet: "绩效考核表",
    template: "templates/售前客服岗位月度绩效考核表.xlsx",
    department: "售前客服部",
    month: "2026年10月",
    reviewer: "周主管",
    head: Head::Pairs(&[
        ("被考核人", Field::Person),
        ("部门", Field::Department),
        ("考核月份", Field::Month),
        ("考核人", Field::Reviewer),
    ]),
    note: "填表说明:实际完成请填写原始数据,实际得分由主管填写",
    columns: &[
        column("序号", 9.0, Col::No),
        column("考核指标", 14.0, Col::Name),
        column("考核标准", 45.0, Col::Wrap(0)),
        column("分值", 11.0, Col::MaxPoints),
        column("考核数据", 16.0, Col::DataLabel),
        column("实际完成", 11.0, Col::Raw),
        column("自我评价", 10.0, Col::SelfScore),
        column("实际得分", 10.0, Col::Score),
        column("排名", 8.0, Col::Rank),
    ],
    indicators: &PRESALES_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "总计",
        label_span: 3,
        formula: TotalFormula::Sum,
        extra: &[],
        subtotal: None,
    },
    signatures: &["考核人签字:", "被考核人签字:", "日期:"],
    footnotes: &[],
    raters: None,
    samples: &PRESALES_SAMPLES,
};

pub const fn column(header: &'static str, width: f64, kind: Col) -> Column {
    Column {
        header,
        width,
        kind,
    }
}

pub const PRESALES_INDICATORS: [Indicator; 12] = [
    Indicator {
        name: "预期销售额完成度",
        texts: &["达到销售目标为满分,否则根据实际情况折算评定"],
        max: 30.0,
        data: &["销售额完成率"],
        raw_format: "0%",
        rule: Rule::Proportional(1.0),
        ..Indicator::BASE
    },
    Indicator {
        name: "询单转化率",
        texts: &["询单转化率达到75%为满分,否则根据实际情况折算评定"],
        max: 15.0,
        data: &["询单转化率"],
        raw_format: "0.0%",
        rule: Rule::Proportional(0.75),
        ..Indicator::BASE
    },
    Indicator {
        name: "客单价",
        texts: &["客单价达到200元为满分,否则根据实际情况折算评定(可根据淡旺季情况有所区分)"],
        max: 5.0,
        data: &["客单价(元)"],
        raw_format: "0.00",
        rule: Rule::Proportional(200.0),
        ..Indicator::BASE
    },
    Indicator {
        name: "客件数",
        texts: &["客件数达到1.8件为满分,否则根据实际情况折算评定"],
        max: 10.0,
        data: &["客件数(件)"],
        raw_format: "0.00",
        rule: Rule::Proportional(1.8),
        ..Indicator::BASE
    },
    Indicator {
        name: "打字速度",
        texts: &["70字/分为满分,60字/分为优秀,50字/分为及格"],
        max: 5.0,
        data: &["打字速度(字/分)"],
        raw_format: "0",
        // Below 50: the sibling form's "不及格此项分数统一为2分".
        rule: Rule::Steps {
            cmp: Cmp::AtLeast,
            steps: &[(70.0, 5.0), (60.0, 4.0), (50.0, 3.0)],
            otherwise: Some(2.0),
        },
        ..Indicator::BASE
    },
    Indicator {
        name: "维权投诉、低质评价",
        texts: &[
            "由客服态度原因导致的虚假发货、延迟发货、违背承诺,投诉一次为0分,由客服态度服务导致的低质评价1个扣1分",
        ],
        max: 5.0,
        data: &["投诉次数", "低质评价个数"],
        raw_format: "0",
        rule: Rule::Deduction(&[
            Term {
                points: 0.0,
                free: 0.0,
                zero_from: Some(1.0),
            },
            Term {
                points: 1.0,
                free: 0.0,
                zero_from: None,
            },
        ]),
        ..Indicator::BASE
    },
    Indicator {
        name: "出错率",
        texts: &[
            "备注出错、没看通知出错、价格解释出错、承诺具体发货时间、具体退换货时间、具体退款以及具体到帐时间,扣0.5分/次",
        ],
        max: 5.0,
        data: &["出错次数"],
        raw_format: "0",
        rule: Rule::Deduction(&[Term {
            points: 0.5,
            free: 0.0,
            zero_from: None,
        }]),
        ..Indicator::BASE
    },
    Indicator {
        name: "退款比例",
        texts: &["退款额/销售额,低于5%为满分,5~7%扣1分,7~9%扣2分,9~15%扣3~5分"],
        max: 5.0,
        data: &["退款比例"],
        raw_format: "0.0%",
        // At 9% or more the supervisor judges a score in [0, 2].
        rule: Rule::Steps {
            cmp: Cmp::Below,
            steps: &[(0.05, 5.0), (0.07, 4.0), (0.09, 3.0)],
            otherwise: None,
        },
        ..Indicator::BASE
    },
    Indicator {
        name: "出勤状况",
        texts: &[
            "员工累计迟到或早退10分钟以内(含10分钟)者免于处罚;超过10分钟由主管酌情评分(0~4分)",
        ],
        max: 5.0,
        data: &["迟到早退(分钟)"],
        raw_format: "0",
        // Above 10 minutes the supervisor judges a score in [0, 4].
        rule: Rule::Steps {
            cmp: Cmp::AtMost,
            steps: &[(10.0, 5.0)],
            otherwise: None,
        },
        ..Indicator::BASE
    },
    Indicator {
        name: "及时反馈和解决异常情况",
        texts: &[
            "每周五之前书面提出售前客服需要反馈的问题和解决方案,一项为1分,5项或以上为满分,无提出此项者,分数记0",
        ],
        max: 5.0,
        data: &["提出问题(项)"],
        raw_format: "0",
        rule: Rule::PerItem {
            points: 1.0,
            cap: 5.0,
        },
        ..Indicator::BASE
    },
    Indicator {
        name: "团队配合",
        texts: &["积极配合团队,商品主推、店铺活动及售后等分工协作"],
        max: 5.0,
        ..Indicator::BASE
    },
    Indicator {
        name: "总结与计划",
        texts: &["周、月度总结及计划"],
        max: 5.0,
        ..Indicator::BASE
    },
];

/// Raw results: indicators 1-10 in order, two for indicator 6.
const PRESALES_SAMPLES: [Sample; 10] = [
    Sample {
        id: 1,
        name: "张伟",
        raw: &[0.95, 0.72, 186.0, 1.5, 72.0, 0.0, 1.0, 2.0, 0.043, 5.0, 4.0],
        judged: &[(11, 5.0), (12, 4.0)],
        self_scores: &[(2, Number(15.0)), (7, Number(4.5)), (12, Number(5.0))],
        faults: &[],
        layout: Layout::Standard,
        output: Output::Xlsx,
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "王芳",
        raw: &[1.08, 0.78, 205.0, 1.9, 65.0, 0.0, 0.0, 1.0, 0.10, 25.0, 6.0],
        judged: &[(8, 2.0), (9, 3.0), (11, 5.0), (12, 5.0)],
        self_scores: &[(8, Number(3.0)), (9, Number(4.0))],
        faults: &[],
        layout: Layout::Standard,
        output: Output::Xlsx,
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "李娜",
        raw: &[
            0.88, 0.90, 172.0, 1.62, 63.0, 0.0, 2.0, 3.0, 0.058, 0.0, 3.0,
        ],
        judged: &[(11, 4.0), (12, 4.0)],
        self_scores: &[(1, Number(28.0)), (4, Number(9.5))],
        faults: &[Fault::RawAsText(2, "９０%"), Fault::ScoreAsText(5, "4分")],
        layout: Layout::Standard,
        output: Output::Xlsx,
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "刘洋",
        raw: &[
            0.82, 0.66, 158.0, 1.45, 55.0, 0.0, 0.0, 1.0, 0.075, 8.0, 2.0,
        ],
        judged: &[(11, 4.0), (12, 3.0)],
        self_scores: &[(1, Number(26.0)), (10, Number(3.0)), (12, Number(4.0))],
        faults: &[Fault::ScoreAsText(7, "4.5分"), Fault::TotalAdded],
        layout: Layout::Standard,
        output: Output::Xlsx,
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "陈静",
        raw: &[
            0.90, 0.70, 180.0, 1.71, 68.0, 0.0, 1.0, 3.0, 0.052, 15.0, 4.0,
        ],
        judged: &[(9, 3.0), (11, 4.0), (12, 4.0)],
        self_scores: &[(9, Number(4.0)), (11, Number(5.0))],
        faults: &[Fault::TotalTyped(88.0)],
        layout: Layout::Standard,
        output: Output::Xlsx,
        ..Sample::CLEAN
    },
    Sample {
        id: 6,
        name: "杨磊",
        raw: &[
            1.02, 0.74, 230.0, 1.85, 75.0, 0.0, 0.0, 0.0, 0.031, 0.0, 5.0,
        ],
        judged: &[(11, 5.0), (12, 4.0)],
        self_scores: &[(2, Number(15.0)), (12, Number(5.0))],
        faults: &[Fault::WrongScore(3, 6.0)],
        layout: Layout::Standard,
        output: Output::Xlsx,
        ..Sample::CLEAN
    },
    Sample {
        id: 7,
        name: "赵敏",
        // 客件数 was 1.44 (score 8) but is not typed in.
        raw: &[
            0.76, 0.61, 166.0, 1.44, 58.0, 0.0, 3.0, 4.0, 0.068, 30.0, 1.0,
        ],
        // 团队配合 was never judged.
        judged: &[(9, 2.0), (12, 3.0)],
        self_scores: &[(1, Blank), (3, Blank), (9, Blank), (11, Blank)],
        faults: &[Fault::RawMissing(4), Fault::ScoreMissing(11)],
        layout: Layout::Standard,
        output: Output::Xlsx,
        ..Sample::CLEAN
    },
    Sample {
        id: 8,
        name: "黄强",
        raw: &[
            0.85, 0.60, 194.0, 1.6, 70.0, 0.0, 1.0, 1.0, 0.045, 10.0, 3.0,
        ],
        judged: &[(11, 4.0), (12, 4.0)],
        self_scores: &[(2, Number(15.0)), (4, Number(9.0))],
        faults: &[Fault::WrongScore(2, 15.0)],
        layout: Layout::Standard,
        output: Output::Convert("xls"),
        ..Sample::CLEAN
    },
    Sample {
        id: 9,
        name: "周婷",
        raw: &[
            0.98, 0.76, 210.0, 1.75, 66.0, 0.0, 0.0, 2.0, 0.12, 12.0, 5.0,
        ],
        // 退款比例 12% allows a judged score in [0, 2]: 4 is out of range and
        // counts as the maximum, 2.
        judged: &[(8, 2.0), (9, 4.0), (11, 5.0), (12, 5.0)],
        self_scores: &[(8, Number(4.0))],
        faults: &[Fault::WrongScore(8, 4.0)],
        layout: Layout::Standard,
        output: Output::Convert("ods"),
        ..Sample::CLEAN
    },
    Sample {
        id: 10,
        name: "孙丽",
        raw: &[
            0.93, 0.69, 178.0, 1.55, 61.0, 0.0, 0.0, 1.0, 0.049, 3.0, 5.0,
        ],
        judged: &[(11, 4.0), (12, 5.0)],
        self_scores: &[(1, Number(28.5)), (2, Number(14.0))],
        faults: &[],
        layout: Layout::Shifted,
        output: Output::Xlsx,
        ..Sample::CLEAN
    },
];

// ---------------------------------------------------------------------------
// 售前技术支持工程师岗位绩效考核指标(KPI) — seeds 000 and 004. Each item's
// 权重 X% is worth X points; the points add up to 100.
// ---------------------------------------------------------------------------

const TECH_SUPPORT: Form = Form {
    title: "售前技术支持工程师岗位绩效考核指标(KPI)",
    sheet: "KPI考核表",
    template: "templates/售前技术支持工程师岗位绩效考核指标.xlsx",
    department: "技术支持部",
    month: "2026年10月",
    reviewer: "陈经理",
    head: Head::Inline(&[
        ("岗位名称", Field::Fixed("售前技术支持工程师"), 3),
        ("任职者", Field::Person, 2),
        ("所属部门", Field::Department, 2),
        ("考核月份", Field::Month, 2),
        ("考核人", Field::Reviewer, 2),
    ]),
    note: "填表说明:实际完成请填写原始数据,得分由考核人填写",
    columns: &[
        column("序号", 6.0, Col::No),
        column("指标名称", 12.0, Col::Name),
        column("权重", 7.0, Col::Weight),
        column("指标设置目的", 22.0, Col::Wrap(0)),
        column("指标定义", 24.0, Col::Wrap(1)),
        column("评分标准", 44.0, Col::Wrap(2)),
        column("数据来源", 11.0, Col::Center(3)),
        column("考核数据", 15.0, Col::DataLabel),
        column("实际完成", 9.0, Col::Raw),
        column("得分", 8.0, Col::Score),
        column("备注", 8.0, Col::Blank),
    ],
    indicators: &TECH_SUPPORT_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "总分",
        label_span: 2,
        formula: TotalFormula::Sum,
        extra: &[],
        subtotal: None,
    },
    signatures: &["考核人签字:", "任职者签字:", "日期:"],
    footnotes: &[],
    raters: None,
    samples: &TECH_SUPPORT_SAMPLES,
};

const TECH_SUPPORT_INDICATORS: [Indicator; 6] = [
    Indicator {
        name: "项目技术解决率",
        texts: &[
            "通过及时处理客户在使用公司产品过程中所出现的问题,提高客户对我司产品的认可度,促成项目的顺利落单或回款",
            "指在客户要求时间内独自解决客户问题的情况,按未能独自解决客户需求的次数进行考核",
            "1)均能按时解决项目技术调试问题,得35分;2)未及时独立解决项目客户数量≤3个,得30分;3)未及时独立解决项目客户数量≤5个,得25分;4)未及时独立解决项目客户数量≤10个,得20分;5)未及时独立解决项目客户数量>10个,得10分",
            "技术部/区域销售经理",
        ],
        max: 35.0,
        weight: Some(0.35),
        data: &["未及时解决客户(个)"],
        raw_format: "0",
        rule: Rule::Steps {
            cmp: Cmp::AtMost,
            steps: &[(0.0, 35.0), (3.0, 30.0), (5.0, 25.0), (10.0, 20.0)],
            otherwise: Some(10.0),
        },
        ..Indicator::BASE
    },
    Indicator {
        name: "项目支持满意度",
        texts: &[
            "通过对技术部总体项目支撑满意程度的考核,及时改进支撑较为薄弱的环节,提高部门总体的技术服务水平",
            "指各区域销售经理和客户对技术支撑部门的支撑服务满意程度,按满意度调查表的方式进行考核",
            "1)项目支持满意度≥95分,得15分;2)项目支持满意度≥90分,得12分;3)项目支持满意度≥85分,得10分;4)项目支持满意度≥80分,得5分;5)项目支持满意度<80分,得0分",
            "客户体验满意度调查表",
        ],
        max: 15.0,
        weight: Some(0.15),
        data: &["满意度调查得分"],
        raw_format: "0.0",
        rule: Rule::Steps {
            cmp: Cmp::AtLeast,
            steps: &[(95.0, 15.0), (90.0, 12.0), (85.0, 10.0), (80.0, 5.0)],
            otherwise: Some(0.0),
        },
        ..Indicator::BASE
    },
    Indicator {
        name: "项目跟踪回访完成率",
        texts: &[
            "定期对所负责区域的项目主动回访,及时了解客户在使用我司产品过程中所遇见的问题,促进项目的快速落地,并对所跟踪的项目情况反馈给部门经理和所在区域的销售经理",
            "指所负责区域的项目最少每周要进行一次定期回访,按未回访的项目数量进行考核",
            "1)所有项目均能定期回访,得15分;2)未回访项目数量≤3个,得12分;3)未回访项目数量≤5个,得10分;4)未回访项目数量≤10个,得5分;5)未回访项目数量>10个,得0分",
            "技术部/区域销售经理",
        ],
        max: 15.0,
        weight: Some(0.15),
        data: &["未回访项目(个)"],
        raw_format: "0",
        rule: Rule::Steps {
            cmp: Cmp::AtMost,
            steps: &[(0.0, 15.0), (3.0, 12.0), (5.0, 10.0), (10.0, 5.0)],
            otherwise: Some(0.0),
        },
        ..Indicator::BASE
    },
    Indicator {
        name: "客户投诉次数",
        texts: &[
            "为树立公司良好的品牌形象,热情、主动、专业的为客户提供优质服务",
            "指客户对技术支撑过程中对我司服务态度、专业技能等方面的投诉次数",
            "1)无客户投诉,得15分;2)客户每投诉1次扣5分",
            "运营商事业部",
        ],
        max: 15.0,
        weight: Some(0.15),
        data: &["客户投诉(次)"],
        raw_format: "0",
        rule: Rule::Deduction(&[Term {
            points: 5.0,
            free: 0.0,
            zero_from: None,
        }]),
        ..Indicator::BASE
    },
    Indicator {
        name: "技术学习交流与成长",
        texts: &[
            "通过技术经验的学习、分享和培训,提高技术问题的解决能力,促进自我的成长",
            "指对自我成功经验的分享和对他人成功经验的学习能力,按主动分享成功经验和培训学习成绩进行考核(每月抽出5~10个培训内容和成功经验进行考核)",
            "1)培训学习成绩大于95分,得10分;2)培训学习成绩大于90分,得8分;3)培训学习成绩大于80分,得6分;4)培训学习成绩小于80分,得5分;同时主动提供成功经验每例加2分,最高加5分",
            "技术部",
        ],
        max: 10.0,
        weight: Some(0.10),
        data: &["培训学习成绩", "分享成功经验(例)"],
        raw_format: "0",
        // Exactly 80 scores 5 (the form's "小于80" read as ≤ 80); the item
        // is capped at its 10 points.
        rule: Rule::Sum(&[
            Rule::Steps {
                cmp: Cmp::Above,
                steps: &[(95.0, 10.0), (90.0, 8.0), (80.0, 6.0)],
                otherwise: Some(5.0),
            },
            Rule::PerItem {
                points: 2.0,
                cap: 5.0,
            },
        ]),
        ..Indicator::BASE
    },
    Indicator {
        name: "日报总结",
        texts: &[
            "通过对每日工作情况进行总结,保持与公司总部良好沟通,及时反馈工作中出现的问题和进展情况",
            "指每日日报提交和对当日工作总结分析情况,按未提交日报次数和日报总结的质量进行考核",
            "1)每未提交1次扣一分,超过5次为0分;2)总结深刻为现行问题或后期工作提供很好的解决办法加2分,内容敷衍无建设性意见扣1分",
            "综合评定",
        ],
        max: 10.0,
        weight: Some(0.10),
        data: &["未提交日报(次)", "敷衍总结(次)", "深刻总结(次)"],
        raw_format: "0",
        // −1 a missing report (0 from 6 on), −1 a perfunctory summary, +2 an
        // insightful one; the item is capped at its 10 points.
        rule: Rule::Sum(&[
            Rule::Deduction(&[
                Term {
                    points: 1.0,
                    free: 0.0,
                    zero_from: Some(6.0),
                },
                Term {
                    points: 1.0,
                    free: 0.0,
                    zero_from: None,
                },
            ]),
            Rule::PerItem {
                points: 2.0,
                cap: f64::INFINITY,
            },
        ]),
        ..Indicator::BASE
    },
];

/// Raw results: 未及时解决客户, 满意度调查得分, 未回访项目, 客户投诉,
/// 培训学习成绩, 分享成功经验, 未提交日报, 敷衍总结, 深刻总结.
const TECH_SUPPORT_SAMPLES: [Sample; 6] = [
    Sample {
        id: 1,
        name: "李明",
        raw: &[1.0, 96.0, 0.0, 0.0, 92.0, 1.0, 1.0, 0.0, 0.0],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "王磊",
        raw: &[4.0, 88.0, 2.0, 0.0, 85.0, 0.0, 2.0, 0.0, 1.0],
        faults: &[Fault::RawAsText(2, "88分"), Fault::ScoreAsText(1, "25分")],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "张强",
        raw: &[0.0, 93.0, 4.0, 1.0, 96.0, 0.0, 2.0, 1.0, 0.0],
        // 4 projects not revisited is "≤5 → 10", not "≤3 → 12".
        faults: &[Fault::WrongScore(3, 12.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "刘芳",
        raw: &[3.0, 90.0, 1.0, 0.0, 88.0, 2.0, 0.0, 0.0, 0.0],
        faults: &[Fault::TotalTyped(91.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "陈晨",
        raw: &[6.0, 82.0, 0.0, 2.0, 85.0, 3.0, 0.0, 0.0, 0.0],
        // 6 + 2 × 3 = 12 would be 11 with the bonus held at 5, but the item
        // is capped at its 10 points.
        faults: &[Fault::WrongScore(5, 11.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 6,
        name: "赵雪",
        raw: &[2.0, 95.0, 0.0, 0.0, 80.0, 1.0, 0.0, 0.0, 0.0],
        faults: &[Fault::ScoreAsText(4, "15分"), Fault::TotalAdded],
        output: Output::Convert("xls"),
        ..Sample::CLEAN
    },
];

// ---------------------------------------------------------------------------
// 客服经理岗位月度绩效考核表KPI — seed 001. Every item is scored on a 100
// scale and counts its 权重: total = ∑ 考核人评分 × 权重.
// ---------------------------------------------------------------------------

pub const SERVICE_MANAGER: Form = Form {
    title: "客服经理岗位月度绩效考核表KPI",
    sheet: "月度考核表",
    template: "templates/客服经理岗位月度绩效考核表.xlsx",
    department: "客户服务部",
    month: "2026年10月",
    reviewer: "王总监",
    head: Head::Inline(&[
        ("被考核人姓名", Field::Person, 2),
        ("所属部门", Field::Department, 1),
        ("岗位名称", Field::Fixed("客服经理"), 2),
        ("考核人", Field::Reviewer, 3),
        ("考核月份", Field::Month, 3),
    ]),
    note: "填表说明:本月完成请填写原始数据,考核人评分按100分制填写",
    columns: &[
        column("考核项目", 10.0, Col::Group),
        column("指标名称", 16.0, Col::Name),
        column("考核方法", 40.0, Col::Wrap(0)),
        column("目标值", 9.0, Col::Center(1)),
        column("权重", 7.0, Col::Weight),
        column("考核期间", 8.0, Col::Center(2)),
        column("数据来源", 10.0, Col::Center(3)),
        column("考核数据", 15.0, Col::DataLabel),
        column("本月完成", 10.0, Col::Raw),
        column("考核人评分", 10.0, Col::Score),
        column("HR复核", 9.0, Col::Blank),
    ],
    indicators: &SERVICE_MANAGER_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "本次考核得分合计(∑单项指标得分×单项权重)",
        label_span: 4,
        formula: TotalFormula::Weighted,
        extra: &[],
        subtotal: None,
    },
    signatures: &[
        "被考核人签字:            日期:    年  月  日",
        "考核人签字:            日期:    年  月  日",
    ],
    footnotes: &[],
    raters: None,
    samples: &SERVICE_MANAGER_SAMPLES,
};

pub const SERVICE_MANAGER_INDICATORS: [Indicator; 6] = [
    Indicator {
        name: "销售收入计划完成率",
        group: "销售目标管理",
        texts: &[
            "指标完成率=实际销售/计划销售额(万/月),按每+-1%,+-3.3分的比例计算,加分至200分为止(此销售业绩为含税)",
            "100%",
            "月度",
            "财务部",
        ],
        max: 100.0,
        weight: Some(0.60),
        data: &["计划完成率"],
        raw_format: "0.0%",
        rule: Rule::Linear {
            at: 1.0,
            per: 0.01,
            points: 3.3,
            cap: 200.0,
        },
    },
    Indicator {
        name: "客户投诉处理解决率",
        group: "客户服务管理",
        texts: &[
            "圆满解决客户投诉次数/客户投诉总次数,>=98%,100分;>=95%,90分;>=90%,80分;<90%,0分",
            "100%",
            "月度",
            "绩评中心",
        ],
        max: 100.0,
        weight: Some(0.15),
        data: &["投诉解决率"],
        raw_format: "0.0%",
        rule: Rule::Steps {
            cmp: Cmp::AtLeast,
            steps: &[(0.98, 100.0), (0.95, 90.0), (0.90, 80.0)],
            otherwise: Some(0.0),
        },
    },
    Indicator {
        name: "客户投诉处理及时性",
        group: "客户服务管理",
        texts: &[
            "客户投诉必须48小时内解决,每不及时一次扣5分",
            "100%",
            "月度",
            "绩评中心",
        ],
        max: 100.0,
        weight: Some(0.05),
        data: &["超48小时解决(次)"],
        raw_format: "0",
        rule: Rule::Deduction(&[Term {
            points: 5.0,
            free: 0.0,
            zero_from: None,
        }]),
    },
    Indicator {
        name: "客户满意度评分",
        group: "客户服务管理",
        texts: &[
            "客户满意度调查平均分(5分制),达到4.6分为100分,否则按平均分/4.6×100折算",
            "4.6分",
            "月度",
            "绩评中心",
        ],
        max: 100.0,
        weight: Some(0.05),
        data: &["满意度平均分"],
        raw_format: "0.00",
        rule: Rule::Proportional(4.6),
    },
    Indicator {
        name: "培训计划完成率",
        group: "销售人员管理",
        texts: &[
            "根据各项目发展的需求,配合业绩需要,由运营部门、推广部门等协商客服人员的产品知识、销售技巧提升,制定每月的培训计划。实际完成培训的次数/计划培训的项目次数*100%,每少一次扣5分",
            "100%",
            "月度",
            "人力资源部",
        ],
        max: 100.0,
        weight: Some(0.10),
        data: &["少完成培训(次)"],
        raw_format: "0",
        rule: Rule::Deduction(&[Term {
            points: 5.0,
            free: 0.0,
            zero_from: None,
        }]),
    },
    Indicator {
        name: "部门员工平均服务年限",
        group: "销售人员管理",
        texts: &[
            "部门员工服务总年限/当期员工总数,+-1个月,+-5分。新成立部门从第二年开始考核,此项权重并入权重最大的考核项",
            ">12个月",
            "月度",
            "人力资源部",
        ],
        max: 100.0,
        weight: Some(0.05),
        data: &["平均服务年限(月)"],
        raw_format: "0.0",
        rule: Rule::Linear {
            at: 12.0,
            per: 1.0,
            points: 5.0,
            cap: 100.0,
        },
    },
];

/// Raw results: 计划完成率, 投诉解决率, 超48小时解决, 满意度平均分,
/// 少完成培训, 平均服务年限(月).
const SERVICE_MANAGER_SAMPLES: [Sample; 7] = [
    Sample {
        id: 1,
        name: "周杰",
        raw: &[0.96, 0.99, 0.0, 4.6, 0.0, 14.0],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "吴敏",
        // 112% of plan: 100 + 12 × 3.3 = 139.6 on the 100 scale.
        raw: &[1.12, 0.96, 1.0, 4.37, 1.0, 11.0],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "郑浩",
        raw: &[0.93, 0.97, 0.0, 4.14, 0.0, 12.0],
        faults: &[Fault::RawAsText(2, "97%"), Fault::ScoreAsText(4, "90分")],
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "孙悦",
        raw: &[1.0, 0.95, 2.0, 4.6, 0.0, 13.0],
        // 95% is "≥95% → 90", not 100.
        faults: &[Fault::WrongScore(2, 100.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "马丽",
        raw: &[0.88, 0.91, 1.0, 4.6, 2.0, 15.0],
        // 15 months: 100 + 3 × 5 = 115, held at the 100 scale.
        faults: &[Fault::WrongScore(6, 115.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 6,
        name: "林涛",
        raw: &[1.0, 0.98, 1.0, 4.6, 0.0, 12.0],
        faults: &[Fault::ScoreAsText(3, "95分"), Fault::TotalAdded],
        output: Output::Convert("ods"),
        ..Sample::CLEAN
    },
    Sample {
        id: 7,
        name: "何静",
        raw: &[0.97, 0.92, 0.0, 4.37, 1.0, 11.0],
        faults: &[Fault::TotalTyped(92.0)],
        ..Sample::CLEAN
    },
];

// ---------------------------------------------------------------------------
// 售前客服绩效量化考核表 — seed 000 (lines 538–560). Thirty-five items, each
// scored by the employee (员工自评) and the supervisor (上级评分), blended
// 20% / 80%; one form per quarter, the final score the mean of four.
// ---------------------------------------------------------------------------

const QUANTIFIED: Form = Form {
    title: "售前客服绩效量化考核表",
    sheet: "量化考核表",
    template: "templates/售前客服绩效量化考核表.xlsx",
    department: "网店客服部",
    month: "2026年第4季度",
    reviewer: "赵主管",
    head: Head::InlineRows(&[
        &[
            ("被考核人", Field::Person, 1),
            ("部门", Field::Department, 1),
            ("考核人", Field::Reviewer, 3),
        ],
        &[("考核时间", Field::Month, 2), ("月工资", Field::BasePay, 3)],
    ]),
    note: "",
    columns: &[
        column("考核项目", 14.0, Col::Group),
        column("考核内容", 66.0, Col::Wrap(0)),
        column("分值", 8.0, Col::MaxPoints),
        column("员工自评", 10.0, Col::SelfScore),
        column("上级评分", 10.0, Col::Score),
    ],
    indicators: &QUANTIFIED_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "考核得分(员工自评×20%+上级评分×80%)",
        label_span: 4,
        formula: TotalFormula::Blend,
        extra: &["增加扣分或加分项目:"],
        subtotal: Some(("总分", 2)),
    },
    signatures: &["被考核人签字:", "考核人签字:"],
    footnotes: &[
        "考核得分及相应绩效奖金算法:等级一(70分以下)不享受绩效奖金;等级二(70分~80分以下)不享受绩效奖金;等级三(80分~90分以下)给予月工资的60%的绩效奖金;等级四(90分及以上)给予月工资100%绩效工资。",
        "考核说明:1、自评和上级评分分别占20%和80%,绩效奖金及为年终奖,满额为月工资的100%;2、绩效考核连续3个月在70分以下的,调离工作岗位或建议离职;3、该评分为每季度一次,最终得分为四季度的平均分。",
    ],
    raters: Some(Raters {
        own: 0.2,
        supervisor: 0.8,
    }),
    samples: &QUANTIFIED_SAMPLES,
};

/// One item of the quantified form: its group (考核项目), the short label
/// the mapping finds it by (a piece of its text), the text (考核内容) and
/// its points (分值). The employee and the supervisor each judge it.
const fn item(
    group: &'static str,
    name: &'static str,
    text: &'static [&'static str],
    max: f64,
) -> Indicator {
    Indicator {
        name,
        group,
        texts: text,
        max,
        ..Indicator::BASE
    }
}

const DUTY: &str = "工作要求";
const ETHICS: &str = "职业道德";
const DISCIPLINE: &str = "工作纪律";

const QUANTIFIED_INDICATORS: [Indicator; 35] = [
    item(
        DUTY,
        "信息提供或回答不够全面",
        &[
            "信息提供或回答不够全面,统一口径回答不完整,有所遗漏。或如未能主动向客户说明容易引起争议/误解,导致顾客投诉、差评。",
        ],
        4.0,
    ),
    item(
        DUTY,
        "将错误信息传递用户",
        &[
            "将错误信息传递用户(包括业务解答有误、错误引导顾客、未按统一口径/规范指引解答、业务受理有误、提供过期的业务/活动宣传内容、系统操作不熟、无法为客户提供信息等),如未能主动向客户说明容易引起争议/误解,导致顾客投诉、差评等。",
        ],
        4.0,
    ),
    item(
        DUTY,
        "拒绝为顾客受理",
        &[
            "能在线直接办理/解决的问题,拒绝为顾客受理,推诿至售后、物流公司或其它渠道处理;当班时间内未解决问题,也未告知其他部门或者与同事交接!",
        ],
        4.0,
    ),
    item(
        DUTY,
        "订单备注内容",
        &[
            "订单备注内容(如:订单号、联系电话、回复时限、快递、顾客要求等)有误或未按要求添加备注信息,影响后续处理。",
        ],
        4.0,
    ),
    item(
        DUTY,
        "首问责任制",
        &[
            "没有坚持首问责任制,推卸责任;敷衍应付客户,不乐意提供服务;对客户的重复咨询内容不予理睬解答。",
        ],
        4.0,
    ),
    item(
        DUTY,
        "服务忌语",
        &["使用反问、质问、责备、训斥语气或使用服务忌语"],
        4.0,
    ),
    item(
        DUTY,
        "情绪控制欠稳定",
        &[
            "情绪控制欠稳定,将消极情绪传递给客户,或被客户的不良情绪影响,流露厌烦、急躁情绪,谩骂顾客等。",
        ],
        4.0,
    ),
    item(
        DUTY,
        "态度冷淡",
        &["应答时语气、态度冷淡导致客户在线表达对客服服务不满意"],
        3.0,
    ),
    item(
        DUTY,
        "未主动关注和安抚用户情绪",
        &["当用户产生抱怨时,未主动关注和安抚用户情绪(指抱怨初期有否进行情绪安抚)"],
        3.0,
    ),
    item(
        DUTY,
        "未能专注沟通",
        &["未能专注沟通,出现因忽略或选择性回复,未看清楚问题等导致沟通障碍或答非所问。"],
        3.0,
    ),
    item(
        DUTY,
        "照本宣科",
        &[
            "答复问题照本宣科、欠婉转、欠技巧、机械化;语言组织不够严谨、用词欠妥,运用较多专业术语或频繁使用快捷语回复。",
        ],
        3.0,
    ),
    item(
        DUTY,
        "提问引导",
        &["当用户所述含糊不清或有多种含义时,未能主动有效运用提问引导顾客明确问题。"],
        3.0,
    ),
    item(
        DUTY,
        "沟通解释",
        &[
            "对于用户抱怨,在安抚情绪过程中未尽责做好恰当的沟通解释。(有安抚情绪,但对问题的沟通解释不到位,沟通方法不当)",
        ],
        3.0,
    ),
    item(
        DUTY,
        "点名给予客服差评",
        &[
            "顾客对客服的服务态度以及问题处理进行批评,并在确认收货后的评价内容点名给予客服差评或者已给订单差评。",
        ],
        3.0,
    ),
    item(
        DUTY,
        "完全理解错误",
        &["用户表达清晰,客服人员完全理解错误。"],
        3.0,
    ),
    item(
        DUTY,
        "不能抓住咨询投诉主题",
        &[
            "用户表达清晰时仍不能抓住咨询投诉主题或无法理解客户表达内容,需用户将问题重复2次或以上,才能明白。",
        ],
        3.0,
    ),
    item(
        DUTY,
        "缺乏条理性",
        &["回答或提问缺乏条理性,不够清晰易懂,需用户多次询问才能理解。"],
        3.0,
    ),
    item(
        DUTY,
        "及时登入旺旺",
        &["上班后及时登入旺旺,延迟时间不超过上班时间后15分。特殊情况主动登记。"],
        3.0,
    ),
    item(DUTY, "首次回复", &["未添加首次回复。"], 2.0),
    item(
        DUTY,
        "自动回复",
        &["自动回复内容定期检查,活动结束后调整活动公告内容。"],
        3.0,
    ),
    item(
        DUTY,
        "旺旺留言",
        &["旺旺留言处理回复(登入旺旺后处理完结顾客留言信息)"],
        3.0,
    ),
    item(DUTY, "慢回复", &["慢回复,超出60秒即可作为慢回复订单"], 3.0),
    item(
        DUTY,
        "违规议价",
        &[
            "按店铺实时活动进行销售,禁止违规议价,违背店铺销售规则,如:私自包邮、私自发优惠券、退差价等。特殊情况需登记,如:活动期间店铺设置问题、特殊申请等。",
        ],
        3.0,
    ),
    item(
        DUTY,
        "催付",
        &[
            "顾客静默下单15分钟内未付款的订单不得做催付,15分钟后仍未付款的订单可做催付。与其他客服有聊天记录的未付款订单不用催付,已做过催付的订单不再重复催付,非值日催付客服不得操作催付。",
        ],
        3.0,
    ),
    item(
        ETHICS,
        "工作积极主动",
        &["工作积极主动,任劳任怨,不推卸责任,认真负责的完成任务"],
        2.0,
    ),
    item(
        ETHICS,
        "团结协作",
        &["团结协作,积极主动帮助别人,为工作顺利完成尽最大努力"],
        2.0,
    ),
    item(
        ETHICS,
        "热爱本职工作",
        &["热爱本职工作,对工作认真负责,一丝不苟,努力钻研业务知识,善于自我学习,乐于接受培训"],
        2.0,
    ),
    item(
        ETHICS,
        "遵守和维护公司各项规章制度",
        &["自觉遵守和维护公司各项规章制度并督导其他员工"],
        2.0,
    ),
    item(
        DISCIPLINE,
        "个人薪酬信息",
        &["不得将个人薪酬信息透漏给他人"],
        2.0,
    ),
    item(
        DISCIPLINE,
        "不迟到不早退不旷工",
        &["不迟到不早退不旷工"],
        2.0,
    ),
    item(DISCIPLINE, "请假不超过3次", &["当季度请假不超过3次"], 2.0),
    item(DISCIPLINE, "集体活动", &["积极参加公司各项集体活动"], 2.0),
    item(
        DISCIPLINE,
        "个人建议",
        &["积极为公司发展提供有益的个人建议"],
        2.0,
    ),
    item(DISCIPLINE, "工作表现积极", &["任劳任怨,工作表现积极"], 2.0),
    item(
        DISCIPLINE,
        "奉献精神",
        &["有奉献精神,牺牲较多个人时间"],
        2.0,
    ),
];

/// `judged`: the supervisor's scores below full marks, by item (1–35);
/// `self_scores`: the employee's where they differ from the supervisor's.
/// Items not listed are full marks from both.
const QUANTIFIED_SAMPLES: [Sample; 7] = [
    Sample {
        id: 1,
        name: "林晓",
        period: Some("2026年第1季度"),
        base_pay: Some("6000"),
        judged: &[
            (1, 3.0),
            (2, 3.0),
            (5, 3.0),
            (8, 2.0),
            (9, 2.0),
            (11, 2.0),
            (14, 1.0),
            (16, 2.0),
            (22, 1.0),
            (24, 2.0),
            (27, 1.0),
            (31, 1.0),
            (33, 1.0),
        ],
        self_scores: &[(1, Number(4.0)), (14, Number(2.0)), (22, Number(3.0))],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "林晓",
        period: Some("2026年第2季度"),
        base_pay: Some("6000"),
        judged: &[
            (1, 2.0),
            (2, 2.0),
            (3, 2.0),
            (4, 3.0),
            (5, 2.0),
            (6, 3.0),
            (7, 2.0),
            (8, 1.0),
            (9, 1.0),
            (10, 2.0),
            (11, 1.0),
            (12, 2.0),
            (13, 2.0),
            (14, 1.0),
            (16, 1.0),
            (17, 2.0),
            (18, 2.0),
            (22, 1.0),
            (23, 2.0),
            (24, 1.0),
            (26, 1.0),
            (30, 1.0),
            (31, 0.0),
            (34, 1.0),
        ],
        self_scores: &[
            (1, Number(3.0)),
            (2, Number(3.0)),
            (3, Number(3.0)),
            (9, Number(2.0)),
            (11, Number(2.0)),
            (14, Number(2.0)),
            (31, Number(1.0)),
        ],
        faults: &[Fault::ScoreAsText(4, "3分")],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "林晓",
        period: Some("2026年第3季度"),
        base_pay: Some("6000"),
        judged: &[
            (1, 3.0),
            (3, 3.0),
            (5, 2.0),
            (6, 3.0),
            (8, 2.0),
            (9, 1.0),
            (10, 2.0),
            (12, 2.0),
            (14, 2.0),
            (15, 2.0),
            (17, 2.0),
            (20, 2.0),
            (22, 2.0),
            (23, 2.0),
            (25, 1.0),
            (28, 1.0),
            (31, 1.0),
            (32, 1.0),
            (35, 1.0),
        ],
        // 沟通解释 (13): the supervisor left it blank; the self score 2
        // stands for both.
        self_scores: &[(9, Number(2.0)), (13, Number(2.0)), (22, Number(3.0))],
        faults: &[Fault::ScoreMissing(13)],
        output: Output::Convert("xls"),
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "林晓",
        period: Some("2026年第4季度"),
        base_pay: Some("6000"),
        judged: &[
            (2, 3.0),
            (9, 2.0),
            (16, 2.0),
            (22, 2.0),
            (27, 1.0),
            (31, 1.0),
            (33, 1.0),
        ],
        self_scores: &[(9, Number(3.0)), (22, Number(3.0))],
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "陈雨",
        base_pay: Some("5500"),
        judged: &[
            (1, 3.0),
            (4, 3.0),
            (8, 2.0),
            (11, 2.0),
            (13, 2.0),
            (18, 2.0),
            (20, 2.0),
            (24, 2.0),
            (29, 1.0),
            (32, 1.0),
            (34, 1.0),
        ],
        self_scores: &[(8, Number(3.0)), (13, Number(3.0)), (24, Number(3.0))],
        // The self scores' total typed in place of the formula.
        faults: &[Fault::TotalTyped(92.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 6,
        name: "吴昊",
        base_pay: Some("5000"),
        judged: &[
            (3, 3.0),
            (6, 3.0),
            (9, 2.0),
            (10, 2.0),
            (12, 2.0),
            (15, 2.0),
            (19, 1.0),
            (21, 2.0),
            (23, 2.0),
            (26, 1.0),
            (30, 1.0),
            (35, 1.0),
        ],
        self_scores: &[(9, Number(3.0)), (12, Number(3.0))],
        // 情绪控制欠稳定 (7) is worth 4: the supervisor's 5 counts as 4.
        faults: &[Fault::WrongScore(7, 5.0)],
        output: Output::Convert("ods"),
        ..Sample::CLEAN
    },
    Sample {
        id: 7,
        name: "郑琳",
        base_pay: Some("4800"),
        judged: &[
            (1, 2.0),
            (2, 3.0),
            (3, 3.0),
            (4, 3.0),
            (5, 3.0),
            (7, 3.0),
            (8, 2.0),
            (9, 2.0),
            (10, 2.0),
            (11, 2.0),
            (12, 2.0),
            (13, 2.0),
            (14, 2.0),
            (16, 2.0),
            (17, 2.0),
            (19, 1.0),
            (21, 2.0),
            (22, 2.0),
            (24, 2.0),
            (25, 1.0),
            (27, 1.0),
            (30, 1.0),
            (33, 1.0),
            (35, 1.0),
        ],
        self_scores: &[(2, Number(4.0)), (8, Number(3.0))],
        ..Sample::CLEAN
    },
];

// ---------------------------------------------------------------------------
// 售前工程师绩效考核表(高级) — seed 000 ("3-高级售前工程师绩效考核表",
// line 233); rubric case V2. Points: 业绩完成情况 60% as its four parts of 15
// points each (the seed numbers them 1–4 and says "从四方面互补评分"), then
// 工作态度 and 出勤及遵守规章制度 of 20 points each, judged and graded by
// letter: A(得18-20分) B(得15-18分) C(得12-15分) D(12分以下).
// ---------------------------------------------------------------------------

const SENIOR_ENGINEER: Form = Form {
    title: "售前工程师绩效考核表(高级)",
    sheet: "绩效考核表",
    template: "templates/售前工程师绩效考核表(高级).xlsx",
    department: "售前工程部",
    month: "2026年10月",
    reviewer: "郑总监",
    head: Head::Inline(&[
        ("被考核人", Field::Person, 3),
        ("考核月份", Field::Month, 2),
        ("考核评定人", Field::Reviewer, 3),
    ]),
    note: "",
    // The seed's columns (# 指标项 权重 考核标准 自评分 考评分), with 考核内容
    // naming each scored part under its 指标项, and 等级 for the letter.
    columns: &[
        column("#", 5.0, Col::No),
        column("指标项", 12.0, Col::Group),
        column("考核内容", 14.0, Col::Name),
        column("权重", 7.0, Col::Weight),
        column("考核标准", 58.0, Col::Wrap(0)),
        column("自评分", 8.0, Col::SelfScore),
        column("等级", 7.0, Col::Letter),
        column("考评分", 8.0, Col::Score),
    ],
    indicators: &SENIOR_ENGINEER_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "总计",
        label_span: 3,
        formula: TotalFormula::Sum,
        extra: &[],
        subtotal: None,
    },
    signatures: &["被考核人签字:", "考核评定人签字:"],
    footnotes: &[],
    raters: None,
    samples: &SENIOR_ENGINEER_SAMPLES,
};

const RESULTS: &str = "业绩完成情况";

/// "A(得18-20分) B(得15-18分) C(得12-15分) D(12分以下)": 18, 15 and 12
/// go to the better letter, as the mapping's bands say.
const LETTER_BANDS: [(&str, f64); 4] = [("A", 18.0), ("B", 15.0), ("C", 12.0), ("D", 0.0)];

/// One of the four parts of 业绩完成情况: 15 points (60% over four), judged.
const fn part(name: &'static str, text: &'static [&'static str]) -> Indicator {
    Indicator {
        name,
        group: RESULTS,
        texts: text,
        max: 15.0,
        weight: Some(0.15),
        ..Indicator::BASE
    }
}

const SENIOR_ENGINEER_INDICATORS: [Indicator; 6] = [
    part(
        "售前调研情况",
        &[
            "一、售前调研情况:1.均能按时独立优质完成售前调研,得满分;2.在指导下,均能按时完成者得80%分数;3.因自身原因延迟一周以上,且次数>2次者得60%分数;4.其余的在60%以下酌情给分",
        ],
    ),
    part(
        "售前方案质量",
        &[
            "二、售前方案质量:售前方案的质量应该条理清晰,内容完整,从内审、销售及客户满意度(工单中反馈)方面进行考评:1.两次内通过内部审核,并全部获得“满意”以上者,得满分;2.内审次数超过2(不含)次者,每增1次扣1分;3.销售反馈满意度低于“一般”(不含)者,每次扣2分;4.收到客户对方案进行投诉者,每次扣5分",
        ],
    ),
    part(
        "招投标书质量",
        &[
            "三、招投标书质量:1.两次内通过内部审核,并没有出现因售前原因失误者,得满分;2.封装后因售前原因返工每次扣2分;3.因售前原因导致流标、废标每次扣5分",
        ],
    ),
    part(
        "内部资料整理与培训分享",
        &[
            "四、内部资料整理与培训分享:1.均能按时独立优质完成内部资料整理,并完成讲解培训,得100%分数;2.仅按计划优质完成资料整理者,60%分数;3.其他情况,酌情评分",
        ],
    ),
    Indicator {
        name: "工作态度",
        group: "工作态度",
        texts: &[
            "主要考核在岗工作时的积极性、主动性,包括工作任务的执行力,工作计划的跟进,自我学习的规划。A.自我驱动,完全自主完成,遇时间节点临近,能够主动提前完成;(得18-20分)B.需领导监管,态度够积极,责任心尚可,工作任务一般提前完成;(得15-18分)C.被动驱使工作,积极性、责任度都一般,总是能做多少做多少;(得12-15分)D.态度消极,领导督促,虽口头承诺,仍完不成工作,总是能拖就拖;(12分以下)",
        ],
        max: 20.0,
        weight: Some(0.20),
        rule: Rule::Letters(&LETTER_BANDS),
        ..Indicator::BASE
    },
    Indicator {
        name: "出勤及遵守规章制度",
        group: "出勤及遵守规章制度",
        texts: &[
            "能遵守公司各项规章制度,能按照部门规定有效完成工作任务:A.严格遵守公司制度,无任何违纪行为;(得18-20分)B.严格遵守公司制度,只有三次以内考勤违纪;(得15-18分)C.有违纪行为,但不触及公司底线原则,考勤五次以下违纪;(得12-15分)D.触及公司底线制度,考勤违纪五次以上违纪;(12分以下)",
        ],
        max: 20.0,
        weight: Some(0.20),
        rule: Rule::Letters(&LETTER_BANDS),
        ..Indicator::BASE
    },
];

/// Every score is judged: `judged` holds all six; the letters are the ones
/// the scores give unless `letters` says otherwise.
const SENIOR_ENGINEER_SAMPLES: [Sample; 5] = [
    Sample {
        id: 1,
        name: "何超",
        judged: &[
            (1, 14.0),
            (2, 13.0),
            (3, 12.0),
            (4, 15.0),
            (5, 19.0),
            (6, 18.0),
        ],
        self_scores: &[(5, Number(20.0))],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "许婷",
        judged: &[
            (1, 13.0),
            (2, 12.0),
            (3, 14.0),
            (4, 11.0),
            (5, 17.0),
            (6, 16.0),
        ],
        // 17 is B's (15 to below 18), not A's.
        letters: &[(5, Text("A"))],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "邓凯",
        judged: &[
            (1, 12.0),
            (2, 12.0),
            (3, 13.0),
            (4, 10.0),
            (5, 16.0),
            (6, 19.0),
        ],
        // No letter beside 16: the copy gets B.
        letters: &[(5, Blank)],
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "梁静",
        judged: &[
            (1, 11.0),
            (2, 10.0),
            (3, 12.0),
            (4, 9.0),
            (5, 14.0),
            (6, 11.0),
        ],
        // E is no letter of the form (11 is D's).
        letters: &[(6, Text("E"))],
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "罗斌",
        judged: &[
            (1, 14.0),
            (2, 14.0),
            (3, 13.0),
            (4, 12.0),
            (5, 18.0),
            (6, 15.0),
        ],
        faults: &[Fault::TotalTyped(88.0)],
        ..Sample::CLEAN
    },
];

// ---------------------------------------------------------------------------
// 售前岗位月度绩效考核表格 — seed 000 (lines 597–694): a roster, one person
// per row. Four indicators of 25 points: 客户接洽数量 in proportion to 30
// contacts, the others by word. The seed's own 综合评分 follow no formula
// (see the mapping); the samples carry the totals these rules give.
// ---------------------------------------------------------------------------

const LEVELS: [(&str, f64); 3] = [("优秀", 25.0), ("良好", 20.0), ("一般", 15.0)];
const SATISFACTION: [(&str, f64); 3] = [("非常满意", 25.0), ("满意", 20.0), ("一般", 15.0)];

const fn roster_column(header: &'static str, width: f64, kind: RosterCol) -> RosterColumn {
    RosterColumn {
        header,
        width,
        kind,
    }
}

const PRESALES_ROSTER: Roster = Roster {
    title: "售前岗位月度绩效考核表格",
    sheet: "月度考核",
    template: "templates/售前岗位月度绩效考核表格.xlsx",
    head: ("考核月份", 3),
    columns: &[
        roster_column("员工编号", 10.0, RosterCol::Id),
        roster_column("姓名", 10.0, RosterCol::Name),
        roster_column("部门", 12.0, RosterCol::Department),
        roster_column("职位", 12.0, RosterCol::Position),
        roster_column(
            "客户接洽数量",
            14.0,
            RosterCol::Item {
                max: 25.0,
                rule: RosterRule::Proportional(30.0),
            },
        ),
        roster_column(
            "项目跟进",
            11.0,
            RosterCol::Item {
                max: 25.0,
                rule: RosterRule::Choice(&LEVELS),
            },
        ),
        roster_column(
            "产品知识掌握",
            14.0,
            RosterCol::Item {
                max: 25.0,
                rule: RosterRule::Choice(&LEVELS),
            },
        ),
        roster_column(
            "客户反馈",
            11.0,
            RosterCol::Item {
                max: 25.0,
                rule: RosterRule::Choice(&SATISFACTION),
            },
        ),
        roster_column("综合评分", 10.0, RosterCol::Total),
        roster_column("备注", 26.0, RosterCol::Remark),
    ],
    template_rows: 8,
    notes: &[
        "考核指标说明:",
        "客户接洽数量:当月接洽的客户数量。",
        "项目跟进:对项目的跟进效果评估,如“优秀”、“良好”、“一般”等。",
        "产品知识掌握:对产品知识掌握程度的评估。",
        "客户反馈:基于客户反馈进行的评估。",
        "评分办法:四项各25分,综合评分为四项之和。客户接洽数量达到30个为满分,否则按比例折算;项目跟进、产品知识掌握:优秀25分,良好20分,一般15分;客户反馈:非常满意25分,满意20分,一般15分。",
    ],
    samples: &[SALES_ROSTER, SOLUTIONS_ROSTER],
};

const fn person(
    id: &'static str,
    name: &'static str,
    position: &'static str,
    results: &'static [Entry],
    remark: &'static str,
) -> Person {
    Person {
        id,
        name,
        position,
        results,
        total: None,
        remark,
    }
}

/// The seed's eight rows with names for its XX, and mistakes planted.
const SALES_ROSTER: RosterSample = RosterSample {
    file: "售前岗位月度绩效考核_2026年10月",
    department: "销售部",
    month: "2026年10月",
    people: &[
        person(
            "001",
            "张晨",
            "售前工程师",
            &[Number(30.0), Text("优秀"), Text("良好"), Text("非常满意")],
            "优秀员工候选",
        ),
        person(
            "002",
            "李航",
            "售前顾问",
            &[Number(25.0), Text("良好"), Text("优秀"), Text("满意")],
            "提升项目跟进能力",
        ),
        person(
            "003",
            "王琪",
            "售前工程师",
            &[Number(20.0), Text("一般"), Text("良好"), Text("一般")],
            "需要培训提升",
        ),
        // 客户接洽数量 typed as text.
        person(
            "004",
            "赵磊",
            "售前工程师",
            &[Text("28"), Text("良好"), Text("优秀"), Text("满意")],
            "需关注客户满意度提升",
        ),
        // 较好 is not one of 优秀/良好/一般: it counts 0 until corrected,
        // while the 综合评分 typed took it as 良好 (20).
        Person {
            total: Some(95.0),
            ..person(
                "005",
                "钱悦",
                "售前顾问",
                &[Number(32.0), Text("优秀"), Text("较好"), Text("非常满意")],
                "客户反馈极佳",
            )
        },
        person(
            "006",
            "孙浩",
            "售前工程师",
            &[Number(22.0), Text("一般"), Text("良好"), Text("一般")],
            "提升项目管理能力",
        ),
        person(
            "007",
            "周敏",
            "售前顾问",
            &[Number(35.0), Text("优秀"), Text("优秀"), Text("非常满意")],
            "表现突出,推荐晋升",
        ),
        // The seed's own 综合评分, 75; the rules give 70.
        Person {
            total: Some(75.0),
            ..person(
                "008",
                "吴迪",
                "售前工程师",
                &[Number(18.0), Text("良好"), Text("一般"), Text("满意")],
                "加强产品知识培训",
            )
        },
    ],
    output: Output::Xlsx,
};

/// Another department's roster, saved by LibreOffice as .ods.
const SOLUTIONS_ROSTER: RosterSample = RosterSample {
    file: "售前岗位月度绩效考核_2026年10月",
    department: "解决方案部",
    month: "2026年10月",
    people: &[
        person(
            "101",
            "冯雪",
            "售前工程师",
            &[Number(26.0), Text("良好"), Text("良好"), Text("满意")],
            "",
        ),
        person(
            "102",
            "陈默",
            "售前顾问",
            &[Number(31.0), Text("优秀"), Text("优秀"), Text("满意")],
            "方案评审通过率高",
        ),
        // 项目跟进 left blank: it counts 0; the 综合评分 typed has the
        // other three only.
        person(
            "103",
            "褚琳",
            "售前工程师",
            &[Number(15.0), Blank, Text("一般"), Text("一般")],
            "新入职",
        ),
        person(
            "104",
            "卫东",
            "售前顾问",
            &[Number(24.0), Text("良好"), Text("优秀"), Text("非常满意")],
            "",
        ),
    ],
    output: Output::Convert("ods"),
};
