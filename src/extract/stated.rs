//! What a form states in head fields beyond who and when, for the steps
//! after scoring: the pay a grade's ratio applies to, the amount commission
//! is paid on, the grade written by hand, and the team values a pool or an
//! even split reads.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::read_number;
use crate::locate::{FieldCell, Located, head_field};
use crate::mapping::{Mapping, Unit};
use crate::model::{CellValue, Workbook};

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Stated {
    /// The pay a grade's ratio applies to (月工资).
    pub base_pay: Option<Decimal>,
    /// The amount commission is paid on (月销售额).
    pub commission_amount: Option<Decimal>,
    /// The grade written by hand (考核等级), and where.
    pub grade: Option<FieldCell>,
    /// Team values the mapping's pool or split reads (静默下单销售额,
    /// 个人销售额), by their head field's label.
    pub team_values: BTreeMap<String, Decimal>,
}

/// What the form of the person `located` finds states, of what the
/// mapping reads.
pub fn stated(workbook: &Workbook, mapping: &Mapping, located: &Located) -> Stated {
    let field = |label: &str| {
        let sheet = workbook.sheets.get(located.sheet)?;
        head_field(sheet, located, label, mapping)
    };
    let amount = |label: &str| {
        let text = field(label)?.value?;
        read_number(&CellValue::Text(text), Unit::Number).number()
    };
    Stated {
        base_pay: mapping.fields.base_pay.as_deref().and_then(amount),
        commission_amount: mapping
            .commission
            .as_ref()
            .and_then(|commission| amount(&commission.amount_label)),
        grade: mapping.fields.grade.as_deref().and_then(field),
        team_values: team_value_names(mapping)
            .filter_map(|name| Some((name.to_string(), amount(name)?)))
            .collect(),
    }
}

/// Head fields whose values the team pass needs from every member.
fn team_value_names(mapping: &Mapping) -> impl Iterator<Item = &str> {
    let pool = mapping.pool.as_ref();
    let base = pool.and_then(|pool| pool.base_name());
    let tie_break = pool.and_then(|pool| pool.tie_break.as_deref());
    let split = mapping
        .split_evenly
        .as_ref()
        .and_then(|split| split.of.as_deref());
    [base, tie_break, split].into_iter().flatten()
}
