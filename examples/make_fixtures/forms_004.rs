//! The forms of seed 004 (售前技术工程师考核表) shipped after the first ones:
//! 高级售前技术工程师绩效考核表, five items scored 0–10 and weighted.
//! `samples/README.md` documents every sample; `mappings/` states the same
//! rules for the tool.

use super::Entry::{Blank, Number};
use super::forms::column;
use super::{Col, Fault, Field, Form, Head, Indicator, Output, Sample, TotalFormula, TotalRow};

pub const FORMS: [&Form; 1] = [&SENIOR_TECH];

// ---------------------------------------------------------------------------
// 3-高级售前技术工程师绩效考核表 — seed 004, lines 100–105; rubric case A1:
// "在每个绩效考核项目中,评分范围为0-10分…根据各项目的权重,计算总评分时将各
// 项目得分按权重相加", weights 30/25/20/15/10, grades on the 100 scale.
// ---------------------------------------------------------------------------

const SENIOR_TECH: Form = Form {
    title: "高级售前技术工程师绩效考核表",
    sheet: "绩效考核表",
    template: "templates/高级售前技术工程师绩效考核表.xlsx",
    department: "售前技术部",
    month: "2026年第4季度",
    reviewer: "梁总监",
    head: Head::Inline(&[
        ("被考核人", Field::Person, 2),
        ("部门", Field::Department, 1),
        ("考核季度", Field::Month, 1),
        ("直属上级", Field::Reviewer, 2),
    ]),
    note: "",
    columns: &[
        column("序号", 6.0, Col::No),
        column("绩效考核项目", 16.0, Col::Name),
        column("权重", 8.0, Col::Weight),
        column("考核内容", 60.0, Col::Wrap(0)),
        column("自评分(0-10)", 12.0, Col::SelfScore),
        column("确认得分(0-10)", 14.0, Col::Score),
    ],
    indicators: &SENIOR_TECH_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "总评分(各项目得分按权重相加,折合百分制)",
        label_span: 2,
        formula: TotalFormula::Weighted,
        extra: &[],
        subtotal: None,
    },
    signatures: &["被考核人签字:", "直属上级签字:", "日期:"],
    footnotes: &[
        "最终评定绩效等级:优秀:总评分90分以上;良好:总评分80-89分;较好:总评分70-79分;一般:总评分60-69分;需改进:总评分60分以下。",
        "自评和考核流程:每季度末,高级售前技术工程师应完成自我评估,并与直属上级进行评估沟通,双方对每一个绩效项目的得分进行确认。",
    ],
    raters: None,
    samples: &SENIOR_TECH_SAMPLES,
};

/// An item scored 0–10, counting its weight.
const fn item(name: &'static str, text: &'static [&'static str], weight: f64) -> Indicator {
    Indicator {
        name,
        texts: text,
        max: 10.0,
        weight: Some(weight),
        ..Indicator::BASE
    }
}

const SENIOR_TECH_INDICATORS: [Indicator; 5] = [
    item(
        "专业知识与技术能力",
        &[
            "掌握公司产品的技术特点、使用方法以及相关的解决方案;能够熟练解答客户在售前阶段提出的技术问题;具备广泛的技术知识,在售前工作中能够提供专业的技术支持和建议",
        ],
        0.30,
    ),
    item(
        "客户沟通与需求理解",
        &[
            "能够与客户进行有效的沟通,了解其需求和问题;能够准确理解客户的需求,并提供相应的解决方案和建议;积极协助销售团队,提供有效的技术支持,确保客户满意度",
        ],
        0.25,
    ),
    item(
        "解决问题的能力",
        &[
            "能够分析和解决售前过程中的复杂问题和技术难题;具备快速研究和适应新技术的能力,能够及时解决新产品或新技术带来的挑战;能够独立处理和解决售前工作中的问题,并寻求必要的支持和协助",
        ],
        0.20,
    ),
    item(
        "团队合作",
        &[
            "在团队合作中能够有效地与其他成员协作,共同完成工作目标;具备良好的沟通合作能力,能够积极分享经验和知识,为团队成员提供支持;能够与其他部门进行协调,确保工作的顺利进行",
        ],
        0.15,
    ),
    item(
        "公司业务贡献",
        &[
            "在售前工作中能够积极推动公司业务的发展,提供有价值的解决方案;能够参与和支持销售活动,在业务拓展方面发挥积极作用;能够主动关注市场动态和竞争对手,为公司业务发展提供相关的信息和建议",
        ],
        0.10,
    ),
];

/// Every score is judged 0–10: `judged` holds the confirmed score of all
/// five; 自评分 is the confirmed one unless `self_scores` says otherwise.
const SENIOR_TECH_SAMPLES: [Sample; 6] = [
    Sample {
        id: 1,
        name: "石磊",
        // A1: (9, 8, 7, 10, 6) → 8.2 of 10 → 82, 良好.
        judged: &[(1, 9.0), (2, 8.0), (3, 7.0), (4, 10.0), (5, 6.0)],
        self_scores: &[(1, Number(10.0)), (3, Number(8.0))],
        ..Sample::CLEAN
    },
    Sample {
        id: 2,
        name: "龙飞",
        judged: &[(1, 9.5), (2, 9.0), (3, 9.0), (4, 8.5), (5, 9.0)],
        // 客户沟通与需求理解 typed as text: SUMPRODUCT skips it.
        faults: &[Fault::ScoreAsText(2, "9分")],
        ..Sample::CLEAN
    },
    Sample {
        id: 3,
        name: "夏琪",
        // 解决问题的能力 is scored 0–10: the 12 counts as 10.
        judged: &[(1, 8.0), (2, 7.5), (3, 10.0), (4, 8.0), (5, 7.0)],
        faults: &[Fault::WrongScore(3, 12.0)],
        ..Sample::CLEAN
    },
    Sample {
        id: 4,
        name: "苏航",
        // 公司业务贡献 not yet confirmed: blank, with no self score either.
        judged: &[(1, 7.0), (2, 6.5), (3, 6.0), (4, 7.0)],
        self_scores: &[(5, Blank)],
        faults: &[Fault::ScoreMissing(5)],
        ..Sample::CLEAN
    },
    Sample {
        id: 5,
        name: "顾晨",
        judged: &[(1, 6.0), (2, 5.5), (3, 6.0), (4, 5.0), (5, 5.0)],
        faults: &[Fault::TotalTyped(60.0)],
        output: Output::Convert("xls"),
        ..Sample::CLEAN
    },
    Sample {
        id: 6,
        name: "方圆",
        judged: &[(1, 8.5), (2, 8.0), (3, 9.0), (4, 9.0), (5, 8.0)],
        faults: &[Fault::ScoreAsText(1, "8.5分"), Fault::TotalAdded],
        ..Sample::CLEAN
    },
];
