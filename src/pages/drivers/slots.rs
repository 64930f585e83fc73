//! The tree's fixed row slots: a few dozen row elements, made once, each
//! showing in turn whichever visible row falls to it. Row `i` always goes
//! to slot `i % slots` while it is in view, so scrolling by one row gives
//! one slot a new row and leaves the others alone, and a keystroke in the
//! search changes what the slots say without making a single element.
//! Pure, tested natively.

/// Rows rendered above and below the viewport, for smooth scrolling.
pub const OVERSCAN: usize = 8;

/// The visible rows to render (`start..end`) for a scroll position and a
/// viewport height (px), among `len` rows of `row_px` each.
pub fn rows_in_view(scroll_top: f64, viewport_h: f64, len: usize, row_px: f64) -> (usize, usize) {
    let first = (scroll_top.max(0.0) / row_px) as usize;
    let last = ((scroll_top.max(0.0) + viewport_h.max(0.0)) / row_px) as usize;
    (first.saturating_sub(OVERSCAN).min(len), (last + OVERSCAN).min(len))
}

/// How many slots a viewport this high needs: as many as the most rows
/// [`rows_in_view`] can give for it, wherever it is scrolled.
pub fn slot_count(viewport_h: f64, row_px: f64) -> usize {
    (viewport_h.max(0.0) / row_px) as usize + 2 * OVERSCAN + 2
}

/// The row (index among the visible rows) that slot `slot` of `slots`
/// shows when rows `start..end` are in view, if any.
pub fn row_of_slot(slot: usize, slots: usize, (start, end): (usize, usize)) -> Option<usize> {
    if slots == 0 || slot >= slots {
        return None;
    }
    let index = start + (slot + slots - start % slots) % slots;
    (index < end).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: f64 = 34.0;

    /// Which row each slot shows.
    fn slots_at(top: f64, h: f64, len: usize) -> Vec<Option<usize>> {
        let n = slot_count(h, ROW);
        let view = rows_in_view(top, h, len, ROW);
        (0..n).map(|s| row_of_slot(s, n, view)).collect()
    }

    #[test]
    fn every_row_in_view_has_exactly_one_slot() {
        for (len, h) in [(0, 500.0), (3, 500.0), (1_000, 500.0), (1_000, 333.3), (65_000, 860.0)] {
            for top in [0.0, 17.0, 34.0, 1_000.0, 33_999.0, len as f64 * ROW] {
                let (start, end) = rows_in_view(top, h, len, ROW);
                let mut shown: Vec<usize> = slots_at(top, h, len).into_iter().flatten().collect();
                shown.sort_unstable();
                assert_eq!(shown, (start..end).collect::<Vec<_>>(), "{len} rows, {h} px high, at {top}");
            }
        }
    }

    #[test]
    fn scrolling_by_one_row_gives_one_slot_a_new_row() {
        let (h, len) = (500.0, 1_000);
        let before = slots_at(10.0 * ROW, h, len);
        let after = slots_at(11.0 * ROW, h, len);
        // One slot takes the row scrolled in; the rows still in view stay in their slots.
        let given = before.iter().zip(&after).filter(|(a, b)| b.is_some() && a != b).count();
        assert_eq!(given, 1, "{before:?} → {after:?}");
        assert!(before.iter().zip(&after).all(|(a, b)| a.is_none() || b.is_none() || a == b));
        // At the top, as the window grows, a slot takes the new row and none changes.
        let (top0, top1) = (slots_at(0.0, h, len), slots_at(ROW, h, len));
        assert!(top0.iter().zip(&top1).all(|(a, b)| a.is_none() || a == b), "{top0:?} → {top1:?}");
    }

    #[test]
    fn a_short_list_leaves_slots_empty_and_none_out_of_range() {
        assert_eq!(slots_at(0.0, 500.0, 3).into_iter().flatten().count(), 3);
        assert_eq!(row_of_slot(5, 5, (0, 10)), None);
        assert_eq!(row_of_slot(0, 0, (0, 10)), None);
    }
}
