//! Figures: data files read into typed tables ([`data`]), and the tables and charts Markdown's
//! ```` ```table ```` and ```` ```chart ```` blocks draw from them ([`block`] is the syntax), as
//! HTML and inline SVG made at build time. Pure: it is handed bytes and options and returns
//! tables, HTML or messages; `content` reads the files and calls [`draw`] while rendering bodies.
//! Everything taken from a data file or a block is escaped ([`crate::markup::escape_xml`]), so
//! the HTML here can go into a page after the raw-HTML sanitiser.

pub mod block;
pub mod chart;
pub mod data;
pub mod frame;
pub mod open;
pub mod table;
pub mod value;
pub mod xlsx;

use std::collections::BTreeMap;

pub use block::is_figure;
pub use data::{Column, Kind, Table};
pub use value::Value;

use crate::i18n::Text;
use crate::markup;

/// A site's data files by name (`data/income.csv`, and `data/报表.xlsx#收入` per sheet).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataFiles {
    tables: BTreeMap<String, Table>,
    /// The files that could not be read, so a figure drawn from one says so.
    broken: std::collections::BTreeSet<String>,
    /// A fingerprint of every file's bytes: a body drawn from them is stale when it changes.
    digest: u64,
    /// The tables too large for a worksheet ([`xlsx::fits`]), decided once as each is added
    /// rather than under every figure that links to its downloads.
    no_xlsx: std::collections::BTreeSet<String>,
}

impl DataFiles {
    /// The data files read from `files` (name, bytes), in name order, with every problem found.
    pub fn read(files: Vec<(String, Vec<u8>)>) -> (DataFiles, Vec<crate::diagnostics::Diagnostic>) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        let mut out = DataFiles::default();
        let mut problems = Vec::new();
        for (name, bytes) in files {
            (&name, &bytes).hash(&mut hasher);
            match data::read(&name, &bytes) {
                Ok(tables) => {
                    for mut table in tables {
                        problems.append(&mut table.warnings);
                        out.add(table);
                    }
                }
                Err(found) => {
                    problems.extend(found);
                    out.broken.insert(name);
                }
            }
        }
        out.digest = hasher.finish();
        (out, problems)
    }

    /// Adds a table the site made itself (the gathered metrics), under its own name. It joins
    /// the fingerprint too: a body drawn from it is stale when its rows change (the preview
    /// kept a chart of the metrics after a report's figures were edited).
    pub fn insert(&mut self, table: Table) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        (self.digest, format!("{table:?}")).hash(&mut hasher);
        self.digest = hasher.finish();
        self.add(table);
    }

    fn add(&mut self, table: Table) {
        if !xlsx::fits(&table) {
            self.no_xlsx.insert(table.name.clone());
        }
        self.tables.insert(table.name.clone(), table);
    }

    /// Whether the table `name` is published as XLSX too (it fits a worksheet).
    pub fn has_xlsx(&self, name: &str) -> bool {
        !self.no_xlsx.contains(name)
    }

    /// The table named `name`.
    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// Every table, by name.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.tables.values()
    }

    /// Changes whenever any data file does.
    pub fn digest(&self) -> u64 {
        self.digest
    }
}

/// A drawn figure: its HTML and its plain text (for search and summaries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub html: String,
    pub text: String,
}

/// Draws the block with `info` and `body` from `data`. `id` must be unique on the page (it
/// prefixes the ids inside a chart's SVG); `href` turns a site path into a link (base path,
/// percent-encoding) for the "下载数据" links under the figure.
pub fn draw(
    info: &str,
    body: &str,
    data: &DataFiles,
    id: &str,
    href: &dyn Fn(&str) -> String,
) -> Result<Figure, Text> {
    let block = block::parse(info, body)?;
    let name = block.data.trim_start_matches("./").trim_start_matches('/');
    let file = name.split_once('#').map_or(name, |(file, _)| file);
    let table = data.get(name).ok_or_else(|| {
        if data.broken.contains(file) {
            text!(
                "数据文件“{file}”有错误（见上面指出的行和列），改正后才能画出这里的表格或图表",
                "the data file `{file}` has errors (see the rows and columns above); this figure is drawn once they are fixed"
            )
        } else {
            text!(
                "找不到数据文件“{name}”：数据文件放在网站的 data 文件夹里",
                "no data file `{name}`: data files go in the site's data folder"
            )
        }
    })?;
    let download = open::download_path(&table.name);
    let links: Vec<String> = open::formats(data, table)
        .map(|(ext, shown, _)| {
            let url = markup::escape_xml(&href(&format!("{download}.{ext}")));
            format!("<a href=\"{url}\">{shown}</a>")
        })
        .collect();
    let links = format!(
        "<p class=\"figure-download\">下载数据：{}</p>\n",
        links.join(" ")
    );
    match block.what {
        block::What::Table => {
            let (html, text) = table::render(table, &block)?;
            Ok(Figure {
                html: html + &links,
                text,
            })
        }
        block::What::Chart(kind) => {
            let frame = frame::frame(table, &block)?;
            let title = block.option("title").unwrap_or_default();
            if title.is_empty() {
                return Err(text!(
                    "图表要有标题：加一行 title: …",
                    "a chart needs a title: add a line `title: …`"
                ));
            }
            let desc = block.option("desc");
            let html = chart::render(&chart::Chart {
                kind,
                frame: &frame,
                title,
                desc,
                id,
            });
            let finding = desc.map_or_else(|| chart::finding(kind, &frame), str::to_string);
            Ok(Figure {
                html: html + &links,
                text: format!("{title}\n{finding}"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gathered_metrics_join_the_fingerprint() {
        let digest = |csv: &str| {
            let (mut files, problems) = DataFiles::read(Vec::new());
            assert!(problems.is_empty());
            let mut table = data::read("m.csv", csv.as_bytes())
                .expect("reads")
                .remove(0);
            table.name = "metrics".to_string();
            files.insert(table);
            files.digest()
        };
        let before = digest("村,收入（万元）\n桃源村,12\n");
        assert_eq!(before, digest("村,收入（万元）\n桃源村,12\n"));
        assert_ne!(before, digest("村,收入（万元）\n桃源村,13\n"));
    }
}
