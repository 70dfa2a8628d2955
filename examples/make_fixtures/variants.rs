//! Variant workbooks: two shipped forms as other companies keep them
//! (columns named otherwise, an indicator more or fewer or renamed, the
//! total moved, other weights), the 淘宝 form of seed 000 that the
//! 售前客服岗位月度绩效考核表 mapping nearly describes, and forms whose total a
//! correction must keep correct when the sheet recalculates. Written to
//! `tests/fixtures/variants/`; its README says what differs in each and what
//! the tool must make of it, and `tests/variants.rs` checks it.

use super::Entry::Number;
use super::forms::{
    PRESALES, PRESALES_INDICATORS, SERVICE_MANAGER, SERVICE_MANAGER_INDICATORS, column,
};
use super::{Col, Fault, Field, Form, Head, Indicator, Sample, TotalFormula, TotalRow};

/// One variant: the file it is written to, the form as laid out, and who
/// filled it in.
pub struct Variant {
    pub file: &'static str,
    pub form: &'static Form,
    pub sample: &'static Sample,
}

pub const VARIANTS: [Variant; 9] = [
    Variant {
        file: "renamed-columns",
        form: &RENAMED_COLUMNS,
        sample: &Sample {
            name: "吴昕",
            ..PRESALES_CLEAN
        },
    },
    Variant {
        file: "one-indicator-more",
        form: &ONE_INDICATOR_MORE,
        sample: &Sample {
            name: "冯涛",
            judged: &[(11, 5.0), (12, 4.0), (13, 4.0)],
            ..PRESALES_CLEAN
        },
    },
    Variant {
        file: "one-indicator-fewer",
        form: &ONE_INDICATOR_FEWER,
        sample: &Sample {
            name: "蒋琴",
            // 张伟's without 客单价 (186): the indicators after it move up one.
            raw: &[0.95, 0.72, 1.5, 72.0, 0.0, 1.0, 2.0, 0.043, 5.0, 4.0],
            judged: &[(10, 5.0), (11, 4.0)],
            self_scores: &[(2, Number(15.0)), (6, Number(4.5)), (11, Number(5.0))],
            ..PRESALES_CLEAN
        },
    },
    Variant {
        file: "renamed-indicator",
        form: &RENAMED_INDICATOR,
        sample: &Sample {
            name: "韩梅",
            ..PRESALES_CLEAN
        },
    },
    Variant {
        file: "moved-total",
        form: &MOVED_TOTAL,
        sample: &Sample {
            name: "杨帆",
            ..PRESALES_CLEAN
        },
    },
    Variant {
        file: "different-weight",
        form: &DIFFERENT_WEIGHT,
        sample: &MANAGER_CLEAN,
    },
    Variant {
        file: "淘宝售前绩效分数表格",
        form: &TAOBAO,
        sample: &TAOBAO_SAMPLE,
    },
    Variant {
        file: "total-leaves-out-a-row",
        form: &PRESALES,
        sample: &Sample {
            name: "曹宇",
            faults: &[Fault::TotalOmitsLast],
            ..PRESALES_CLEAN
        },
    },
    Variant {
        file: "weight-typed-as-text",
        form: &SERVICE_MANAGER,
        sample: &Sample {
            name: "彭丽",
            faults: &[Fault::WeightAsText(3, "5%")],
            ..MANAGER_CLEAN
        },
    },
];

/// 张伟's form (samples/售前客服部/01_张伟.xlsx), every score right: 91.88.
const PRESALES_CLEAN: Sample = Sample {
    id: 1,
    name: "张伟",
    raw: &[0.95, 0.72, 186.0, 1.5, 72.0, 0.0, 1.0, 2.0, 0.043, 5.0, 4.0],
    judged: &[(11, 5.0), (12, 4.0)],
    self_scores: &[(2, Number(15.0)), (7, Number(4.5)), (12, Number(5.0))],
    ..Sample::CLEAN
};

/// 周杰's form (samples/客户服务部/01_周杰.xlsx), every score right.
const MANAGER_CLEAN: Sample = Sample {
    id: 1,
    name: "马骏",
    raw: &[0.96, 0.99, 0.0, 4.6, 0.0, 14.0],
    ..Sample::CLEAN
};

const P: [Indicator; 12] = PRESALES_INDICATORS;
const M: [Indicator; 6] = SERVICE_MANAGER_INDICATORS;

/// 实际完成 is 完成情况 and 自我评价 is 自评 here.
const RENAMED_COLUMNS: Form = Form {
    columns: &[
        column("序号", 9.0, Col::No),
        column("考核指标", 14.0, Col::Name),
        column("考核标准", 45.0, Col::Wrap(0)),
        column("分值", 11.0, Col::MaxPoints),
        column("考核数据", 16.0, Col::DataLabel),
        column("完成情况", 11.0, Col::Raw),
        column("自评", 10.0, Col::SelfScore),
        column("实际得分", 10.0, Col::Score),
        column("排名", 8.0, Col::Rank),
    ],
    ..PRESALES
};

/// A 13th indicator, 服务规范 (5 points, judged), on 105 points.
const ONE_INDICATOR_MORE: Form = Form {
    indicators: &appended::<12, 13>(
        P,
        Indicator {
            name: "服务规范",
            texts: &["服务用语规范,按公司话术接待,无服务态度投诉"],
            max: 5.0,
            ..Indicator::BASE
        },
    ),
    ..PRESALES
};

/// Without 客单价.
const ONE_INDICATOR_FEWER: Form = Form {
    indicators: &[
        P[0], P[1], P[3], P[4], P[5], P[6], P[7], P[8], P[9], P[10], P[11],
    ],
    ..PRESALES
};

/// 询单转化率 is called 咨询转化率, as in the 淘宝 form of seed 000.
const RENAMED_INDICATOR: Form = Form {
    indicators: &replaced(
        P,
        1,
        Indicator {
            name: "咨询转化率",
            texts: &["咨询转化达到75%为满分,否则根据实际情况折算评定"],
            data: &["咨询转化率"],
            ..P[1]
        },
    ),
    ..PRESALES
};

/// `list` with `extra` after its last indicator.
const fn appended<const N: usize, const M: usize>(
    list: [Indicator; N],
    extra: Indicator,
) -> [Indicator; M] {
    let mut out = [extra; M];
    let mut index = 0;
    while index < N && index < M {
        out[index] = list[index];
        index += 1;
    }
    out
}

/// `list` with the indicator at `index` replaced by `by`.
const fn replaced<const N: usize>(
    mut list: [Indicator; N],
    index: usize,
    by: Indicator,
) -> [Indicator; N] {
    list[index] = by;
    list
}

/// The total one column right, under 排名 instead of 实际得分.
const MOVED_TOTAL: Form = Form {
    total: TotalRow {
        column: Col::Rank,
        label: "总计",
        label_span: 3,
        formula: TotalFormula::Sum,
        extra: &[],
        subtotal: None,
    },
    ..PRESALES
};

/// 销售收入计划完成率 weighs 50% instead of 60%, 培训计划完成率 20% instead
/// of 10%: the weights still add up to 100%, and the form's total by them
/// is right.
const DIFFERENT_WEIGHT: Form = Form {
    indicators: &replaced(
        replaced(
            M,
            0,
            Indicator {
                weight: Some(0.50),
                ..M[0]
            },
        ),
        4,
        Indicator {
            weight: Some(0.20),
            ..M[4]
        },
    ),
    ..SERVICE_MANAGER
};

/// 售前客服绩效分数表格 from seed 000 (淘宝:售前绩效考核): the indicators of
/// 售前客服岗位月度绩效考核表 with 询单转化率 called 咨询转化率, no raw-result
/// columns (every score typed by the supervisor), 分值(100) and 综合排名.
const TAOBAO: Form = Form {
    title: "售前客服绩效分数表格",
    sheet: "绩效分数",
    template: "",
    department: "网店客服部",
    month: "2026年10月",
    reviewer: "",
    head: Head::Inline(&[
        ("被考核人", Field::Person, 3),
        ("考核月份", Field::Month, 4),
    ]),
    note: "",
    columns: &[
        column("序列", 6.0, Col::No),
        column("考核指标", 14.0, Col::Name),
        column("绩效考核标准", 45.0, Col::Wrap(0)),
        column("分值(100)", 10.0, Col::MaxPoints),
        column("自我评价", 10.0, Col::SelfScore),
        column("实际得分", 10.0, Col::Score),
        column("综合排名", 10.0, Col::Rank),
    ],
    indicators: &TAOBAO_INDICATORS,
    total: TotalRow {
        column: Col::Score,
        label: "总计",
        label_span: 3,
        formula: TotalFormula::Sum,
        extra: &[],
        subtotal: None,
    },
    signatures: &["考核人签字:", "被考核人签字:"],
    footnotes: &[],
    raters: None,
    samples: &[],
};

/// Every score is the supervisor's: the form has no raw results to rule on.
const fn typed(name: &'static str, text: &'static [&'static str], max: f64) -> Indicator {
    Indicator {
        name,
        texts: text,
        max,
        ..Indicator::BASE
    }
}

const TAOBAO_INDICATORS: [Indicator; 12] = [
    typed("预期销售额完成度", &["每月达到销售目标为满分"], 30.0),
    typed("咨询转化率", &["咨询转化达到75%为满分"], 15.0),
    typed(
        "客单价",
        &["3月-7月份客单价均值170元为满分,8月-2月份客单价均值为XX为满分"],
        5.0,
    ),
    typed("客件数", &["客件数1.8为满分"], 10.0),
    typed(
        "打字速度",
        &["打字速度40字/分为及格,不及格此项分数统一为2分。70字/分为满分"],
        5.0,
    ),
    typed(
        "维权投诉、低质评价",
        &[
            "由客服态度原因导致的虚假发货、延迟发货、违背承诺投诉一次此项为0分,由客服态度服务导致的差评1个扣1分",
        ],
        5.0,
    ),
    typed(
        "出错率",
        &[
            "备注出错、没看通知出错、价格解释出错、承诺具体发货时间、具体换货时间,具体退款以及具体到账时间,出现一次扣0.5分",
        ],
        5.0,
    ),
    typed(
        "退款比例(退款/销售)",
        &["退款比例5%以下为5分,5%-8%为4分,8%-10%为3分,10%-15%为1到3分"],
        5.0,
    ),
    typed(
        "出勤状况",
        &["员工累计迟到或早退10分钟以内(含10分钟)者免于处罚"],
        5.0,
    ),
    typed(
        "及时反馈和解决异常情况",
        &[
            "每周五之前书面提出售前客服需要反馈的问题和解决方案,一项为1分,5项或以上为满分,无提出此项不加分",
        ],
        5.0,
    ),
    typed("团队配合", &["积极配合团队、售后及店铺活动和商品主推"], 5.0),
    typed("总结与计划", &["周、月度总结及计划"], 5.0),
];

/// 87.04 on the form: 咨询转化率 14.71 (73.55% of the 75% target) and 72.33
/// for the rest.
const TAOBAO_SAMPLE: Sample = Sample {
    id: 1,
    name: "沈佳",
    judged: &[
        (1, 25.5),
        (2, 14.71),
        (3, 4.25),
        (4, 8.33),
        (5, 4.0),
        (6, 4.0),
        (7, 4.5),
        (8, 4.0),
        (9, 5.0),
        (10, 5.0),
        (11, 4.0),
        (12, 3.75),
    ],
    ..Sample::CLEAN
};
