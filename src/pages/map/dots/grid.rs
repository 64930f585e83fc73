//! Where each vehicle lands on the dot canvas, one dot per occupied cell, and
//! which vehicle is under the pointer. Pure: no browser, tested natively.
//!
//! Positions are kept projected once, in Leaflet's zoom-0 world pixels
//! (EPSG:3857, a 256 px world), so a redraw at any zoom is a multiply and a
//! subtract per vehicle. The grid is rebuilt on every redraw with a counting
//! sort (no per-vehicle allocation): `cell_start`/`items` list each cell's
//! vehicles in index order, so a cell's first item is its nearest vehicle
//! (Ocean answers nearest first) and the dot the user sees and clicks.

/// Leaflet's spherical Mercator (`L.CRS.EPSG3857`) at zoom 0: 256 world
/// pixels across, y down. Latitudes beyond Mercator's limit are clamped as
/// Leaflet clamps them.
pub fn world_px(lat: f64, lon: f64) -> [f64; 2] {
    const MAX_LAT: f64 = 85.051_128_779_806_6;
    let phi = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let y = (std::f64::consts::FRAC_PI_4 + phi / 2.0).tan().ln();
    [256.0 * (0.5 + lon / 360.0), 256.0 * (0.5 - y / (2.0 * std::f64::consts::PI))]
}

/// The canvas a redraw paints: its top-left in world pixels at the current
/// zoom, its size and the decimation cell, all in device pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// World pixels per zoom-0 pixel, times the device pixel ratio.
    pub scale: f64,
    pub origin: [f64; 2],
    pub width: u32,
    pub height: u32,
    /// Vehicles closer than this share one dot.
    pub cell: u32,
}

impl Frame {
    fn cols(&self) -> usize {
        (self.width as usize).div_ceil(self.cell.max(1) as usize)
    }

    fn rows(&self) -> usize {
        (self.height as usize).div_ceil(self.cell.max(1) as usize)
    }

    /// A zoom-0 position on this canvas, in device pixels.
    pub fn place(&self, w: [f64; 2]) -> [f64; 2] {
        [w[0] * self.scale - self.origin[0], w[1] * self.scale - self.origin[1]]
    }
}

/// One dot to draw: the vehicle it stands for, where, and how many share it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    pub index: usize,
    pub x: f32,
    pub y: f32,
    pub count: usize,
}

const NONE: u32 = u32::MAX;

/// The vehicles of one redraw, bucketed by cell. Its buffers are reused from
/// one redraw to the next.
#[derive(Debug, Default)]
pub struct DotGrid {
    frame: Option<Frame>,
    /// For each vehicle, its cell, or `NONE` (no position, or off the canvas).
    cell_of: Vec<u32>,
    /// Where each vehicle landed (device pixels), valid where `cell_of` is.
    at: Vec<[f32; 2]>,
    /// CSR: the vehicles of cell `c` are `items[cell_start[c]..cell_start[c + 1]]`.
    cell_start: Vec<u32>,
    items: Vec<u32>,
    /// Each cell's next free slot in `items`, while filling.
    next: Vec<u32>,
}

impl DotGrid {
    /// Buckets `world` (zoom-0 pixels; NaN for a vehicle without a position)
    /// into `frame`'s cells. Vehicles off the canvas are left out.
    pub fn build(&mut self, world: &[[f64; 2]], frame: Frame) {
        let (cols, rows) = (frame.cols(), frame.rows());
        let cell = f64::from(frame.cell.max(1));
        self.frame = Some(frame);
        self.cell_of.clear();
        self.at.clear();
        self.cell_start.clear();
        self.cell_start.resize(cols * rows + 1, 0);
        for w in world {
            let [x, y] = frame.place(*w);
            let inside = x >= 0.0 && y >= 0.0 && x < f64::from(frame.width) && y < f64::from(frame.height);
            if inside {
                let c = (y / cell) as usize * cols + (x / cell) as usize;
                self.cell_start[c + 1] += 1;
                self.cell_of.push(c as u32);
            } else {
                // NaN fails every comparison: no position lands here too.
                self.cell_of.push(NONE);
            }
            self.at.push([x as f32, y as f32]);
        }
        for c in 0..cols * rows {
            self.cell_start[c + 1] += self.cell_start[c];
        }
        // Fill in index order: each cell's items come out sorted by index.
        self.next.clear();
        self.next.extend_from_slice(&self.cell_start[..cols * rows]);
        self.items.clear();
        self.items.resize(self.cell_start[cols * rows] as usize, 0);
        for (i, &c) in self.cell_of.iter().enumerate() {
            if c != NONE {
                let slot = &mut self.next[c as usize];
                self.items[*slot as usize] = i as u32;
                *slot += 1;
            }
        }
    }

    fn members(&self, c: usize) -> &[u32] {
        &self.items[self.cell_start[c] as usize..self.cell_start[c + 1] as usize]
    }

    /// Vehicles on the canvas (each counted once, shared dots or not).
    pub fn placed(&self) -> usize {
        self.items.len()
    }

    /// One dot per occupied cell, at its nearest vehicle's position, in
    /// drawing order: farthest first, so the nearest ends on top.
    pub fn dots(&self) -> impl Iterator<Item = Dot> + '_ {
        (0..self.cell_of.len()).rev().filter_map(move |i| {
            let c = self.cell_of[i];
            if c == NONE {
                return None;
            }
            let members = self.members(c as usize);
            (members.first() == Some(&(i as u32))).then(|| {
                let [x, y] = self.at[i];
                Dot { index: i, x, y, count: members.len() }
            })
        })
    }

    /// The dot under `(x, y)` (device pixels on the canvas), `radius` being
    /// how far from a dot's centre still counts: the topmost one, i.e. the
    /// nearest vehicle, as drawn.
    pub fn hit(&self, x: f64, y: f64, radius: f64) -> Option<Dot> {
        let frame = self.frame?;
        let (cols, rows) = (frame.cols() as i64, frame.rows() as i64);
        let cell = f64::from(frame.cell.max(1));
        let reach = (radius / cell).ceil() as i64;
        let (cx, cy) = ((x / cell).floor() as i64, (y / cell).floor() as i64);
        let mut best: Option<Dot> = None;
        for row in (cy - reach).max(0)..=(cy + reach).min(rows - 1) {
            for col in (cx - reach).max(0)..=(cx + reach).min(cols - 1) {
                let members = self.members((row * cols + col) as usize);
                let Some(&first) = members.first() else { continue };
                let [dx, dy] = self.at[first as usize];
                let (ex, ey) = (f64::from(dx) - x, f64::from(dy) - y);
                let closer = best.is_none_or(|b| (first as usize) < b.index);
                if ex * ex + ey * ey <= radius * radius && closer {
                    best = Some(Dot { index: first as usize, x: dx, y: dy, count: members.len() });
                }
            }
        }
        best
    }
}
