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

/// The URL path of page `number` of a list whose first page is at `base` (`""` for the home
/// page, `"tags/industrie/"` for a term): page 1 is `base`, page n is `base` + `page/n/`.
pub fn page_path(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
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
    }

    #[test]
    fn paths() {
        assert_eq!(page_path("", 1), "");
        assert_eq!(page_path("", 2), "page/2/");
        assert_eq!(page_path("poles/moveo/", 3), "poles/moveo/page/3/");
    }
}
