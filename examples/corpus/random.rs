//! Keyed random streams and the Zipf draw: the corpus is the same whatever
//! the thread order.

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/// SplitMix64: tiny, fast, and good enough for prose; keyed streams make the
/// corpus independent of thread scheduling.
#[derive(Debug, Clone)]
pub struct Rng(u64);

/// What a random stream is for; each (seed, purpose, index) is its own stream.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Pools = 1,
    Source = 2,
    Summary = 3,
    Bio = 4,
}

pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64, stream: Stream, index: u64) -> Rng {
        let key = mix(seed ^ 0x5EED) ^ mix((stream as u64) << 56 ^ index.wrapping_add(1));
        Rng(mix(key))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n > 0`); the bias of the multiply-shift is far
    /// below anything prose could show.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` distinct indices of `0..n`, in draw order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

/// Draws distinct items with weight 1/(rank+1): a few entities appear
/// everywhere, most rarely, as in real coverage.
#[derive(Debug, Clone)]
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|k| {
                total += 1.0 / (k + 1) as f64;
                total
            })
            .collect();
        Zipf { cumulative }
    }

    pub fn draw(&self, rng: &mut Rng, k: usize) -> Vec<usize> {
        let n = self.cumulative.len();
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let k = k.min(n);
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let x = rng.unit() * total;
            let i = self.cumulative.partition_point(|&c| c < x).min(n - 1);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}
