//! The XLSX template bureaus fill in: a data sheet with every column, and a 字段说明 sheet that
//! explains each column, its unit and allowed values.

use crate::columns::{template_header, Need, COLUMNS};
use anyhow::anyhow;
use rust_xlsxwriter::{Format, Workbook};
/// The template as an XLSX file.
pub fn template_xlsx() -> anyhow::Result<Vec<u8>> {
    let err = |e: rust_xlsxwriter::XlsxError| anyhow!("填报模板：{e}");
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let data = wb.add_worksheet();
    data.set_name("幼儿园").map_err(err)?;
    for (i, c) in COLUMNS.iter().enumerate() {
        data.write_string_with_format(0, i as u16, template_header(c), &bold).map_err(err)?;
        data.set_column_width(i as u16, 16).map_err(err)?;
    }
    data.set_freeze_panes(1, 0).map_err(err)?;
    let guide = wb.add_worksheet();
    guide.set_name("字段说明").map_err(err)?;
    for (i, h) in ["列名", "单位", "是否必填", "说明"].iter().enumerate() {
        guide.write_string_with_format(0, i as u16, *h, &bold).map_err(err)?;
    }
    for (r, c) in COLUMNS.iter().enumerate() {
        let r = r as u32 + 1;
        let need = match c.need {
            Need::Required => "必填",
            Need::Optional => "选填",
            Need::OneOfIds => "与另一编号至少填一项",
        };
        guide.write_string(r, 0, template_header(c)).map_err(err)?;
        guide.write_string(r, 1, c.unit).map_err(err)?;
        guide.write_string(r, 2, need).map_err(err)?;
        guide.write_string(r, 3, (c.help)()).map_err(err)?;
    }
    guide.set_column_width(0, 28).map_err(err)?;
    guide.set_column_width(3, 90).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}
