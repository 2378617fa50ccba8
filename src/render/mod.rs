//! Rendering: one row builder (`Rows`) printed as an aligned table, TSV, CSV, JSON,
//! NDJSON or Markdown. Commands build rows; only this module decides how they look.

pub mod diagnostics;

use crate::value::Value;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Ndjson,
    Csv,
    Tsv,
    Markdown,
}

/// Rows of named columns: what every listing and report produces.
///
/// Two extras are for people only, so they appear in `table` and `markdown` output and
/// never in the machine formats: a bar chart drawn from one numeric column, and notes
/// printed under the table (totals, rates, caveats).
#[derive(Clone, Debug, Default)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// The column whose values are drawn as bars in a last, unnamed column.
    pub bar: Option<usize>,
    pub notes: Vec<String>,
}

/// Width of the longest bar, in terminal cells.
const BAR_WIDTH: usize = 24;

/// A horizontal bar of `fraction` (0..1) of `BAR_WIDTH`, in eighths of a cell.
fn bar(fraction: f64) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = (fraction.clamp(0.0, 1.0) * (BAR_WIDTH * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8]);
    }
    s
}

impl Rows {
    pub fn new(columns: &[&str]) -> Self {
        Rows { columns: columns.iter().map(|c| c.to_string()).collect(), ..Rows::default() }
    }

    /// Draws `column` as bars (table and markdown only).
    pub fn with_bar(mut self, column: &str) -> Self {
        self.bar = self.columns.iter().position(|c| c == column);
        self
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// `cells` with the bar cell inserted right after the charted column.
    fn with_bar_cell(&self, mut cells: Vec<String>, bar: String) -> Vec<String> {
        if let Some(b) = self.bar {
            cells.insert((b + 1).min(cells.len()), bar);
        }
        cells
    }

    /// The bars of the chart column, one per row, scaled to the largest value; empty
    /// when there is no chart.
    fn bars(&self) -> Option<Vec<String>> {
        let column = self.bar?;
        let values: Vec<f64> =
            self.rows.iter().map(|r| r.get(column).and_then(Value::as_f64).unwrap_or(0.0).max(0.0)).collect();
        let max = values.iter().copied().fold(0.0, f64::max);
        Some(values.iter().map(|v| if max > 0.0 { bar(v / max) } else { String::new() }).collect())
    }

    pub fn push(&mut self, row: Vec<Value>) {
        self.rows.push(row);
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.rows.iter().map(|r| self.object(r)).collect())
    }

    fn object(&self, row: &[Value]) -> serde_json::Value {
        let map = self.columns.iter().zip(row).map(|(c, v)| (c.clone(), v.to_json())).collect();
        serde_json::Value::Object(map)
    }

    pub fn write(&self, out: &mut dyn Write, format: Format, color: bool) -> io::Result<()> {
        match format {
            Format::Table => self.write_table(out, color),
            Format::Tsv => self.write_tsv(out),
            Format::Csv => self.write_csv(out),
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.to_json())?;
                writeln!(out)
            }
            Format::Ndjson => {
                for row in &self.rows {
                    serde_json::to_writer(&mut *out, &self.object(row))?;
                    writeln!(out)?;
                }
                Ok(())
            }
            Format::Markdown => self.write_markdown(out),
        }
    }

    fn numeric_column(&self, index: usize) -> bool {
        let mut any = false;
        for row in &self.rows {
            match row.get(index) {
                Some(Value::Int(_) | Value::Num(_)) => any = true,
                Some(Value::Null) | None => {}
                Some(_) => return false,
            }
        }
        any
    }

    fn write_table(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let mut table = Table::new();
        table.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
        let header = self.with_bar_cell(self.columns.iter().map(|c| c.to_uppercase()).collect(), String::new());
        table.set_header(header.into_iter().map(|c| {
            let cell = Cell::new(c);
            if color { cell.add_attribute(comfy_table::Attribute::Bold) } else { cell }
        }));
        // comfy-table styles only on a terminal of its own detection; `--color always`
        // must colour a pipe too (the caller decided).
        if color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        let bars = self.bars();
        for (i, row) in self.rows.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|v| one_line(&v.to_string())).collect();
            let bar = bars.as_ref().map(|b| b[i].clone()).unwrap_or_default();
            table.add_row(self.with_bar_cell(cells, bar));
        }
        let width = self.columns.len() + usize::from(self.bar.is_some());
        for i in 0..width {
            // Shown column i is data column i, or i − 1 after the bar.
            let data = match self.bar {
                Some(b) if i == b + 1 => None,
                Some(b) if i > b + 1 => Some(i - 1),
                _ => Some(i),
            };
            if data.is_some_and(|d| self.numeric_column(d))
                && let Some(col) = table.column_mut(i)
            {
                col.set_cell_alignment(CellAlignment::Right);
            }
            if let Some(col) = table.column_mut(i) {
                col.set_padding((0, 2));
            }
        }
        if let Some(col) = table.column_mut(width.saturating_sub(1)) {
            col.set_padding((0, 0));
        }
        for line in table.lines() {
            writeln!(out, "{}", line.trim_end())?;
        }
        self.write_notes(out, "")
    }

    /// Notes under the table: plain lines, or a Markdown list.
    fn write_notes(&self, out: &mut dyn Write, bullet: &str) -> io::Result<()> {
        if !self.notes.is_empty() {
            writeln!(out)?;
        }
        for note in &self.notes {
            writeln!(out, "{bullet}{note}")?;
        }
        Ok(())
    }

    fn write_tsv(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", self.columns.join("\t"))?;
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|v| one_line(&v.to_string()).replace('\t', " ")).collect();
            writeln!(out, "{}", cells.join("\t"))?;
        }
        Ok(())
    }

    fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.columns)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|v| v.to_string()))?;
        }
        w.flush()
    }

    fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let escape = |s: &str| one_line(s).replace('|', "\\|");
        let bars = self.bars();
        let header = self.with_bar_cell(self.columns.iter().map(|c| escape(c)).collect(), String::new());
        let rule: Vec<String> =
            (0..self.columns.len()).map(|i| if self.numeric_column(i) { "---:" } else { "---" }.to_string()).collect();
        writeln!(out, "| {} |", header.join(" | "))?;
        writeln!(out, "| {} |", self.with_bar_cell(rule, "---".into()).join(" | "))?;
        for (i, row) in self.rows.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|v| escape(&v.to_string())).collect();
            let bar = bars.as_ref().map(|b| b[i].clone()).unwrap_or_default();
            writeln!(out, "| {} |", self.with_bar_cell(cells, bar).join(" | "))?;
        }
        self.write_notes(out, "- ")
    }
}

/// Cells are one line: newlines become spaces.
fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) { s.replace("\r\n", " ").replace(['\n', '\r'], " ") } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Rows {
        let mut rows = Rows::new(&["id", "name", "revenue"]);
        rows.push(vec!["anji".into(), "上海安吉物流".into(), Value::Num(1200.5)]);
        rows.push(vec!["bosch".into(), "Bosch".into(), Value::Int(30)]);
        rows
    }

    fn render(rows: &Rows, format: Format) -> String {
        let mut out = Vec::new();
        rows.write(&mut out, format, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_aligns_cjk_and_numbers() {
        let text = render(&sample(), Format::Table);
        assert_eq!(text, "ID     NAME          REVENUE\nanji   上海安吉物流   1200.5\nbosch  Bosch              30\n");
    }

    #[test]
    fn tsv_csv_markdown_json() {
        let rows = sample();
        assert_eq!(render(&rows, Format::Tsv), "id\tname\trevenue\nanji\t上海安吉物流\t1200.5\nbosch\tBosch\t30\n");
        assert_eq!(render(&rows, Format::Csv), "id,name,revenue\nanji,上海安吉物流,1200.5\nbosch,Bosch,30\n");
        assert_eq!(
            render(&rows, Format::Markdown),
            "| id | name | revenue |\n| --- | --- | ---: |\n| anji | 上海安吉物流 | 1200.5 |\n| bosch | Bosch | 30 |\n"
        );
        assert_eq!(
            render(&rows, Format::Ndjson),
            "{\"id\":\"anji\",\"name\":\"上海安吉物流\",\"revenue\":1200.5}\n{\"id\":\"bosch\",\"name\":\"Bosch\",\"revenue\":30}\n"
        );
    }

    /// Bars are eighths of a cell scaled to the largest value, placed after the charted
    /// column in a table and in Markdown; notes follow the table. 1200.5 is the full 24
    /// cells; 30/1200.5 × 24 × 8 = 4.8 eighths → 5 eighths, `▋`.
    #[test]
    fn bars_follow_their_column_and_notes_follow_the_table() {
        let mut rows = sample().with_bar("revenue");
        rows.note("2 accounts");
        let full = "█".repeat(24);
        assert_eq!(
            render(&rows, Format::Table),
            format!(
                "ID     NAME          REVENUE\nanji   上海安吉物流   1200.5  {full}\nbosch  Bosch              30  ▋\n\n2 accounts\n"
            )
        );
        assert_eq!(
            render(&rows, Format::Markdown),
            format!(
                "| id | name | revenue |  |\n| --- | --- | ---: | --- |\n| anji | 上海安吉物流 | 1200.5 | {full} |\n\
                 | bosch | Bosch | 30 | ▋ |\n\n- 2 accounts\n"
            )
        );
        assert_eq!(render(&rows, Format::Tsv), render(&sample(), Format::Tsv));
        assert_eq!(bar(0.0), "");
        assert_eq!(bar(1.0 / 192.0), "▏");
    }
}
