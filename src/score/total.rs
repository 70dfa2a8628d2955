//! The total from indicator scores: points add up; weighted indicators
//! count score / full marks × weight on a 100 scale; sections count their
//! 100-scale score × their weight. Rubric cases A1, A2, A4, T4.

use rust_decimal::Decimal;

use super::IndicatorScore;
use crate::locate::Difference;
use crate::mapping::{Combine, Indicator, Mapping, Section};

/// The total for scores given in the order of `mapping.indicators`.
pub fn combine_total(mapping: &Mapping, scores: &[Decimal]) -> Decimal {
    mapping
        .sections
        .iter()
        .map(|section| section_score(section, &mapping.indicators, scores) * section.weight)
        .sum()
}

/// A section's score: on a 100 scale, or in points for an unweighted sum.
pub fn section_score(section: &Section, indicators: &[Indicator], scores: &[Decimal]) -> Decimal {
    let members = || {
        section
            .indicators
            .clone()
            .filter_map(|index| Some((indicators.get(index)?, *scores.get(index)?)))
    };
    match section.combine {
        Combine::Sum => members()
            .map(|(indicator, score)| contribution(indicator, score))
            .sum(),
        Combine::Average => {
            let on_hundred: Vec<Decimal> = members()
                .map(|(indicator, score)| on_hundred_scale(indicator, score))
                .collect();
            match on_hundred.len() {
                0 => Decimal::ZERO,
                count => on_hundred.iter().sum::<Decimal>() / Decimal::from(count),
            }
        }
    }
}

/// The share of the total the indicator at `index` weighs, as a form's 权重
/// column states it: its weight (or, in points, its full marks out of 100;
/// in an averaged section, an equal part) times its section's weight.
pub fn share_of_total(mapping: &Mapping, index: usize) -> Option<Decimal> {
    let section = mapping
        .sections
        .iter()
        .find(|section| section.indicators.contains(&index))?;
    let indicator = mapping.indicators.get(index)?;
    let within = match (indicator.weight, section.combine) {
        (Some(weight), _) => weight,
        (None, Combine::Sum) => indicator.full_marks / Decimal::ONE_HUNDRED,
        (None, Combine::Average) => Decimal::ONE / Decimal::from(section.indicators.len()),
    };
    Some(within * section.weight)
}

/// How far a weight on the form may be from the mapping's share: a form
/// shows an equal third as 33.3% or 33.33%.
pub const WEIGHT_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 4);

/// Whether the weight (权重) the form states for the indicator at `index`
/// is not the share the mapping gives it.
pub fn stated_weight_differs(mapping: &Mapping, index: usize, indicator: &IndicatorScore) -> bool {
    let stated = indicator
        .weight_cell
        .as_ref()
        .and_then(|read| read.reading.number());
    match (stated, share_of_total(mapping, index)) {
        (Some(stated), Some(share)) => (stated - share).abs() > WEIGHT_TOLERANCE,
        _ => false,
    }
}

/// Full marks and weights the form states otherwise than the mapping.
pub fn stated_differences(mapping: &Mapping, indicators: &[IndicatorScore]) -> Vec<Difference> {
    let stated = |read: &Option<super::ReadCell>| read.as_ref().and_then(|r| r.reading.number());
    let mut differences = Vec::new();
    for (index, indicator) in indicators.iter().enumerate() {
        if let Some(stated) =
            stated(&indicator.full_marks_cell).filter(|s| *s != indicator.full_marks)
        {
            differences.push(Difference::FullMarks {
                indicator: indicator.label.clone(),
                stated,
                mapped: indicator.full_marks,
            });
        }
        if let (Some(stated), Some(share)) = (
            stated(&indicator.weight_cell),
            share_of_total(mapping, index),
        ) && stated_weight_differs(mapping, index, indicator)
        {
            differences.push(Difference::Weight {
                indicator: indicator.label.clone(),
                stated,
                mapped: share,
            });
        }
    }
    differences
}

/// What one indicator adds to its section's sum.
pub fn contribution(indicator: &Indicator, score: Decimal) -> Decimal {
    match indicator.weight {
        Some(weight) => on_hundred_scale(indicator, score) * weight,
        None => score,
    }
}

fn on_hundred_scale(indicator: &Indicator, score: Decimal) -> Decimal {
    score * Decimal::ONE_HUNDRED / indicator.full_marks
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rust_decimal::Decimal;

    use super::*;
    use crate::mapping::parse_mapping_text;

    const HEAD: &str =
        "form: t\nrecognise: { title_contains: [t] }\ncolumns: { indicator: 指标, score: 得分 }\n";

    fn total(body: &str, scores: &[i64]) -> String {
        let mapping = parse_mapping_text(Path::new("t.yaml"), &format!("{HEAD}{body}"))
            .unwrap_or_else(|e| panic!("{e}"));
        let scores: Vec<Decimal> = scores.iter().map(|s| Decimal::from(*s)).collect();
        combine_total(&mapping, &scores).normalize().to_string()
    }

    #[test]
    fn a1_five_items_on_ten_weighted_30_25_20_15_10() {
        let body = "indicators:
  - { label: a, full_marks: 10, weight: 30%, rule: judged }
  - { label: b, full_marks: 10, weight: 25%, rule: judged }
  - { label: c, full_marks: 10, weight: 20%, rule: judged }
  - { label: d, full_marks: 10, weight: 15%, rule: judged }
  - { label: e, full_marks: 10, weight: 10%, rule: judged }
";
        assert_eq!(total(body, &[9, 8, 7, 10, 6]), "82");
    }

    #[test]
    fn a2_results_80_percent_behaviour_20_percent() {
        let body = "sections:
  - name: 业绩考核
    weight: 80%
    indicators:
      - { label: 业绩, full_marks: 100, rule: judged }
  - name: 行为考核
    weight: 20%
    indicators:
      - { label: 行为, full_marks: 100, rule: judged }
";
        assert_eq!(total(body, &[85, 70]), "82");
    }

    #[test]
    fn a4_averaged_sections_weighted_60_30_5_5() {
        let body = "sections:
  - name: 关键业绩指标
    weight: 60%
    combine: average
    indicators:
      - { label: k1, full_marks: 100, rule: judged }
      - { label: k2, full_marks: 100, rule: judged }
      - { label: k3, full_marks: 100, rule: judged }
  - name: 常规工作任务项
    weight: 30%
    combine: average
    indicators:
      - { label: o1, full_marks: 100, rule: judged }
      - { label: o2, full_marks: 100, rule: judged }
  - name: 工作态度
    weight: 5%
    indicators:
      - { label: 态度, full_marks: 100, rule: judged }
  - name: 考勤评价
    weight: 5%
    indicators:
      - { label: 考勤, full_marks: 100, rule: judged }
";
        assert_eq!(total(body, &[90, 80, 100, 70, 90, 100, 60]), "86");
    }

    #[test]
    fn t4_a_hundred_scale_tier_contributes_by_its_weight() {
        let body = "indicators:
  - label: 客户投诉处理解决率
    full_marks: 100
    weight: 15%
    unit: percent
    rule:
      tiers:
        - { from: 98%, score: 100 }
        - { from: 95%, below: 98%, score: 90 }
        - { from: 90%, below: 95%, score: 80 }
        - { below: 90%, score: 0 }
  - { label: 其他, full_marks: 100, weight: 85%, rule: judged }
";
        for (score, contributes) in [(100, "15"), (90, "13.5"), (80, "12"), (0, "0")] {
            assert_eq!(total(body, &[score, 0]), contributes);
        }
    }

    #[test]
    fn weights_that_do_not_add_up_are_reported() {
        let body = "indicators:
  - { label: a, full_marks: 10, weight: 30%, rule: judged }
  - { label: b, full_marks: 10, weight: 65%, rule: judged }
";
        let error = parse_mapping_text(Path::new("t.yaml"), &format!("{HEAD}{body}")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.yaml:5:3: weights of the indicators add up to 95%, not 100%"
        );
    }
}
