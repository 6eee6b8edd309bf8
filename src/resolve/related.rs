//! Related pages: those sharing tags or villages with a page.
//!
//! Comparing every page with every other is quadratic; a county site with 100,000 bulletins
//! cannot afford it. Instead each page looks only at its neighbours in date order within each of
//! its terms (a window of `WINDOW` on each side), which finds the closest related pages in time
//! and keeps the work linear in the number of pages.

use std::collections::BTreeMap;

use crate::content::{Page, Taxonomy};

/// Related pages shown per page.
pub const RELATED: usize = 5;
/// Neighbours looked at on each side within one term.
const WINDOW: usize = 12;

/// Fills `page.related` for every page from the `tags` and `villages` taxonomies.
pub fn relate(pages: &mut [Page], taxonomies: &[Taxonomy]) {
    let mut candidates: Vec<BTreeMap<usize, u32>> = vec![BTreeMap::new(); pages.len()];
    for taxonomy in taxonomies
        .iter()
        .filter(|t| t.name == "tags" || t.name == "villages")
    {
        let weight = if taxonomy.name == "tags" { 2 } else { 1 };
        for term in &taxonomy.terms {
            for (pos, &page) in term.pages.iter().enumerate() {
                let from = pos.saturating_sub(WINDOW);
                let to = (pos + WINDOW + 1).min(term.pages.len());
                for &other in &term.pages[from..to] {
                    if other != page {
                        *candidates[page].entry(other).or_insert(0) += weight;
                    }
                }
            }
        }
    }
    for (i, scores) in candidates.into_iter().enumerate() {
        let mut ranked: Vec<(u32, usize)> = scores
            .into_iter()
            .map(|(other, score)| (score, other))
            .collect();
        // Highest score first; ties go to the newer page, then the source path, for stable output.
        ranked.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| pages[b.1].date.cmp(&pages[a.1].date))
                .then_with(|| pages[a.1].file.cmp(&pages[b.1].file))
        });
        pages[i].related = ranked
            .into_iter()
            .take(RELATED)
            .map(|(_, other)| other)
            .collect();
    }
}
