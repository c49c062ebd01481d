//! Pagination arithmetic: which items go on which page, and each page's URL path.

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    /// 1-based page number.
    pub number: usize,
    pub total: usize,
    /// Index range of the items on this page.
    pub start: usize,
    pub end: usize,
}

/// Splits `count` items into pages of `per_page`. An empty list still has one (empty) page.
pub fn pages(count: usize, per_page: usize) -> Vec<Pager> {
    let per_page = per_page.max(1);
    let total = count.div_ceil(per_page).max(1);
    (0..total)
        .map(|i| Pager {
            number: i + 1,
            total,
            start: i * per_page,
            end: ((i + 1) * per_page).min(count),
        })
        .collect()
}

/// Page `number` (1-based) of `count` items split into pages of `per_page`.
pub fn pager(count: usize, per_page: usize, number: usize) -> Pager {
    let per_page = per_page.max(1);
    let total = count.div_ceil(per_page).max(1);
    let number = number.clamp(1, total);
    Pager {
        number,
        total,
        start: (number - 1) * per_page,
        end: (number * per_page).min(count),
    }
}

/// The URL path of page `number` of a list whose first page is at `base` (`""` for the home
/// page, `"tags/industrie/"` for a term): page 1 is `base`, page n is `base` + `page/n/`.
pub fn page_path(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

/// Page numbers worth linking from page `current` of `total`: the first two, the last two, and
/// two either side of the current page, in order; `None` marks a gap.
pub fn window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut shown: Vec<usize> = [1, 2, total.saturating_sub(1), total]
        .into_iter()
        .chain(current.saturating_sub(2)..=current + 2)
        .filter(|n| (1..=total).contains(n))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, n) in shown.iter().enumerate() {
        if i > 0 && *n > shown[i - 1] + 1 {
            out.push(None);
        }
        out.push(Some(*n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        assert_eq!(pages(0, 20).len(), 1);
        assert_eq!(pages(0, 20)[0].end, 0);
        assert_eq!(pages(20, 20).len(), 1);
        let p = pages(21, 20);
        assert_eq!(p.len(), 2);
        assert_eq!((p[1].start, p[1].end, p[1].total), (20, 21, 2));
        assert_eq!(pages(5, 0).len(), 5, "a zero page size is treated as one");
        for (count, per) in [(0, 3), (7, 3), (9, 3), (1, 1)] {
            for p in pages(count, per) {
                assert_eq!(pager(count, per, p.number), p);
            }
        }
    }

    #[test]
    fn windows() {
        let w = |c, t| {
            window(c, t)
                .into_iter()
                .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(w(1, 1), "1");
        assert_eq!(w(1, 3), "1 2 3");
        assert_eq!(w(1, 500), "1 2 3 … 499 500");
        assert_eq!(w(250, 500), "1 2 … 248 249 250 251 252 … 499 500");
        assert_eq!(w(5, 9), "1 2 3 4 5 6 7 8 9");
        assert_eq!(w(500, 500), "1 2 … 498 499 500");
    }

    #[test]
    fn paths() {
        assert_eq!(page_path("", 1), "");
        assert_eq!(page_path("", 2), "page/2/");
        assert_eq!(page_path("poles/moveo/", 3), "poles/moveo/page/3/");
    }
}
