//! `kam export csv`: one CSV file per table (`accounts.csv`, …, `scores.csv`), with a
//! header row, RFC 4180 quoting and `\n` line ends. Cells as `tables::Cell::to_text`.

use super::tables::Table;

/// Each table as (file name, CSV bytes).
pub fn files(tables: &[Table]) -> Result<Vec<(String, Vec<u8>)>, csv::Error> {
    tables.iter().map(|t| Ok((format!("{}.csv", t.name), table(t)?))).collect()
}

fn table(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(table.columns.iter().map(|c| c.name))?;
    for row in &table.rows {
        writer.write_record(row.iter().map(|cell| cell.to_text()))?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
