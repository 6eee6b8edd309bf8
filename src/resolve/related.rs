//! Related pages: those sharing tags or villages with a page.
//!
//! Comparing every page with every other is quadratic; a county site with 100,000 bulletins
//! cannot afford it. Instead each page looks only at its neighbours in date order within each of
//! its terms (a window of `WINDOW` on each side), which finds the closest related pages in time
//! and keeps the work linear in the number of pages.

use rayon::prelude::*;

use crate::content::{Page, Taxonomy};

/// Related pages shown per page.
pub const RELATED: usize = 5;
/// Neighbours looked at on each side within one term.
const WINDOW: usize = 12;

/// Where a page stands in one term's list: the taxonomy's weight, the list and the position.
type Place<'t> = (u32, &'t [usize], usize);

/// Fills `page.related` for every page from the `tags` and `villages` taxonomies.
///
/// Each page gathers its candidates in a small vector of its own, in parallel: a map per page
/// filled term by term touched memory all over the site and took seconds at 100,000 pages.
///
/// `newest_first` is the listed pages, newest first (from [`super::newest_first`]); equal scores go
/// to the page that comes first in it.
pub fn relate(pages: &mut [Page], taxonomies: &[Taxonomy], newest_first: &[usize]) {
    let mut places: Vec<Vec<Place<'_>>> = vec![Vec::new(); pages.len()];
    for taxonomy in taxonomies
        .iter()
        .filter(|t| t.name == "tags" || t.name == "villages")
    {
        let weight = if taxonomy.name == "tags" { 2 } else { 1 };
        for term in &taxonomy.terms {
            for (pos, &page) in term.pages.iter().enumerate() {
                places[page].push((weight, &term.pages, pos));
            }
        }
    }
    let order = ranks(newest_first, pages.len());
    let related: Vec<Vec<usize>> = places
        .par_iter()
        .enumerate()
        .map(|(page, places)| ranked(&order, page, places))
        .collect();
    for (page, related) in pages.iter_mut().zip(related) {
        page.related = related;
    }
}

/// Each page's place in `order` (unlisted pages, never candidates, last): the order related pages
/// of equal score are shown in, as one number, so ranking compares no dates or paths.
fn ranks(order: &[usize], pages: usize) -> Vec<u32> {
    let mut ranks = vec![u32::MAX; pages];
    for (rank, &page) in order.iter().enumerate() {
        ranks[page] = rank as u32;
    }
    ranks
}

/// The [`RELATED`] best candidates for `page` among its neighbours in each of its terms.
fn ranked(order: &[u32], page: usize, places: &[Place<'_>]) -> Vec<usize> {
    let mut candidates: Vec<(usize, u32)> = Vec::new();
    for &(weight, list, pos) in places {
        let from = pos.saturating_sub(WINDOW);
        let to = (pos + WINDOW + 1).min(list.len());
        let near = list[from..to].iter().filter(|&&other| other != page);
        candidates.extend(near.map(|&other| (other, weight)));
    }
    candidates.sort_unstable_by_key(|&(other, _)| other);
    let mut scored: Vec<(u32, usize)> = Vec::with_capacity(candidates.len());
    for (other, weight) in candidates {
        match scored.last_mut() {
            Some(last) if last.1 == other => last.0 += weight,
            _ => scored.push((weight, other)),
        }
    }
    // Highest score first; ties go to the newer page, then the source path, for stable output.
    scored.sort_unstable_by_key(|&(score, other)| (std::cmp::Reverse(score), order[other]));
    scored
        .into_iter()
        .take(RELATED)
        .map(|(_, other)| other)
        .collect()
}
