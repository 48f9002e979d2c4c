//! Screenshot comparison: two PNGs match when few enough pixels differ by
//! more than a small per-channel threshold (anti-aliasing and font hinting
//! move single pixels; a broken layout moves thousands).

use std::path::Path;

/// A channel differs when it moves by more than this (of 255).
const CHANNEL_THRESHOLD: u8 = 24;

#[derive(Debug, Clone, PartialEq)]
pub enum Comparison {
    /// Share of pixels that differ, 0.0 – 1.0.
    Diff(f64),
    /// Different sizes: nothing to compare pixel by pixel.
    Size {
        baseline: (u32, u32),
        actual: (u32, u32),
    },
}

struct Image {
    width: u32,
    height: u32,
    /// RGBA, 8 bits per channel.
    pixels: Vec<u8>,
}

fn decode(path: &Path) -> Result<Image, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or("image too large")?];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    buf.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    let pixels = match channels {
        4 => buf,
        3 => buf
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        2 => buf
            .chunks(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        1 => buf.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        n => return Err(format!("{}: {n} channels", path.display())),
    };
    Ok(Image {
        width: info.width,
        height: info.height,
        pixels,
    })
}

/// Compares a screenshot with its baseline.
pub fn compare(baseline: &Path, actual: &Path) -> Result<Comparison, String> {
    let (a, b) = (decode(baseline)?, decode(actual)?);
    if (a.width, a.height) != (b.width, b.height) {
        return Ok(Comparison::Size {
            baseline: (a.width, a.height),
            actual: (b.width, b.height),
        });
    }
    let differing = a
        .pixels
        .chunks(4)
        .zip(b.pixels.chunks(4))
        .filter(|(p, q)| {
            p.iter()
                .zip(q.iter())
                .any(|(x, y)| x.abs_diff(*y) > CHANNEL_THRESHOLD)
        })
        .count();
    let total = (a.width as usize * a.height as usize).max(1);
    Ok(Comparison::Diff(differing as f64 / total as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, width: u32, height: u32, paint: impl Fn(u32, u32) -> [u8; 3]) {
        let file = std::fs::File::create(path).unwrap();
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        let data: Vec<u8> = (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .flat_map(|(x, y)| paint(x, y))
            .collect();
        w.write_image_data(&data).unwrap();
    }

    #[test]
    fn measures_the_share_of_changed_pixels() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c, d) = (
            dir.path().join("a.png"),
            dir.path().join("b.png"),
            dir.path().join("c.png"),
            dir.path().join("d.png"),
        );
        write(&a, 10, 10, |_, _| [255, 255, 255]);
        // Faint noise stays under the channel threshold.
        write(&b, 10, 10, |x, _| [255 - (x as u8 % 3) * 5, 255, 255]);
        // A dark block of 20 pixels is a real change.
        write(&c, 10, 10, |x, y| {
            if x < 4 && y < 5 {
                [0, 0, 0]
            } else {
                [255, 255, 255]
            }
        });
        write(&d, 12, 10, |_, _| [255, 255, 255]);
        assert_eq!(compare(&a, &b).unwrap(), Comparison::Diff(0.0));
        assert_eq!(compare(&a, &c).unwrap(), Comparison::Diff(0.2));
        assert_eq!(
            compare(&a, &d).unwrap(),
            Comparison::Size {
                baseline: (10, 10),
                actual: (12, 10)
            }
        );
    }
}
