//! `data:` in `site.yaml`: what the open-data catalogue (`/data/`) says about each published
//! dataset that the data itself cannot: a title, a description, a licence, how often it must be
//! updated. A site-wide `licence` covers every dataset that names none.
//!
//! ```yaml
//! data:
//!   licence: 署名 4.0 国际（CC BY 4.0）
//!   datasets:
//!     income.csv:
//!       title: 各村集体经济收入
//!       description: 五个村 2022—2024 年的集体经济收入，来自乡财政所。
//!       update_within: 90
//!     metrics:
//!       licence: 仅供查阅
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

/// `data:` as written and located.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataConfig {
    /// The licence of every dataset that names none (`licence`, `license` or `许可`).
    #[serde(default, alias = "license", alias = "许可")]
    pub licence: String,
    /// Per dataset, by the name a figure block uses without `data/` (`income.csv`,
    /// `报表.xlsx#收入`) or `metrics`.
    #[serde(default)]
    pub datasets: BTreeMap<String, DatasetConfig>,
    /// The `site.yaml` line of each key of `datasets` (filled by [`DataConfig::located`]).
    #[serde(skip)]
    pub lines: BTreeMap<String, usize>,
    /// The `site.yaml` line of `data:`, or 1 when there is none.
    #[serde(skip)]
    pub line: usize,
}

/// One dataset's entry under `data.datasets`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetConfig {
    /// Shown instead of the sheet's title row or the file name.
    #[serde(default, alias = "标题")]
    pub title: Option<String>,
    /// What the data is and where it comes from.
    #[serde(default, alias = "说明")]
    pub description: String,
    /// Overrides the site-wide licence.
    #[serde(default, alias = "license", alias = "许可")]
    pub licence: Option<String>,
    /// Days within which the data must reach a newer date (`check`'s `data-stale`); otherwise
    /// the period of the columns whose pages draw from it.
    #[serde(default)]
    pub update_within: Option<u32>,
}

impl DataConfig {
    /// Notes the `site.yaml` line of each dataset's key, for findings about it.
    pub fn located(mut self, config_text: &str) -> DataConfig {
        let start = (config_text.lines())
            .position(|line| line.trim_end() == "data:")
            .unwrap_or(0);
        let lines: BTreeMap<String, usize> = (self.datasets.keys())
            .map(|key| {
                let found = (config_text.lines().enumerate().skip(start)).find(|(_, line)| {
                    let line = line.trim_start().trim_start_matches(['"', '\'']);
                    line.strip_prefix(key.as_str()).is_some_and(|rest| {
                        rest.trim_start_matches(['"', '\''])
                            .trim_start()
                            .starts_with(':')
                    })
                });
                (key.clone(), found.map_or(start + 1, |(i, _)| i + 1))
            })
            .collect();
        self.lines = lines;
        self.line = start + 1;
        self
    }

    /// The entry of the dataset `name` (`data/income.csv`, `metrics`), if `site.yaml` has one.
    pub fn dataset(&self, name: &str) -> Option<&DatasetConfig> {
        self.datasets.get(key_of(name))
    }

    /// The licence of the dataset `name`: its own, else the site's; empty when neither is set.
    pub fn licence_of(&self, name: &str) -> &str {
        self.dataset(name)
            .and_then(|d| d.licence.as_deref())
            .unwrap_or(&self.licence)
            .trim()
    }
}

/// The key a dataset has under `data.datasets`: its name without `data/`.
pub fn key_of(name: &str) -> &str {
    name.strip_prefix("data/").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dataset_takes_its_own_licence_else_the_sites() {
        let text = "title: x\ndata:\n  licence: CC BY 4.0\n  datasets:\n    income.csv:\n      licence: 仅供查阅\n    \"报表.xlsx#收入\":\n      title: 收入\n";
        #[derive(Deserialize)]
        struct Root {
            data: DataConfig,
        }
        let root: Root =
            serde_saphyr::from_str(text.trim_start_matches("title: x\n")).expect("parses");
        let data = root.data.located(text);
        assert_eq!(data.licence_of("data/income.csv"), "仅供查阅");
        assert_eq!(data.licence_of("data/报表.xlsx#收入"), "CC BY 4.0");
        assert_eq!(data.licence_of("metrics"), "CC BY 4.0");
        assert_eq!(data.line, 2);
        assert_eq!(data.lines["income.csv"], 5);
        assert_eq!(data.lines["报表.xlsx#收入"], 7);
        assert_eq!(
            data.dataset("data/报表.xlsx#收入")
                .and_then(|d| d.title.as_deref()),
            Some("收入")
        );
    }
}
