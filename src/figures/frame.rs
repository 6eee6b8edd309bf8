//! What a chart draws, taken out of a table: categories along one axis (`x:`) and one or more
//! series of numbers (`series:`, or one column split by the values of `by:`).

use super::block::{self, Block};
use super::data::{self, Kind, Table};
use super::value::Number;
use crate::i18n::Text;

/// Categories and the series over them.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The category column's name (`村`, `年份`).
    pub x_name: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// The unit every series shares (`万元`, `%`, or empty).
    pub unit: String,
}

/// One series: a value (or none) per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<Number>>,
}

impl Frame {
    /// Every value there is, for scales.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        (self.series.iter()).flat_map(|s| s.values.iter().flatten().map(|n| n.value))
    }

    /// The most decimals any value was written with.
    pub fn decimals(&self) -> u8 {
        (self.series.iter())
            .flat_map(|s| s.values.iter().flatten().map(|n| n.decimals))
            .max()
            .unwrap_or(0)
    }
}

/// The frame `block` asks for from `table`.
pub fn frame(table: &Table, block: &Block) -> Result<Frame, Text> {
    let x = match block.option("x") {
        Some(name) => block::column(table, name)?,
        None => 0,
    };
    let by = block
        .option("by")
        .map(|name| block::column(table, name))
        .transpose()?;
    let series: Vec<usize> = match block.option("series") {
        Some(names) => (block::list(names).iter())
            .map(|n| block::column(table, n))
            .collect::<Result<_, _>>()?,
        None => (0..table.columns.len())
            .filter(|&c| c != x && Some(c) != by)
            .filter(|&c| matches!(table.columns[c].kind, Kind::Number | Kind::Percent))
            .collect(),
    };
    if series.is_empty() {
        return Err(text!(
            "没有可画的数字列：用 series 写出要画的列",
            "no number column to draw: name the columns with `series`"
        ));
    }
    for &c in &series {
        if !matches!(table.columns[c].kind, Kind::Number | Kind::Percent) {
            let name = &table.columns[c].name;
            return Err(text!(
                "“{name}”列不是数字，不能画图",
                "the column `{name}` does not hold numbers and cannot be drawn"
            ));
        }
    }
    let units: Vec<&str> = series
        .iter()
        .map(|&c| table.columns[c].unit.as_str())
        .collect();
    if units.iter().any(|u| *u != units[0]) {
        let listed = units.join("、");
        return Err(text!(
            "一张图里的数列单位要相同，这里有：{listed}",
            "the series of one chart must share a unit; these have: {listed}"
        ));
    }
    let unit = block.option("unit").unwrap_or(units[0]).to_string();
    let mut rows = block::filter_rows(table, block.option("where"))?;
    block::sort_rows(table, &mut rows, block.option("sort"))?;
    let label = |r: usize, c: usize| data::display(&table.rows[r][c]);
    let mut categories: Vec<String> = Vec::new();
    for &r in &rows {
        let name = label(r, x);
        if !categories.contains(&name) {
            categories.push(name);
        }
    }
    let x_name = table.columns[x].name.clone();
    let series = match by {
        None => {
            if categories.len() != rows.len() {
                return Err(text!(
                    "“{x_name}”列有重复的值：用 where 只取一部分，或用 by 分组",
                    "the column `{x_name}` repeats values: keep some rows with `where` or split them with `by`"
                ));
            }
            (series.iter())
                .map(|&c| Series {
                    name: table.columns[c].name.clone(),
                    values: rows
                        .iter()
                        .map(|&r| data::number(&table.rows[r][c]))
                        .collect(),
                })
                .collect()
        }
        Some(by) => {
            let [value] = series.as_slice() else {
                return Err(text!(
                    "用 by 分组时 series 只能写一列",
                    "with `by`, `series` names exactly one column"
                ));
            };
            let mut groups: Vec<usize> = rows.clone();
            groups.sort_by(|&a, &b| {
                let key = |r: usize| data::machine(&table.rows[r][by]);
                key(a).cmp(&key(b))
            });
            let mut names: Vec<String> = Vec::new();
            for &r in &groups {
                let name = label(r, by);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            (names.into_iter())
                .map(|name| Series {
                    values: (categories.iter())
                        .map(|cat| {
                            let row = rows
                                .iter()
                                .find(|&&r| label(r, x) == *cat && label(r, by) == name);
                            row.and_then(|&r| data::number(&table.rows[r][*value]))
                        })
                        .collect(),
                    name,
                })
                .collect()
        }
    };
    Ok(Frame {
        x_name,
        categories,
        series,
        unit,
    })
}
