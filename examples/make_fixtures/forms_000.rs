//! The forms of seed 000 (绩效考核表售前) shipped after the first ones:
//! 售前部员工考核表, eight items judged within their 配分. `samples/README.md`
//! documents every sample; `mappings/` states the same rules for the tool.

use super::Entry::Number;
use super::forms::column;
use super::{Col, Fault, Field, Form, Head, Indicator, Output, Sample, TotalFormula, TotalRow};

pub const FORMS: [&Form; 1] = [&PRESALES_STAFF];

// ---------------------------------------------------------------------------
// 售前部员工考核表 — seed 000, lines 133–158 and 293–487 (and 004, 106–130):
// eight items, each with levels of conduct and the points each level gets
// ("能跟踪,按期完成工作任务 25-29"); the reviewer (上级审核) judges the points
// within the item's 配分; the 配分 add up to 100.
// ---------------------------------------------------------------------------

const PRESALES_STAFF: Form = Form {
    title: "售前部员工考核表",
    sheet: "员工考核表",
    template: "templates/售前部员工考核表.xlsx",
    department: "售前部",
    month: "2026年10月",
    reviewer: "许经理",
    head: Head::Inline(&[
        ("考核人", Field::Reviewer, 2),
        ("考核对象", Field::Person, 2),
        ("考核日期", Field::Month, 3),
    ]),
    note: "",
    columns: &[
        column("项目", 10.0, Col::Group),
        column("考核内容", 11.0, Col::Name),
        column("权重", 7.0, Col::Weight),
        column("评分标准", 58.0, Col::Wrap(0)),
        column("配分", 7.0, Col::MaxPoints),
        column("自评", 8.0, Col::SelfScore),
        column("上级审核", 9.0, Col::Score),
    ],
    indicators: &PRESALES_STAFF_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "总分",
        label_span: 4,
        formula: TotalFormula::Sum,
        extra: &[],
        subtotal: None,
    },
    signatures: &["考核人签字:", "考核对象签字:", "日期:"],
    footnotes: &["调薪建议(部门领导填写):"],
    raters: None,
    samples: &PRESALES_STAFF_SAMPLES,
};

/// An item judged within its 配分 (its 权重 in points) by the levels in its
/// 评分标准.
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
        weight: Some(max / 100.0),
        ..Indicator::BASE
    }
}

const PRESALES_STAFF_INDICATORS: [Indicator; 8] = [
    item(
        "工作业绩",
        "工作业绩",
        &[
            "能时时跟进,追踪工作,提前完成工作任务 30;能跟踪,按期完成工作任务 25-29;在监督下能完成工作任务 15-25;在指导下,亦不能完成工作任务 15以下",
        ],
        30.0,
    ),
    item(
        "成本意识",
        "成本意识",
        &[
            "成本意识强烈,能积极节省,避免浪费 10;具备成本意识,并能节约 9;尚有成本意识,尚能节约 8;缺乏成本意识,稍有浪费 3-7;无成本意识,经常浪费 3以下",
        ],
        10.0,
    ),
    item(
        "工作能力",
        "方案制作",
        &[
            "对市场与竞争格局了解很透彻,制作方案非常出色 15;对市场与竞争格局了解较透彻,制作方案较为出色 12-14;对市场与竞争格局大致了解,制作方案一般 7-11;对市场与竞争格局基本不了解,制作方案很差 7以下",
        ],
        15.0,
    ),
    item(
        "工作能力",
        "产品认识",
        &[
            "对产品,材料及相关技术的掌握全面而深刻 10;对产品,材料及相关技术的掌握很全面 8-9;对产品,材料及相关技术的掌握比较全面 5-7;对产品,材料及相关技术的掌握能应付 5以下",
        ],
        10.0,
    ),
    item(
        "工作态度",
        "职业道德",
        &[
            "职业行为规范执行很出色 5;职业行为规范执行基本不出错 4;职业行为规范执行时有违反现象 2-3;职业行为规范执行不认真 2以下",
        ],
        5.0,
    ),
    item(
        "工作态度",
        "客户沟通",
        &[
            "与客户沟通,收集,整理客户/供方资源及市场信息很出色 10;积极主动 8-9;基本完成 5-7;做得较少 5以下",
        ],
        10.0,
    ),
    item(
        "工作态度",
        "合作精神",
        &[
            "与他人或部门沟通协调很有成效 10;与他人或部门合作有效 8-9;与他人或部门时有合作 5-7;与他人或部门很少合作 5以下",
        ],
        10.0,
    ),
    item(
        "纪律性",
        "纪律性",
        &[
            "自觉遵守和维护公司各项规章制度 10;能遵守公司规章制度,但需要有人督导 8-9;偶有迟到,但上班后工作兢兢业业 7;纪律观念不强,偶尔违反公司规章制度 5-6;经常违反公司制度,被指正时态度傲慢 5以下",
        ],
        10.0,
    ),
];

/// Every score is judged: `judged` holds the reviewer's correct points of
/// all eight; 自评 is the reviewer's unless `self_scores` says otherwise.
const PRESALES_STAFF_SAMPLES: [Sample; 5] = [
    Sample {
        id: 1,
        name: "严浩",
        judged: &[
            (1, 27.0),
            (2, 9.0),
            (3, 13.0),
            (4, 9.0),
            (5, 4.0),
            (6, 8.0),
            (7, 9.0),
            (8, 10.0),
        ],
        self_scores: &[(1, Number(29.0)), (3, Number(14.0)), (6, Number(9.0))],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "华倩",
        judged: &[
            (1, 25.0),
            (2, 8.0),
            (3, 12.0),
            (4, 8.0),
            (5, 4.0),
            (6, 9.0),
            (7, 8.0),
            (8, 9.0),
        ],
        // 方案制作 typed as text: SUM skips it.
        faults: &[Fault::ScoreAsText(3, "12分")],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "金鹏",
        // 职业道德 is worth 5: the reviewer's 6 counts as 5.
        judged: &[
            (1, 30.0),
            (2, 10.0),
            (3, 14.0),
            (4, 10.0),
            (5, 5.0),
            (6, 9.0),
            (7, 10.0),
            (8, 9.0),
        ],
        faults: &[Fault::WrongScore(5, 6.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "魏琳",
        // 客户沟通 was never judged; the self score 7 is there.
        judged: &[
            (1, 22.0),
            (2, 7.0),
            (3, 10.0),
            (4, 7.0),
            (5, 3.0),
            (7, 7.0),
            (8, 8.0),
        ],
        self_scores: &[(6, Number(7.0))],
        faults: &[Fault::ScoreMissing(6), Fault::TotalTyped(71.0)],
        output: Output::Convert("ods"),
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "陶然",
        judged: &[
            (1, 26.0),
            (2, 9.0),
            (3, 13.0),
            (4, 8.0),
            (5, 5.0),
            (6, 10.0),
            (7, 9.0),
            (8, 10.0),
        ],
        faults: &[Fault::ScoreAsText(8, "10分"), Fault::TotalAdded],
        ..Sample::CLEAN
    },
];
