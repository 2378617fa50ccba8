//! A tiny deterministic random source (SplitMix64) for the book generator.
//!
//! The generator promises byte-identical books on every run and machine, so it cannot use
//! an external RNG whose algorithm may change between versions, nor floating-point
//! functions (`ln`, `exp`) whose last bit depends on the platform's libm. Everything here
//! is integer arithmetic, plus `unit()` which only divides exactly representable values.

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and good enough for test data.
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// An independent stream for one part of the book, so that adding an account or a
    /// story does not shift the random choices of every other part.
    pub fn derive(&self, label: &str, index: u64) -> Rng {
        // FNV-1a over the label keeps the stream name readable at the call site.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in label.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        let mut mixer = Rng::new(self.state ^ hash ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        Rng::new(mixer.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), without modulo bias worth worrying about.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`; `lo` when the range is empty.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// A fraction in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    /// One element of a fixed pool. Pools are arrays so that an empty one is a compile error.
    pub fn pick<'a, T, const N: usize>(&mut self, pool: &'a [T; N]) -> &'a T {
        const { assert!(N > 0, "a pool must not be empty") };
        &pool[self.below(N as u64) as usize]
    }

    /// A copy of one element of a fixed pool.
    pub fn choose<T: Copy, const N: usize>(&mut self, pool: &[T; N]) -> T {
        *self.pick(pool)
    }

    /// One element of a list built at run time; `None` when it is empty.
    pub fn pick_from<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    /// An index chosen with the given integer weights; 0 when all weights are 0.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut ticket = self.below(total);
        for (index, weight) in weights.iter().enumerate() {
            let weight = u64::from(*weight);
            if ticket < weight {
                return index;
            }
            ticket -= weight;
        }
        0
    }
}

/// Split `total` over parts in proportion to integer weights (largest remainder, ties to
/// the earlier part), giving every part at least `floor` when the total allows it.
pub(crate) fn apportion(total: usize, weights: &[u64], floor: usize) -> Vec<usize> {
    let parts = weights.len();
    if parts == 0 {
        return Vec::new();
    }
    let floor = floor.min(total / parts);
    let rest = (total - floor * parts) as u128;
    let weight_sum: u128 = weights.iter().map(|w| u128::from(*w)).sum::<u128>().max(1);
    let mut shares: Vec<usize> = Vec::with_capacity(parts);
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(parts);
    for (index, weight) in weights.iter().enumerate() {
        let exact = rest * u128::from(*weight);
        shares.push(floor + (exact / weight_sum) as usize);
        remainders.push((exact % weight_sum, index));
    }
    let given: usize = shares.iter().sum();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders.iter().take(total - given) {
        shares[*index] += 1;
    }
    shares
}
