//! The workbook part (`xl/workbook.xml`): the sheets in order, the print
//! names and whether the file asks to be recalculated when opened.

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::events::Event;

use super::page_setup::DefinedName;
use super::xml::{self, XmlReader};

#[derive(Debug, Default)]
pub struct WorkbookPart {
    /// Whether the part is a `<workbook>`: a Word or PowerPoint document
    /// named .xlsx has a main part too.
    pub is_workbook: bool,
    /// Every sheet (worksheet, chart sheet, macro sheet), in workbook order.
    pub sheets: Vec<SheetEntry>,
    pub defined_names: Vec<DefinedName>,
    /// `<calcPr fullCalcOnLoad="1">`, as libraries that cannot calculate
    /// write it.
    pub recalculates_on_load: bool,
    /// `<workbookPr date1904="1">`: date serials count from 1904-01-01
    /// (old Mac Excel).
    pub date1904: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetEntry {
    pub name: String,
    /// The relationship id that leads to the sheet's part.
    pub relationship: String,
}

pub fn read_workbook_part<B: BufRead>(
    xml: &mut XmlReader<B>,
) -> Result<WorkbookPart, quick_xml::Error> {
    let mut workbook = WorkbookPart::default();
    let mut buf = Vec::new();
    let mut seen_root = false;
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf)?;
        if let Event::Start(element) | Event::Empty(element) = &event
            && !seen_root
        {
            seen_root = true;
            workbook.is_workbook = element.local_name().as_ref() == "workbook";
        }
        match event {
            Event::Start(element) if element.local_name().as_ref() == "definedName" => {
                let name = xml::attribute(&element, "name").map(Cow::into_owned);
                let local_sheet = xml::numeric_attribute::<usize>(&element, "localSheetId");
                let formula = xml::read_text(xml, element.name())?;
                if let Some(name) = name {
                    workbook.defined_names.push(DefinedName {
                        name,
                        local_sheet,
                        formula,
                    });
                }
            }
            Event::Start(element) | Event::Empty(element) => match element.local_name().as_ref() {
                "sheet" => {
                    let name = xml::attribute(&element, "name");
                    let id = xml::attribute(&element, "id");
                    if let (Some(name), Some(id)) = (name, id) {
                        workbook.sheets.push(SheetEntry {
                            name: name.into_owned(),
                            relationship: id.into_owned(),
                        });
                    }
                }
                "workbookPr" => {
                    workbook.date1904 = xml::bool_attribute(&element, "date1904") == Some(true);
                }
                "calcPr" => {
                    workbook.recalculates_on_load =
                        xml::bool_attribute(&element, "fullCalcOnLoad") == Some(true);
                }
                _ => {}
            },
            Event::Eof => return Ok(workbook),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_names_and_calculation() {
        let part = r#"<workbook xmlns:r="r"><workbookPr date1904="1"/><sheets>
            <sheet name="考核 &amp; 表" sheetId="1" r:id="rId1"/>
            <sheet name="NoId" sheetId="2"/>
            <sheet name="Chart" sheetId="3" r:id="rId3"></sheet></sheets>
            <definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">'考核 &amp; 表'!$A$1:$B$2</definedName>
            <definedName/></definedNames>
            <calcPr calcId="0" fullCalcOnLoad="true"/></workbook>"#;
        let workbook = read_workbook_part(&mut xml::reader(part.as_bytes())).unwrap();
        let names: Vec<_> = workbook.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["考核 & 表", "Chart"]);
        assert_eq!(workbook.sheets[1].relationship, "rId3");
        assert_eq!(
            workbook.defined_names,
            vec![DefinedName {
                name: "_xlnm.Print_Area".into(),
                local_sheet: Some(0),
                formula: "'考核 & 表'!$A$1:$B$2".into(),
            }]
        );
        assert!(workbook.recalculates_on_load && workbook.is_workbook && workbook.date1904);
        let plain = read_workbook_part(&mut xml::reader(&b"<workbook><calcPr/></workbook>"[..]));
        assert!(!plain.unwrap().recalculates_on_load);
        let slides = read_workbook_part(&mut xml::reader(&b"<p:presentation/>"[..])).unwrap();
        assert!(!slides.is_workbook);
        assert!(read_workbook_part(&mut xml::reader(&b"<workbook><sheets><sheet"[..])).is_err());
    }
}
