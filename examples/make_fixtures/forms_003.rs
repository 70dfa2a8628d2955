//! The forms of seed 003 (售后服务考核评分表 月度): 售后服务考核评分表, judged
//! points; 月度绩效考核评分表, judged scores on a 100 scale times weights.
//! `samples/README.md` documents every sample; `mappings/` states the same
//! rules for the tool.

use super::forms::column;
use super::{Col, Fault, Field, Form, Head, Indicator, Output, Sample, TotalFormula, TotalRow};

pub const FORMS: [&Form; 2] = [&AFTER_SALES, &MONTHLY];

// ---------------------------------------------------------------------------
// 售后服务考核评分表(月度) — seed 003, lines 1–24 (售后服务岗评分标准): five
// parts judged within their points, 30 + 30 + 20 + 10 + 10.
// ---------------------------------------------------------------------------

const AFTER_SALES: Form = Form {
    title: "售后服务考核评分表(月度)",
    sheet: "评分表",
    template: "templates/售后服务考核评分表.xlsx",
    department: "售后服务部",
    month: "2026年10月",
    reviewer: "钱主管",
    head: Head::Inline(&[
        ("姓名", Field::Person, 2),
        ("岗位", Field::Fixed("售后服务岗"), 1),
        ("部门", Field::Department, 1),
        ("考核月份", Field::Month, 1),
        ("评分人", Field::Reviewer, 1),
    ]),
    note: "",
    columns: &[
        column("序号", 6.0, Col::No),
        column("考核项目", 14.0, Col::Name),
        column("评分指标", 62.0, Col::Wrap(0)),
        column("分值", 16.0, Col::MaxPoints),
        column("得分", 16.0, Col::Score),
        column("备注", 16.0, Col::Blank),
    ],
    indicators: &AFTER_SALES_INDICATORS,
    total: TotalRow {
        label: "合计",
        label_span: 3,
        formula: TotalFormula::Sum,
        extra: &[],
        subtotal: None,
    },
    signatures: &["评分人签字:", "被考核人签字:", "日期:"],
    footnotes: &[
        "评分说明:评分者根据各考核项目下的评分指标评估员工表现,在分值范围内给分;总分为各项得分之和。",
    ],
    raters: None,
    samples: &AFTER_SALES_SAMPLES,
};

/// A part judged within its points.
const fn part(name: &'static str, text: &'static [&'static str], max: f64) -> Indicator {
    Indicator {
        name,
        texts: text,
        max,
        ..Indicator::BASE
    }
}

const AFTER_SALES_INDICATORS: [Indicator; 5] = [
    part(
        "专业知识",
        &[
            "1. 熟悉产品:员工对公司所售产品的特点、功能和使用方法有充分的了解。2. 解决问题能力:员工能够准确识别问题,并提供有效的解决方案。3. 沟通能力:员工能够清晰、简洁地向客户解释问题及解决方案。",
        ],
        30.0,
    ),
    part(
        "客户满意度",
        &[
            "1. 回复及时性:员工能够及时回复客户的咨询和问题。2. 问题解决率:员工能够高效解决客户的问题,使客户满意度达到预期水平。3. 服务态度:员工服务客户时,态度友好、耐心、专业。",
        ],
        30.0,
    ),
    part(
        "工作效率",
        &[
            "1. 任务响应速度:员工能够及时响应上级的工作安排,并高效地完成任务。2. 问题处理时间:员工能够迅速解决客户问题,不拖延时间。3. 工作整理能力:员工将工作区域整理得井井有条,方便自己和他人快速找到所需文件和工具。",
        ],
        20.0,
    ),
    part(
        "团队合作",
        &[
            "1. 协作能力:员工能够积极与团队成员合作,共同解决问题。2. 信息分享:员工能够及时分享工作中的重要信息,并给予同事帮助和支持。3. 知识共享:员工愿意与团队成员分享自己的经验和知识,提高整个团队的专业水平。",
        ],
        10.0,
    ),
    // The seed's text stops at the heading ("在售后服务工作中,持续改进和
    // 提升服务质量是非常重要的。"); the criterion is read from it.
    part(
        "改进意见",
        &[
            "在售后服务工作中,持续改进和提升服务质量是非常重要的:主动发现服务中的问题,提出切实可行的改进意见。",
        ],
        10.0,
    ),
];

/// Every score is judged: `judged` holds all five.
const AFTER_SALES_SAMPLES: [Sample; 5] = [
    Sample {
        id: 1,
        name: "冯磊",
        judged: &[(1, 27.0), (2, 26.0), (3, 18.0), (4, 9.0), (5, 8.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "蒋欣",
        judged: &[(1, 24.0), (2, 28.0), (3, 16.0), (4, 8.0), (5, 7.0)],
        // 客户满意度 typed as text: SUM skips it.
        faults: &[Fault::ScoreAsText(2, "28分")],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "韩梅",
        // 工作效率 is worth 20: the 22 counts as 20.
        judged: &[(1, 25.0), (2, 27.0), (3, 20.0), (4, 9.0), (5, 6.0)],
        faults: &[Fault::WrongScore(3, 22.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "曹颖",
        // 改进意见 was never scored.
        judged: &[(1, 26.0), (2, 25.0), (3, 17.0), (4, 10.0)],
        faults: &[Fault::ScoreMissing(5), Fault::TotalTyped(86.0)],
        output: Output::Convert("ods"),
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "彭涛",
        judged: &[(1, 28.0), (2, 29.0), (3, 19.0), (4, 9.0), (5, 9.0)],
        faults: &[Fault::ScoreAsText(1, "28分"), Fault::TotalAdded],
        ..Sample::CLEAN
    },
];

// ---------------------------------------------------------------------------
// 月度绩效考核评分表 — seed 003, lines 26–48: six items scored on a 100 scale,
// "绩效考核总分 = 工作质量得分 * 30% + 工作效率得分 * 20% + 工作态度得分 * 15%
// + 团队合作得分 * 15% + 创新能力得分 * 10% + 学习能力得分 * 10%".
// ---------------------------------------------------------------------------

const MONTHLY: Form = Form {
    title: "月度绩效考核评分表",
    sheet: "考核评分表",
    template: "templates/月度绩效考核评分表.xlsx",
    department: "综合管理部",
    month: "2026年10月",
    reviewer: "刘经理",
    head: Head::Inline(&[
        ("被考核人", Field::Person, 2),
        ("部门", Field::Department, 2),
        ("考核月份", Field::Month, 1),
        ("考核人", Field::Reviewer, 1),
    ]),
    note: "",
    columns: &[
        column("序号", 6.0, Col::No),
        column("评分指标", 12.0, Col::Name),
        column("权重", 8.0, Col::Weight),
        column("描述", 22.0, Col::Wrap(0)),
        column("评分标准", 50.0, Col::Wrap(1)),
        column("得分", 16.0, Col::Score),
    ],
    indicators: &MONTHLY_INDICATORS,
    total: TotalRow {
        label: "绩效考核总分",
        label_span: 2,
        formula: TotalFormula::Weighted,
        extra: &[],
        subtotal: None,
    },
    signatures: &["考核人签字:", "被考核人签字:", "日期:"],
    footnotes: &[
        "评分说明:各项得分按100分制填写;绩效考核总分 = 工作质量得分 × 30% + 工作效率得分 × 20% + 工作态度得分 × 15% + 团队合作得分 × 15% + 创新能力得分 × 10% + 学习能力得分 × 10%。",
    ],
    raters: None,
    samples: &MONTHLY_SAMPLES,
};

/// An item judged on a 100 scale, counting its weight.
const fn weighed(name: &'static str, text: &'static [&'static str], weight: f64) -> Indicator {
    Indicator {
        name,
        texts: text,
        max: 100.0,
        weight: Some(weight),
        ..Indicator::BASE
    }
}

const MONTHLY_INDICATORS: [Indicator; 6] = [
    weighed(
        "工作质量",
        &[
            "工作完成情况和质量",
            "工作质量好的员工应该能够按时完成工作,并且保证工作质量达到一定的标准。如果工作存在错误或缺陷,将会扣分。",
        ],
        0.30,
    ),
    weighed(
        "工作效率",
        &[
            "工作完成所需时间",
            "衡量员工在单位时间内完成工作的能力。高效的员工应该能够在规定的时间内完成任务,并保持高质量的工作。如果工作超时或者效率低下,将会扣分。",
        ],
        0.20,
    ),
    weighed(
        "工作态度",
        &[
            "对工作持有的态度",
            "评估员工对工作的积极性和热情程度。员工应该对工作具有高度的责任心,并能够积极主动地解决问题。如果员工对工作态度懈怠,将会扣分。",
        ],
        0.15,
    ),
    weighed(
        "团队合作",
        &[
            "与团队成员合作情况",
            "评估员工在团队中的协作能力。员工应该能够积极参与团队活动,并与其他成员进行有效的沟通合作。如果员工在团队合作中存在问题,将会扣分。",
        ],
        0.15,
    ),
    weighed(
        "创新能力",
        &[
            "创新思维和解决问题的能力",
            "员工应该能够提出新的想法和解决方案,为团队带来新的改进和突破。如果员工在创新能力上存在不足,将会扣分。",
        ],
        0.10,
    ),
    weighed(
        "学习能力",
        &[
            "主动学习和提升自己的能力",
            "员工应该具备自主学习和学习意愿,并能够将学到的知识和技能应用到工作中。如果员工在学习能力上表现不佳,将会扣分。",
        ],
        0.10,
    ),
];

/// Every score is judged on the 100 scale: `judged` holds all six.
const MONTHLY_SAMPLES: [Sample; 6] = [
    Sample {
        id: 1,
        name: "田甜",
        judged: &[
            (1, 90.0),
            (2, 85.0),
            (3, 88.0),
            (4, 80.0),
            (5, 75.0),
            (6, 85.0),
        ],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "邵峰",
        judged: &[
            (1, 82.0),
            (2, 78.0),
            (3, 90.0),
            (4, 85.0),
            (5, 70.0),
            (6, 80.0),
        ],
        // 工作效率 typed as text: SUMPRODUCT skips it.
        faults: &[Fault::ScoreAsText(2, "78分")],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "白雪",
        // 工作态度 over the 100 scale: the 105 counts as 100.
        judged: &[
            (1, 95.0),
            (2, 92.0),
            (3, 100.0),
            (4, 90.0),
            (5, 85.0),
            (6, 88.0),
        ],
        faults: &[Fault::WrongScore(3, 105.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "汪洋",
        judged: &[
            (1, 76.0),
            (2, 80.0),
            (3, 85.0),
            (4, 78.0),
            (5, 60.0),
            (6, 72.0),
        ],
        faults: &[Fault::TotalTyped(80.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "尹卓",
        // 创新能力 was never scored.
        judged: &[(1, 88.0), (2, 90.0), (3, 85.0), (4, 92.0), (6, 90.0)],
        faults: &[Fault::ScoreMissing(5)],
        ..Sample::CLEAN
    },
    Sample {
        id: 6,
        name: "邹凯",
        judged: &[
            (1, 85.0),
            (2, 88.0),
            (3, 90.0),
            (4, 86.0),
            (5, 80.0),
            (6, 82.0),
        ],
        faults: &[Fault::ScoreAsText(4, "86分"), Fault::TotalAdded],
        output: Output::Convert("xls"),
        ..Sample::CLEAN
    },
];
