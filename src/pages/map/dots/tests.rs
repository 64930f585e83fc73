use super::grid::{world_px, DotGrid, Frame};
use super::sprite::{Pixels, Rgb, Sprite};

fn frame(origin: [f64; 2]) -> Frame {
    Frame { scale: 1.0, origin, width: 100, height: 60, cell: 4 }
}

/// Zoom-0 positions given directly in canvas pixels (scale 1, origin 0).
fn grid(points: &[[f64; 2]], f: Frame) -> DotGrid {
    let mut g = DotGrid::default();
    g.build(points, f);
    g
}

#[test]
fn projection_matches_leaflets_epsg3857() {
    // Printed by L.CRS.EPSG3857.latLngToPoint(L.latLng(lat, lon), 0) from
    // node_modules/leaflet 1.9.4, run under Node.
    let close = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9;
    assert!(close(world_px(0.0, 0.0), [128.0, 128.0]));
    assert!(close(world_px(0.0, -180.0), [0.0, 128.0]));
    let paris = world_px(48.8566, 2.3522);
    assert!(close(paris, [129.672_675_555_555_54, 88.071_271_185_300_02]), "{paris:?}");
    // Beyond Mercator's limit Leaflet clamps: the poles are the world's edges.
    assert!(world_px(90.0, 0.0)[1].abs() < 1e-6);
    assert!((world_px(-90.0, 0.0)[1] - 256.0).abs() < 1e-6);
}

#[test]
fn vehicles_in_one_cell_share_one_dot_held_by_the_nearest() {
    // Ocean lists nearest first: index 0 is the nearest.
    let g = grid(&[[10.5, 10.5], [11.0, 9.0], [50.0, 30.0], [9.0, 11.9]], frame([0.0, 0.0]));
    let dots: Vec<_> = g.dots().collect();
    assert_eq!(dots.len(), 2, "{dots:?}");
    // Drawn farthest first, so the nearest ends on top.
    assert_eq!((dots[0].index, dots[0].count), (2, 1));
    // Index 3 (x 9.0, y 11.9) is in the same 4 px cell, (2, 2), as 0 and 1.
    assert_eq!((dots[1].index, dots[1].count), (0, 3));
    assert_eq!(g.placed(), 4);
}

#[test]
fn distinct_cells_keep_distinct_dots() {
    let points: Vec<[f64; 2]> = (0..25).map(|i| [2.0 + 4.0 * i as f64, 2.0 + 2.0 * i as f64]).collect();
    let g = grid(&points, frame([0.0, 0.0]));
    // 25 x-steps of one cell each; the rows stop at y 60: 0..=28 fit.
    assert_eq!(g.dots().count(), 25);
    assert!(g.dots().all(|d| d.count == 1));
}

#[test]
fn vehicles_without_a_position_or_off_the_canvas_are_not_drawn() {
    let g = grid(&[[f64::NAN, f64::NAN], [-1.0, 5.0], [100.0, 5.0], [5.0, 60.0], [99.9, 59.9]], frame([0.0, 0.0]));
    let dots: Vec<_> = g.dots().collect();
    assert_eq!(dots.len(), 1);
    assert_eq!(dots[0].index, 4);
    assert_eq!(g.placed(), 1);
}

#[test]
fn the_frame_scales_and_offsets_positions() {
    // At zoom 3 (scale 8), with the canvas's top-left at world (800, 400).
    let f = Frame { scale: 8.0, origin: [800.0, 400.0], width: 100, height: 60, cell: 4 };
    let g = grid(&[[105.0, 55.0]], f);
    let dot = g.dots().next().expect("one dot");
    assert_eq!((dot.x, dot.y), (40.0, 40.0));
}

#[test]
fn a_hit_finds_the_dot_under_the_pointer_and_nothing_beside_it() {
    let g = grid(&[[20.0, 20.0], [60.0, 40.0]], frame([0.0, 0.0]));
    assert_eq!(g.hit(22.0, 23.0, 7.5).map(|d| d.index), Some(0));
    assert_eq!(g.hit(60.0, 40.0, 7.5).map(|d| d.index), Some(1));
    assert_eq!(g.hit(40.0, 30.0, 7.5), None);
    // Just outside the rim, and at the canvas's corners (no out-of-range cells).
    assert_eq!(g.hit(20.0, 28.0, 7.5), None);
    assert_eq!(g.hit(0.0, 0.0, 7.5), None);
    assert_eq!(g.hit(99.0, 59.0, 7.5), None);
    assert_eq!(g.hit(-50.0, 500.0, 7.5), None);
}

#[test]
fn overlapping_dots_hit_the_one_drawn_on_top() {
    // Index 0 in cell (7, 7); indexes 1 and 2 share cell (5, 7).
    let g = grid(&[[30.0, 30.0], [22.0, 30.0], [23.0, 31.0]], frame([0.0, 0.0]));
    // Index 0 is drawn last (on top): it wins even where index 1 is closer.
    assert_eq!(g.hit(23.0, 30.0, 7.5).map(|d| d.index), Some(0));
    // Where only index 1's dot reaches, index 1 (sharing with index 2).
    let d = g.hit(16.0, 30.0, 7.5).expect("a dot");
    assert_eq!((d.index, d.count), (1, 2));
}

#[test]
fn after_a_pan_the_same_vehicle_is_hit_at_its_new_place() {
    let world = [[120.0, 80.0], [130.0, 90.0]];
    let before = grid(&world, frame([100.0, 50.0]));
    assert_eq!(before.hit(20.0, 30.0, 7.5).map(|d| d.index), Some(0));
    // The view moved 15 px right and 10 px down: the vehicle is up-left.
    let after = grid(&world, frame([115.0, 60.0]));
    assert_eq!(after.hit(20.0, 30.0, 7.5).map(|d| d.index), Some(1));
    assert_eq!(after.hit(5.0, 20.0, 7.5).map(|d| d.index), Some(0));
}

#[test]
fn a_rebuild_forgets_the_previous_vehicles() {
    let mut g = grid(&[[10.0, 10.0], [50.0, 50.0]], frame([0.0, 0.0]));
    g.build(&[[30.0, 30.0]], frame([0.0, 0.0]));
    assert_eq!(g.dots().map(|d| d.index).collect::<Vec<_>>(), vec![0]);
    assert_eq!(g.hit(10.0, 10.0, 7.5), None);
}

#[test]
fn fifty_thousand_vehicles_in_one_spot_are_one_dot() {
    let world = vec![[50.0, 30.0]; 50_000];
    let g = grid(&world, frame([0.0, 0.0]));
    let dots: Vec<_> = g.dots().collect();
    assert_eq!(dots.len(), 1);
    assert_eq!((dots[0].index, dots[0].count), (0, 50_000));
}

const RED: Rgb = Rgb(0xb4, 0x23, 0x18);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

fn pixel(p: &Pixels, x: u32, y: u32) -> [u8; 4] {
    let i = (y * p.width + x) as usize * 4;
    [p.rgba[i], p.rgba[i + 1], p.rgba[i + 2], p.rgba[i + 3]]
}

#[test]
fn a_stamped_dot_is_filled_rimmed_and_antialiased() {
    let sprite = Sprite::disc(6.0, 1.5, RED, WHITE);
    let mut p = Pixels::default();
    p.reset(40, 40);
    p.stamp(&sprite, 20.3, 20.7);
    assert_eq!(pixel(&p, 20, 20), [0xb4, 0x23, 0x18, 255], "centre");
    assert_eq!(pixel(&p, 26, 20), [255, 255, 255, 255], "rim, 6 px right");
    let edge = pixel(&p, 20, 27);
    assert!(edge[3] > 0 && edge[3] < 255, "the rim's outer edge is partly covered: {edge:?}");
    assert_eq!(pixel(&p, 20, 28)[3], 0, "beyond the rim");
    assert_eq!(pixel(&p, 5, 5), [0, 0, 0, 0], "far away");
}

#[test]
fn stamps_at_or_beyond_the_edges_are_clipped() {
    let sprite = Sprite::disc(6.0, 1.5, RED, WHITE);
    let mut p = Pixels::default();
    p.reset(10, 8);
    for (x, y) in [(0.0, 0.0), (-3.0, 4.0), (12.0, 3.0), (-100.0, -100.0), (5.0, 1000.0), (9.9, 7.9)] {
        p.stamp(&sprite, x, y);
    }
    assert_eq!(pixel(&p, 0, 0)[3], 255);
    assert_eq!(pixel(&p, 9, 7), [0xb4, 0x23, 0x18, 255]);
    assert_eq!(p.rgba.len(), 10 * 8 * 4);
}

#[test]
fn a_later_dot_covers_an_earlier_one() {
    let blue = Rgb(0x1f, 0x5f, 0xd1);
    let mut p = Pixels::default();
    p.reset(30, 30);
    p.stamp(&Sprite::disc(6.0, 1.5, RED, WHITE), 12.0, 15.0);
    p.stamp(&Sprite::disc(6.0, 1.5, blue, WHITE), 16.0, 15.0);
    assert_eq!(pixel(&p, 16, 15), [0x1f, 0x5f, 0xd1, 255]);
    assert_eq!(pixel(&p, 8, 15), [0xb4, 0x23, 0x18, 255]);
}
