//! Related articles: for each article, the others sharing the most counted terms with it (every
//! taxonomy but the authors), newest first among equals, found through an index of the
//! combinations of terms articles share, so that the work grows with the number of articles
//! rather than with its square.
//!
//! Article `b`'s score for article `a` is the number of `a`'s counted terms that `b` lists too
//! (a term `a` lists twice counts twice). Any article listing every term of a combination `U`
//! of `a`'s terms scores at least `U`'s weight, and exactly that when it is not among those
//! already known to score more. `a`'s list is therefore filled weight by weight, from its whole
//! set of terms down: each combination of the weight gives at most the number still needed of
//! its first articles (in site order) not yet chosen, and the smallest of them are taken. A
//! weight that gives fewer than needed has read every list of its weight to the end, so every
//! article of that score is then known, which is what the next weight needs. No list is read
//! past its first `limit + 1` articles (one may be `a`, the others chosen before), so the index
//! keeps no more of each, and combinations only one article lists are not kept at all. An
//! article with more terms than [`MAX_INDEXED`] is in the lists, but finds its own related
//! articles as [`rank_by_bitsets`] does.

use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{ArticleId, TermId};

/// Articles with at most this many distinct counted terms look their combinations up in the
/// index (a table of 2^n entries each); the lists of those with more are found as before, with
/// a bitset per term over all articles, in time proportional to the number of articles.
const MAX_INDEXED: usize = 8;

/// For each article of `terms` (in site order: a smaller id is newer), up to `limit` other
/// articles sharing the most terms with it, best first, the newer first among equals. Only
/// terms of taxonomies below `taxonomies` count, and never those of `authors`; an article
/// sharing nothing is never listed. The result equals [`rank_by_bitsets`]'s for every input.
pub fn rank<T: AsRef<[TermId]> + Sync>(
    terms: &[T],
    taxonomies: usize,
    authors: usize,
    limit: usize,
) -> Vec<Vec<ArticleId>> {
    let n = terms.len();
    if limit == 0 || n == 0 {
        return vec![Vec::new(); n];
    }
    assert!(u32::try_from(n).is_ok(), "fewer than 2^32 articles");
    let own = Own::read(terms, taxonomies, authors);
    Index::build(&own, limit).rank(&own, limit)
}

/// The counted terms of every article, numbered densely.
struct Own {
    /// `start[a]..start[a + 1]` are article `a`'s entries in `term` and `weight`.
    start: Vec<usize>,
    /// Each article's distinct counted terms, ascending.
    term: Vec<u32>,
    /// How many times the article lists each of them.
    weight: Vec<u32>,
    /// How many distinct terms are counted.
    terms: usize,
}

impl Own {
    /// Terms are numbered from the least used: the combinations are walked from their smallest
    /// term, and an article's rarest term spreads them evenly.
    fn read<T: AsRef<[TermId]>>(terms: &[T], taxonomies: usize, authors: usize) -> Own {
        let mut numbers: FxHashMap<TermId, u32> = FxHashMap::default();
        let mut uses: Vec<usize> = Vec::new();
        let mut listed: Vec<u32> = Vec::new();
        let mut ends = Vec::with_capacity(terms.len());
        for article in terms {
            for term in article.as_ref() {
                if term.taxonomy != authors && term.taxonomy < taxonomies {
                    let next = u32::try_from(uses.len())
                        .ok()
                        .filter(|&next| next != END)
                        .expect("fewer than 2^32 - 1 terms");
                    let number = *numbers.entry(*term).or_insert(next);
                    if number == next {
                        uses.push(0);
                    }
                    uses[number as usize] += 1;
                    listed.push(number);
                }
            }
            ends.push(listed.len());
        }
        let mut by_use: Vec<u32> = (0..uses.len() as u32).collect();
        by_use.sort_by_key(|&number| uses[number as usize]);
        let mut renumber = vec![0; by_use.len()];
        for (new, &old) in by_use.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        let mut own = Own {
            start: Vec::with_capacity(terms.len() + 1),
            term: Vec::new(),
            weight: Vec::new(),
            terms: uses.len(),
        };
        own.start.push(0);
        let mut from = 0;
        for end in ends {
            let article = &mut listed[from..end];
            from = end;
            for number in article.iter_mut() {
                *number = renumber[*number as usize];
            }
            article.sort_unstable();
            for same in article.chunk_by(|x, y| x == y) {
                own.term.push(same[0]);
                own.weight.push(same.len() as u32);
            }
            own.start.push(own.term.len());
        }
        own
    }

    fn articles(&self) -> usize {
        self.start.len() - 1
    }

    fn of(&self, article: usize) -> (&[u32], &[u32]) {
        let range = self.start[article]..self.start[article + 1];
        (&self.term[range.clone()], &self.weight[range])
    }

    fn indexed(&self, article: usize) -> bool {
        self.start[article + 1] - self.start[article] <= MAX_INDEXED
    }
}

/// For each term, the articles listing it, ascending: term `t`'s are
/// `ids[start[t]..start[t + 1]]`.
struct Postings {
    start: Vec<u32>,
    ids: Vec<u32>,
}

impl Postings {
    fn of(own: &Own) -> Postings {
        let mut start = vec![0u32; own.terms + 1];
        for &t in &own.term {
            start[t as usize + 1] += 1;
        }
        for t in 0..own.terms {
            start[t + 1] += start[t];
        }
        let mut next = start.clone();
        let mut ids = vec![0u32; own.term.len()];
        for a in 0..own.articles() {
            for &t in own.of(a).0 {
                ids[next[t as usize] as usize] = a as u32;
                next[t as usize] += 1;
            }
        }
        Postings { start, ids }
    }

    fn list(&self, term: u32) -> &[u32] {
        &self.ids[self.start[term as usize] as usize..self.start[term as usize + 1] as usize]
    }
}

/// The marker of an article with too many terms to look its combinations up: such an article
/// is in the lists (others find it there), but it has no table to write to.
const UNINDEXED: u32 = 1 << 31;

/// The end of an article's terms in a walk's copy of them.
const END: u32 = u32::MAX;

/// An article listing the combination of terms being walked: its terms are the walk's
/// `terms[start..]` up to [`END`], those after `next` can extend the combination, and `mask`
/// says which of them it holds (bit `i` for its `i`-th term), or is [`UNINDEXED`].
#[derive(Clone, Copy, Default)]
struct Member {
    id: u32,
    start: u32,
    next: u32,
    mask: u32,
}

/// One level of the walk: the members of the combinations one term longer than those of the
/// level above, by that term.
#[derive(Default)]
struct Level {
    found: Vec<(u32, Member)>,
    members: Vec<Member>,
    /// For each term, how many members add it, then where they start in `members`.
    count: Vec<u32>,
    terms: Vec<u32>,
}

/// The combinations of two terms or more whose smallest term is one term, that two articles or
/// more list, one of them indexed. They are walked as a tree: the articles listing a
/// combination and one more term are those of the combination listing that term, so each level
/// sorts the articles of the one above by their next term, keeping their site order, and a
/// combination fewer than two articles list is not followed further.
struct Walk<'a> {
    /// How many distinct terms are counted.
    terms: usize,
    table: &'a [usize],
    lists: &'a [AtomicU32],
    /// How many articles of each combination are kept.
    keep: usize,
}

impl Walk<'_> {
    /// Records the combinations one term longer than that of `members` (two articles or more,
    /// in site order) and follows them; their lists are appended to `part`.
    fn descend(
        &self,
        terms: &[u32],
        members: &[Member],
        levels: &mut [Level],
        part: &mut Vec<u32>,
    ) {
        let Some((level, deeper)) = levels.split_first_mut() else {
            return;
        };
        level.found.clear();
        for member in members {
            let mut i = member.next as usize;
            while terms[i] != END {
                let mask = if member.mask == UNINDEXED {
                    UNINDEXED
                } else {
                    member.mask | 1 << (i - member.start as usize)
                };
                let next = i as u32 + 1;
                level.found.push((
                    terms[i],
                    Member {
                        next,
                        mask,
                        ..*member
                    },
                ));
                i += 1;
            }
        }
        if level.found.len() < 2 {
            return;
        }
        if level.count.len() < self.terms {
            level.count.resize(self.terms, 0);
        }
        level.terms.clear();
        for &(t, _) in &level.found {
            if level.count[t as usize] == 0 {
                level.terms.push(t);
            }
            level.count[t as usize] += 1;
        }
        let mut start = 0;
        for &t in &level.terms {
            let count = level.count[t as usize];
            level.count[t as usize] = start;
            start += count;
        }
        level.members.clear();
        level.members.resize(level.found.len(), Member::default());
        for &(t, member) in &level.found {
            level.members[level.count[t as usize] as usize] = member;
            level.count[t as usize] += 1;
        }
        let mut start = 0;
        for &t in &level.terms {
            let end = level.count[t as usize] as usize;
            level.count[t as usize] = 0;
            let same = &level.members[start..end];
            start = end;
            if same.len() < 2 || same.iter().all(|m| m.mask == UNINDEXED) {
                continue;
            }
            let kept = same.len().min(self.keep);
            part.push(kept as u32);
            let at = part.len() as u32;
            part.extend(same[..kept].iter().map(|m| m.id));
            for m in same.iter().filter(|m| m.mask != UNINDEXED) {
                self.lists[self.table[m.id as usize] + m.mask as usize]
                    .store(at, Ordering::Relaxed);
            }
            self.descend(terms, same, deeper, part);
        }
    }
}

/// What one thread reuses from term to term while walking.
#[derive(Default)]
struct Walker {
    /// The articles listing the term, and a copy of their terms.
    root: Vec<Member>,
    terms: Vec<u32>,
    levels: Vec<Level>,
}

/// What one ranking looks its lists up in.
struct Index {
    /// For each term, every article listing it.
    single: Postings,
    /// For each term, the lists of the combinations whose smallest term it is (two terms or
    /// more, two articles or more, one of them indexed): how many articles are kept, then the
    /// first `limit + 1` of them.
    combined: Vec<Vec<u32>>,
    /// For each indexed article, from `table[a]`, for each subset of its terms (bit `i` for
    /// its `i`-th term), where its list starts in `combined` of its smallest term (0: no other
    /// article lists the subset).
    table: Vec<usize>,
    lists: Vec<AtomicU32>,
    /// For `m` up to [`MAX_INDEXED`], the non-empty subsets of `m` terms, largest first.
    subsets: Vec<Vec<u16>>,
    /// For each term of an article with more terms than [`MAX_INDEXED`], its articles as a
    /// bitset.
    bitsets: Vec<Option<Vec<u64>>>,
}

impl Index {
    fn build(own: &Own, limit: usize) -> Index {
        let single = Postings::of(own);
        let mut table = Vec::with_capacity(own.articles());
        let mut total = 0;
        for a in 0..own.articles() {
            table.push(total);
            if own.indexed(a) {
                total += 1 << own.of(a).0.len();
            }
        }
        let lists: Vec<AtomicU32> = (0..total).map(|_| AtomicU32::new(0)).collect();
        let walk = Walk {
            terms: own.terms,
            table: &table,
            lists: &lists,
            keep: limit.saturating_add(1),
        };
        let combined = (0..own.terms as u32)
            .into_par_iter()
            .map_init(Walker::default, |walker, first| {
                let mut part = Vec::new();
                let articles = single.list(first);
                if articles.len() < 2 || !articles.iter().any(|&a| own.indexed(a as usize)) {
                    return part;
                }
                let Walker {
                    root,
                    terms,
                    levels,
                } = walker;
                root.clear();
                terms.clear();
                for &id in articles {
                    let own_terms = own.of(id as usize).0;
                    let at = own_terms.partition_point(|&t| t < first);
                    let start = terms.len() as u32;
                    root.push(Member {
                        id,
                        start,
                        next: start + at as u32 + 1,
                        mask: if own.indexed(id as usize) {
                            1 << at
                        } else {
                            UNINDEXED
                        },
                    });
                    terms.extend_from_slice(own_terms);
                    terms.push(END);
                }
                levels.resize_with(MAX_INDEXED - 1, Level::default);
                walk.descend(terms, root, levels, &mut part);
                part
            })
            .collect();
        let subsets = (0..=MAX_INDEXED)
            .map(|m| {
                let mut masks: Vec<u16> = (1..1u16 << m).collect();
                masks.sort_by_key(|mask| std::cmp::Reverse(mask.count_ones()));
                masks
            })
            .collect();
        let mut wanted = vec![false; own.terms];
        for a in (0..own.articles()).filter(|&a| !own.indexed(a)) {
            for &t in own.of(a).0 {
                wanted[t as usize] = true;
            }
        }
        let words = own.articles().div_ceil(64);
        let bitsets = (0..own.terms as u32)
            .into_par_iter()
            .map(|t| {
                wanted[t as usize].then(|| {
                    let mut set = vec![0u64; words];
                    for &b in single.list(t) {
                        set[b as usize / 64] |= 1 << (b % 64);
                    }
                    set
                })
            })
            .collect();
        Index {
            single,
            combined,
            table,
            lists,
            subsets,
            bitsets,
        }
    }

    fn rank(&self, own: &Own, limit: usize) -> Vec<Vec<ArticleId>> {
        let n = own.articles();
        (0..n)
            .into_par_iter()
            .map_init(
                || Query::new(n),
                |query, a| {
                    let (terms, weights) = own.of(a);
                    if own.indexed(a) {
                        let chosen = self.look_up(a, terms, weights, limit, query);
                        chosen.into_iter().map(|b| b as ArticleId).collect()
                    } else {
                        self.count(a, terms, weights, limit)
                    }
                },
            )
            .collect()
    }

    /// Article `a`'s related articles, weight by weight through its combinations' lists.
    fn look_up(
        &self,
        a: usize,
        terms: &[u32],
        weights: &[u32],
        limit: usize,
        q: &mut Query,
    ) -> Vec<u32> {
        let m = terms.len();
        let mut chosen = Vec::new();
        if m == 0 {
            return chosen;
        }
        let all = 1usize << m;
        let lists = &self.lists[self.table[a]..self.table[a] + all];
        q.weight.clear();
        q.weight.push(0);
        for subset in 1..all {
            let low = subset.trailing_zeros() as usize;
            q.weight
                .push(q.weight[subset & (subset - 1)] + weights[low]);
        }
        let by_weight;
        let order: &[u16] = if weights.iter().all(|&w| w == 1) {
            &self.subsets[m]
        } else {
            let mut sorted = self.subsets[m].clone();
            sorted.sort_by_key(|&subset| std::cmp::Reverse(q.weight[subset as usize]));
            by_weight = sorted;
            &by_weight
        };
        let mut need = limit;
        let mut next = 0;
        while next < order.len() && need > 0 {
            let weight = q.weight[order[next] as usize];
            // The weight's lists are found first, so that reading them from memory overlaps.
            q.heads.clear();
            while next < order.len() && q.weight[order[next] as usize] == weight {
                let subset = order[next] as usize;
                next += 1;
                let first = terms[subset.trailing_zeros() as usize];
                if subset.is_power_of_two() {
                    q.heads.push((first, 0, 0));
                } else {
                    let at = lists[subset].load(Ordering::Relaxed);
                    if at != 0 {
                        let kept = self.combined[first as usize][at as usize - 1];
                        q.heads.push((first, at, kept));
                    }
                }
            }
            q.found.clear();
            for head in 0..q.heads.len() {
                let (first, at, kept) = q.heads[head];
                let list = if at == 0 {
                    self.single.list(first)
                } else {
                    &self.combined[first as usize][at as usize..(at + kept) as usize]
                };
                let mut taken = 0;
                for &b in list {
                    if b as usize != a && !q.marked(b) {
                        q.found.push(b);
                        taken += 1;
                        if taken == need {
                            break;
                        }
                    }
                }
            }
            q.found.sort_unstable();
            q.found.truncate(need);
            need -= q.found.len();
            for i in 0..q.found.len() {
                let b = q.found[i];
                q.mark(b);
                chosen.push(b);
            }
        }
        for &b in &chosen {
            q.unmark(b);
        }
        chosen
    }

    /// Article `a`'s related articles, as [`rank_by_bitsets`] finds them.
    fn count(&self, a: usize, terms: &[u32], weights: &[u32], limit: usize) -> Vec<ArticleId> {
        let mut sets = Vec::new();
        for (&t, &w) in terms.iter().zip(weights) {
            let set = self.bitsets[t as usize]
                .as_deref()
                .expect("each term of an unindexed article has its bitset");
            sets.extend(std::iter::repeat_n(set, w as usize));
        }
        top_by_bitsets(&sets, a, self.table.len(), limit)
    }
}

/// What one thread reuses from article to article.
struct Query {
    /// The articles chosen so far, one bit each.
    marks: Vec<u64>,
    /// Each subset's weight.
    weight: Vec<u32>,
    /// The lists of one weight (smallest term, start and length in `combined`, or the term's
    /// whole list when the start is 0), and the articles found in them.
    heads: Vec<(u32, u32, u32)>,
    found: Vec<u32>,
}

impl Query {
    fn new(n: usize) -> Query {
        Query {
            marks: vec![0; n.div_ceil(64)],
            weight: Vec::new(),
            heads: Vec::new(),
            found: Vec::new(),
        }
    }

    fn marked(&self, b: u32) -> bool {
        self.marks[b as usize / 64] >> (b % 64) & 1 == 1
    }

    fn mark(&mut self, b: u32) {
        self.marks[b as usize / 64] |= 1 << (b % 64);
    }

    fn unmark(&mut self, b: u32) {
        self.marks[b as usize / 64] &= !(1 << (b % 64));
    }
}

/// The former algorithm, kept as the reference [`rank`] is tested and measured against: each
/// term is a bitset over articles, and the shared counts of all articles are added up 64 at a
/// time, so its cost is a few word operations per article, term and other article.
pub fn rank_by_bitsets<T: AsRef<[TermId]> + Sync>(
    terms: &[T],
    taxonomies: usize,
    authors: usize,
    limit: usize,
) -> Vec<Vec<ArticleId>> {
    let n = terms.len();
    if limit == 0 || n == 0 {
        return vec![Vec::new(); n];
    }
    let words = n.div_ceil(64);
    let mut sets: std::collections::HashMap<TermId, Vec<u64>> = std::collections::HashMap::new();
    for (id, article) in terms.iter().enumerate() {
        for term in article
            .as_ref()
            .iter()
            .filter(|t| t.taxonomy != authors && t.taxonomy < taxonomies)
        {
            sets.entry(*term).or_insert_with(|| vec![0; words])[id / 64] |= 1 << (id % 64);
        }
    }
    (0..n)
        .into_par_iter()
        .map(|id| {
            let own: Vec<&[u64]> = terms[id]
                .as_ref()
                .iter()
                .filter_map(|t| sets.get(t).map(Vec::as_slice))
                .collect();
            top_by_bitsets(&own, id, n, limit)
        })
        .collect()
}

/// Article `id`'s related articles among `n`, given the bitsets of its terms (a term twice if
/// it counts twice).
fn top_by_bitsets(own: &[&[u64]], id: usize, n: usize, limit: usize) -> Vec<ArticleId> {
    if own.is_empty() {
        return Vec::new();
    }
    let words = n.div_ceil(64);
    // counts[b] is bit-plane b of each article's number of shared terms.
    let planes = usize::BITS as usize - own.len().leading_zeros() as usize;
    let mut counts = vec![vec![0u64; words]; planes];
    for set in own {
        for w in 0..words {
            let mut carry = set[w];
            for plane in counts.iter_mut() {
                let sum = plane[w] ^ carry;
                carry &= plane[w];
                plane[w] = sum;
                if carry == 0 {
                    break;
                }
            }
        }
    }
    let mut chosen = Vec::with_capacity(limit.min(n));
    for shared in (1..=own.len()).rev() {
        for w in 0..words {
            let mut mask = !0u64;
            // Articles whose count equals `shared` exactly.
            for (b, plane) in counts.iter().enumerate() {
                mask &= if shared >> b & 1 == 1 {
                    plane[w]
                } else {
                    !plane[w]
                };
            }
            while mask != 0 {
                let other = w * 64 + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if other != id && other < n {
                    chosen.push(other);
                    if chosen.len() == limit {
                        return chosen;
                    }
                }
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: reproducible sites.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as usize % n.max(1)
        }
    }

    /// A site of `n` articles whose terms are drawn from `vocabulary` terms in each of 4
    /// taxonomies (the last beyond those counted), `most` terms at most per article, some
    /// listed twice.
    fn site(rng: &mut Rng, n: usize, vocabulary: usize, most: usize) -> Vec<Vec<TermId>> {
        (0..n)
            .map(|_| {
                let mut terms = Vec::new();
                for _ in 0..rng.below(most + 1) {
                    let term = TermId {
                        taxonomy: rng.below(4),
                        term: rng.below(vocabulary),
                    };
                    terms.push(term);
                    if rng.below(10) == 0 {
                        terms.push(term);
                    }
                }
                terms
            })
            .collect()
    }

    fn same_as_bitsets(terms: &[Vec<TermId>], authors: usize) {
        let n = terms.len();
        for limit in [0, 1, 2, 5, n + 2] {
            for taxonomies in [2, 3] {
                assert_eq!(
                    rank(terms, taxonomies, authors, limit),
                    rank_by_bitsets(terms, taxonomies, authors, limit),
                    "{n} articles, limit {limit}, {taxonomies} taxonomies: {terms:?}"
                );
            }
        }
    }

    /// How many articles have more counted terms than the index takes.
    fn unindexed(terms: &[Vec<TermId>], authors: usize) -> usize {
        let own = Own::read(terms, 3, authors);
        (0..own.articles()).filter(|&a| !own.indexed(a)).count()
    }

    #[test]
    fn random_sites_rank_as_the_bitsets_do() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut many = 0;
        for round in 0..600 {
            // Dense: few terms, many ties, articles listing all of them.
            let n = rng.below(40);
            let vocabulary = 1 + rng.below(6);
            let terms = site(&mut rng, n, vocabulary, 2 + round % 24);
            let authors = rng.below(3);
            many += unindexed(&terms, authors);
            same_as_bitsets(&terms, authors);
        }
        for round in 0..40 {
            let n = 100 + rng.below(400);
            let vocabulary = 2 + rng.below(12);
            let terms = site(&mut rng, n, vocabulary, [3, 5, 8, 24][round % 4]);
            many += unindexed(&terms, 1);
            same_as_bitsets(&terms, 1);
        }
        assert!(
            many > 200,
            "{many} articles with more than {MAX_INDEXED} terms"
        );
    }

    #[test]
    fn long_lists_rank_as_the_bitsets_do() {
        // Many articles per combination: lists are cut after `limit + 1` articles.
        let mut rng = Rng(42);
        for vocabulary in [3, 6, 20] {
            let terms = site(&mut rng, 3000, vocabulary, 6);
            for limit in [1, 3, 7] {
                assert_eq!(
                    rank(&terms, 3, 1, limit),
                    rank_by_bitsets(&terms, 3, 1, limit)
                );
            }
        }
    }

    #[test]
    fn articles_with_many_terms_are_found_and_find() {
        let term = |term| TermId { taxonomy: 0, term };
        let many: Vec<TermId> = (0..12).map(term).collect();
        let terms = vec![
            vec![term(0), term(1)],
            many.clone(),
            Vec::new(),
            vec![term(1), term(2), term(40)],
            many,
            vec![term(40)],
        ];
        let related = rank(&terms, 1, 1, 3);
        assert_eq!(related, rank_by_bitsets(&terms, 1, 1, 3));
        assert_eq!(related[0], [1, 4, 3]);
        assert_eq!(related[1], [4, 0, 3]);
        assert_eq!(related[2], Vec::<usize>::new());
        assert_eq!(related[5], [3]);
    }
}
