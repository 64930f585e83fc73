//! Dots painted straight into an RGBA buffer (one `putImageData` per
//! redraw): a dot is a pre-computed sprite, a list of horizontal runs, so
//! stamping it is a few slice fills plus its anti-aliased rim. Pure.

/// An 8-bit sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// A span of one sprite row: `len` pixels of one colour at `alpha` (255 is a
/// plain copy), starting `dx, dy` from the dot's centre pixel.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Run {
    dx: i32,
    dy: i32,
    len: usize,
    rgba: [u8; 4],
}

/// A filled circle with a rim, as runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Sprite {
    runs: Vec<Run>,
    /// How far the sprite reaches from its centre pixel.
    pub reach: i32,
}

impl Sprite {
    /// A disc of `radius` (device pixels, to the rim's centre line, as
    /// Leaflet's `circleMarker`) filled with `fill`, with a rim `rim_width`
    /// wide in `rim`. Edges are anti-aliased by 4×4 supersampling.
    pub fn disc(radius: f64, rim_width: f64, fill: Rgb, rim: Rgb) -> Sprite {
        const SS: i32 = 4;
        let (inner, outer) = (radius - rim_width / 2.0, radius + rim_width / 2.0);
        let reach = outer.ceil() as i32;
        let mut runs: Vec<Run> = Vec::new();
        for dy in -reach..=reach {
            for dx in -reach..=reach {
                let (mut n_fill, mut n_rim) = (0u32, 0u32);
                for sy in 0..SS {
                    for sx in 0..SS {
                        // Pixel (dx, dy) spans [dx - 0.5, dx + 0.5) around the centre.
                        let x = f64::from(dx) - 0.5 + (f64::from(sx) + 0.5) / f64::from(SS);
                        let y = f64::from(dy) - 0.5 + (f64::from(sy) + 0.5) / f64::from(SS);
                        let d = (x * x + y * y).sqrt();
                        if d <= inner {
                            n_fill += 1;
                        } else if d <= outer {
                            n_rim += 1;
                        }
                    }
                }
                let n = n_fill + n_rim;
                if n == 0 {
                    continue;
                }
                let mix = |f: u8, r: u8| ((u32::from(f) * n_fill + u32::from(r) * n_rim) / n) as u8;
                let alpha = (n * 255 / (SS * SS) as u32) as u8;
                let rgba = [mix(fill.0, rim.0), mix(fill.1, rim.1), mix(fill.2, rim.2), alpha];
                match runs.last_mut() {
                    Some(r) if r.dy == dy && r.dx + r.len as i32 == dx && r.rgba == rgba && alpha == 255 => r.len += 1,
                    _ => runs.push(Run { dx, dy, len: 1, rgba }),
                }
            }
        }
        Sprite { runs, reach }
    }
}

/// The canvas's pixels, RGBA, row after row, transparent where nothing is drawn.
#[derive(Debug, Default)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl Pixels {
    /// Clears to transparent at this size (the buffer is reused).
    pub fn reset(&mut self, width: u32, height: u32) {
        self.width = width;
        self.height = height;
        self.rgba.clear();
        self.rgba.resize(width as usize * height as usize * 4, 0);
    }

    /// Paints `sprite` centred on the pixel that holds `(x, y)`, clipped to the canvas.
    pub fn stamp(&mut self, sprite: &Sprite, x: f32, y: f32) {
        let (cx, cy) = (x.floor() as i32, y.floor() as i32);
        let (w, h) = (self.width as i32, self.height as i32);
        if cx + sprite.reach < 0 || cy + sprite.reach < 0 || cx - sprite.reach >= w || cy - sprite.reach >= h {
            return;
        }
        for run in &sprite.runs {
            let py = cy + run.dy;
            if py < 0 || py >= h {
                continue;
            }
            let x0 = (cx + run.dx).max(0);
            let x1 = (cx + run.dx + run.len as i32).min(w);
            if x0 >= x1 {
                continue;
            }
            let row = py as usize * w as usize;
            let span = &mut self.rgba[(row + x0 as usize) * 4..(row + x1 as usize) * 4];
            if run.rgba[3] == 255 {
                for px in span.chunks_exact_mut(4) {
                    px.copy_from_slice(&run.rgba);
                }
            } else {
                for px in span.chunks_exact_mut(4) {
                    blend(px, run.rgba);
                }
            }
        }
    }
}

/// `src` over `dst`, both straight (not premultiplied) alpha, as ImageData holds them.
fn blend(dst: &mut [u8], src: [u8; 4]) {
    let sa = u32::from(src[3]);
    let da = u32::from(dst[3]) * (255 - sa) / 255;
    let out = sa + da;
    if out == 0 {
        return;
    }
    for k in 0..3 {
        dst[k] = ((u32::from(src[k]) * sa + u32::from(dst[k]) * da) / out) as u8;
    }
    dst[3] = out as u8;
}
