//! The forms of seed 003 (售后服务考核评分表 月度): 售后服务考核评分表, judged
//! points; 客户考核评分表(月度), results 80% and behaviour 20%;
//! 月度绩效考核评分表, judged scores on a 100 scale times weights.
//! `samples/README.md` documents every sample; `mappings/` states the same
//! rules for the tool.

use super::Entry::Number;
use super::forms::column;
use super::{
    Cmp, Col, Fault, Field, Form, Head, Indicator, Output, Rule, Sample, Section, Term,
    TotalFormula, TotalRow,
};

pub const FORMS: [&Form; 3] = [&AFTER_SALES, &CLIENT, &MONTHLY];

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
        column: Col::Score,
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
// 客户考核评分表(月度) — seed 003, line 25: 业绩考核 (seven items, 权重 adding
// up to 100%) and 行为考核 (five items of 20 by level, 1级4分…5级20分), each
// added up on a 100 scale (加权合计); "总分=业绩考核得分*80%+行为考核得分*20%"
// (rubric case A2).
// ---------------------------------------------------------------------------

const CLIENT: Form = Form {
    title: "客户考核评分表(月度)",
    sheet: "考核评分表",
    template: "templates/客户考核评分表(月度).xlsx",
    department: "客户关系部",
    month: "2026年10月",
    reviewer: "沈经理",
    head: Head::Inline(&[
        ("姓名", Field::Person, 2),
        ("岗位", Field::Fixed("客服主管"), 2),
        ("部门", Field::Department, 2),
        ("考核时间", Field::Month, 2),
        ("考核人", Field::Reviewer, 2),
    ]),
    note: "",
    columns: &[
        column("序号", 6.0, Col::No),
        column("考核项目", 9.0, Col::Group),
        column("考核指标", 14.0, Col::Name),
        column("权重", 7.0, Col::Weight),
        column("目标值要求", 34.0, Col::Wrap(0)),
        column("评分等级", 30.0, Col::Wrap(1)),
        column("考核数据", 14.0, Col::DataLabel),
        column("实际完成", 9.0, Col::Raw),
        column("自评", 8.0, Col::SelfScore),
        column("上级评分", 9.0, Col::Score),
    ],
    indicators: &CLIENT_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "总分=业绩考核得分×80%+行为考核得分×20%",
        label_span: 9,
        formula: TotalFormula::Sections(&[
            Section {
                title: "一、业绩考核(80%)",
                items: 7,
                subtotal: "加权合计",
                weight: 0.8,
            },
            Section {
                title: "二、行为考核(20%)",
                items: 5,
                subtotal: "加权合计",
                weight: 0.2,
            },
        ]),
        extra: &[],
        subtotal: None,
    },
    signatures: &["被考核人签字:", "考核人签字:            年    月    日"],
    footnotes: &[],
    raters: None,
    samples: &CLIENT_SAMPLES,
};

/// A result item scored in `points`, counting `weight` of its section.
const fn result(
    group: &'static str,
    name: &'static str,
    texts: &'static [&'static str],
    points: f64,
    weight: f64,
    data: &'static [&'static str],
    rule: Rule,
) -> Indicator {
    Indicator {
        name,
        group,
        texts,
        max: points,
        weight: Some(weight),
        data,
        raw_format: "0",
        rule,
    }
}

/// The behaviour items' scale (评分等级).
const LEVEL_POINTS: &str = "1级4分;2级8分;3级12分;4级16分;5级20分";

/// A behaviour item: the level (1级…5级) in 实际完成 gives 4 points a
/// level; `texts` are its levels' descriptions and [`LEVEL_POINTS`].
const fn behaviour(name: &'static str, texts: &'static [&'static str]) -> Indicator {
    Indicator {
        name,
        group: "行为指标",
        texts,
        max: 20.0,
        weight: Some(0.20),
        data: &["等级"],
        raw_format: "0\"级\"",
        rule: Rule::Steps {
            cmp: Cmp::AtLeast,
            steps: &[
                (5.0, 20.0),
                (4.0, 16.0),
                (3.0, 12.0),
                (2.0, 8.0),
                (1.0, 4.0),
            ],
            otherwise: Some(0.0),
        },
    }
}
const CLIENT_MANAGEMENT: &str = "客户管理";
const SERVICE_MANAGEMENT: &str = "客服管理";

/// "完成率在90%以上20分 … 85%以上10分 … 低于80%为0分": 80% to below 85% is
/// not stated; the supervisor judges it within [0, 10].
const RATE_BANDS: Rule = Rule::Bands(&[
    (0.90, Some(20.0)),
    (0.85, Some(10.0)),
    (0.80, None),
    (f64::NEG_INFINITY, Some(0.0)),
]);

const CLIENT_INDICATORS: [Indicator; 12] = [
    Indicator {
        raw_format: "0%",
        ..result(
            CLIENT_MANAGEMENT,
            "客服流程体系的建立与完善",
            &[
                "建立CRM信息系统、培养客服管理制度、方法、流程",
                "完成率在90%以上20分;完成率85%以上10分;完成率低于80%为0分",
            ],
            20.0,
            0.20,
            &["流程完成率"],
            RATE_BANDS,
        )
    },
    Indicator {
        raw_format: "0%",
        ..result(
            CLIENT_MANAGEMENT,
            "客户信息掌控率",
            &[
                "全面掌握客户信息,实现功能最大化,信息利用率达到90%以上",
                "信息利用率达到90%以上得20分;85%以上10分;80%以下0分",
            ],
            20.0,
            0.20,
            &["信息利用率"],
            RATE_BANDS,
        )
    },
    result(
        CLIENT_MANAGEMENT,
        "客户转介绍数",
        &[
            "老客户转介绍新客户的数量",
            "有新客户产生10分;没有新客户产生0分",
        ],
        10.0,
        0.10,
        &["转介绍新客户(个)"],
        Rule::Steps {
            cmp: Cmp::AtLeast,
            steps: &[(1.0, 10.0)],
            otherwise: Some(0.0),
        },
    ),
    Indicator {
        raw_format: "0%",
        ..result(
            CLIENT_MANAGEMENT,
            "大客户回访",
            &[
                "所有大客户每三月回访一次",
                "完成所有回访安排10分;完成90%得5分;低于90%为0分",
            ],
            10.0,
            0.10,
            &["回访完成率"],
            Rule::Steps {
                cmp: Cmp::AtLeast,
                steps: &[(1.0, 10.0), (0.9, 5.0)],
                otherwise: Some(0.0),
            },
        )
    },
    result(
        SERVICE_MANAGEMENT,
        "客户满意度",
        &[
            "客户满意度在90分以上",
            "客户满意度在90分以上20分;85分以上10分;80分以上5分;低于80分0分",
        ],
        20.0,
        0.20,
        &["满意度(分)"],
        Rule::Steps {
            cmp: Cmp::AtLeast,
            steps: &[(90.0, 20.0), (85.0, 10.0), (80.0, 5.0)],
            otherwise: Some(0.0),
        },
    ),
    result(
        SERVICE_MANAGEMENT,
        "客户投诉处理",
        &[
            "客户投诉在2小时内响应,3个工作日解决,解决率100%",
            "完成所有要求30分;任一项没有满足扣10分",
        ],
        30.0,
        0.10,
        &["未满足要求(项)"],
        Rule::Deduction(&[Term {
            points: 10.0,
            free: 0.0,
            zero_from: None,
        }]),
    ),
    result(
        SERVICE_MANAGEMENT,
        "孤儿客户流失数",
        &["不产生孤儿客户流失", "不流失5分;流失0分"],
        5.0,
        0.10,
        &["流失客户(个)"],
        Rule::Deduction(&[Term {
            points: 0.0,
            free: 0.0,
            zero_from: Some(1.0),
        }]),
    ),
    behaviour(
        "以客户为中心",
        &[
            "1级:提供必要服务;2级:迅速而不可分辨解决客户需求;3级:找出客户深层次(真实)需求提供相应产品服务;4级:成为客户信赖对象,并维护组织利益下影响客户决策;5级:维护客户利益,而促进长远组织利益",
            LEVEL_POINTS,
        ],
    ),
    behaviour(
        "服务细致",
        &[
            "1级:完成公司KPI服务流程;2级:主动性问询服务性问题;3级:无客户性投诉的流程执行;4级:适用性全面服务与实诚性服务;5级:能给客户带来意想不到的服务知识与感受",
            LEVEL_POINTS,
        ],
    ),
    behaviour(
        "指挥",
        &[
            "1级:常规指标并清晰;2级:详细指导并告知操作方法;3级:坚决恰当处理不合理要求并对后果负责,控制场面;4级:团队工作井然,成员立场行为较好;5级:指挥具有艺术性,成员不易违规",
            LEVEL_POINTS,
        ],
    ),
    behaviour(
        "承担责任",
        &[
            "1级:承认结果,而不是强调愿望;2级:承担责任,不推卸,不指责;3级:着手解决问题,减少业务流程;4级:举一反三,改进业务流程;5级:做事有预见,有防误设计",
            LEVEL_POINTS,
        ],
    ),
    behaviour(
        "职业化",
        &[
            "1级:岗位理论基础掌握,处理复杂工作;2级:危机及冲突中,通过独特经验化解;3级:没有监管情况下主动节约并不占有不属于自己的利益;4级:本职工作获取享受快乐;5级:认知岗位的价值性与高尚性,内心愿为之付出",
            LEVEL_POINTS,
        ],
    ),
];

/// Raw results: 流程完成率, 信息利用率, 转介绍新客户, 回访完成率, 满意度,
/// 未满足要求, 流失客户, then the five behaviour levels.
const CLIENT_SAMPLES: [Sample; 6] = [
    Sample {
        id: 1,
        name: "程远",
        raw: &[
            0.92, 0.88, 2.0, 1.0, 91.0, 0.0, 0.0, 4.0, 4.0, 3.0, 4.0, 5.0,
        ],
        self_scores: &[(2, Number(20.0)), (10, Number(16.0))],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "江南",
        // 客户满意度's 20 typed as text: the 加权合计 adds it cell by cell,
        // so it and the total show #VALUE!.
        raw: &[
            0.95, 0.91, 1.0, 0.9, 93.0, 1.0, 0.0, 5.0, 4.0, 4.0, 3.0, 4.0,
        ],
        faults: &[Fault::ScoreAsText(5, "20分")],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "董洁",
        // Wrong tiers: 满意度 87 is "85分以上10分", not 20; level 3 of 指挥
        // is 12, not 16.
        raw: &[
            0.86, 0.92, 0.0, 1.0, 87.0, 1.0, 1.0, 3.0, 4.0, 3.0, 3.0, 4.0,
        ],
        faults: &[Fault::WrongScore(5, 20.0), Fault::WrongScore(10, 16.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "谭亮",
        // 流程完成率 82% and 信息利用率 83% fall where the form is silent:
        // judged within [0, 10]; the 6 stands, the 15 counts as 10.
        raw: &[
            0.82, 0.83, 1.0, 0.95, 85.0, 0.0, 0.0, 3.0, 3.0, 3.0, 4.0, 3.0,
        ],
        judged: &[(1, 6.0), (2, 10.0)],
        faults: &[Fault::WrongScore(2, 15.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "邱实",
        // 服务细致's level is not filled in (the 16 written stands
        // unchecked).
        raw: &[0.9, 0.86, 1.0, 1.0, 88.0, 2.0, 0.0, 4.0, 4.0, 4.0, 3.0, 3.0],
        faults: &[Fault::RawMissing(9), Fault::TotalTyped(85.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 6,
        name: "温馨",
        // 孤儿客户流失数 is worth 5: the 10 written counts as 5.
        raw: &[0.93, 0.9, 3.0, 1.0, 95.0, 0.0, 0.0, 5.0, 5.0, 4.0, 5.0, 4.0],
        faults: &[Fault::WrongScore(7, 10.0)],
        output: Output::Convert("ods"),
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
        column: Col::Score,
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
