//! The bundle's store: every page and every search index file once, as
//! records packed in groups of neighbours (a folder's pages side by side,
//! so what they repeat, the header, navigation and footer, compresses to
//! almost nothing), each group compressed with raw deflate and written in
//! base64 in a data block of its own. The page script inflates a group with
//! the browser's `DecompressionStream` when one of its records is first
//! needed. This module packs and unpacks; it knows nothing of what a record
//! holds.

use std::io::Write as _;

use anyhow::{anyhow, Context as _, Result};
use base64::Engine as _;
use flate2::write::{DeflateDecoder, DeflateEncoder};
use flate2::Compression;
use rayon::prelude::*;

/// About how many bytes of records go in a group before it is compressed:
/// enough that deflate finds what neighbours repeat (its window is 32 KiB),
/// few enough that opening a page inflates a few milliseconds' worth.
pub(super) const GROUP_BYTES: usize = 256 * 1024;

/// Where a record is: its group, and its first and past-the-end byte in
/// the group's inflated bytes.
pub(super) type Place = [usize; 3];

/// Records packed: each group's data as its block holds it, and each
/// record's place, in the order the records were given.
pub(super) struct Packed {
    pub groups: Vec<String>,
    pub places: Vec<Place>,
}

/// Packs `count` records in groups of about `group_bytes`, in their order;
/// the groups are numbered from `first_group`. `size(i)` is about the length
/// of record `i` (it only decides where groups end); `write(i, out)` appends
/// the record itself: only the groups being compressed are in memory whole.
pub(super) fn pack<W>(
    count: usize,
    size: impl Fn(usize) -> usize,
    write: W,
    group_bytes: usize,
    first_group: usize,
) -> Result<Packed>
where
    W: Fn(usize, &mut Vec<u8>) -> Result<()> + Sync,
{
    // Each group as the range of records it holds.
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for i in 0..count {
        bytes += size(i);
        if bytes >= group_bytes {
            ranges.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < count {
        ranges.push(start..count);
    }
    let packed = ranges
        .into_par_iter()
        .enumerate()
        .map(|(n, range)| {
            let mut inflated = Vec::with_capacity(group_bytes + group_bytes / 4);
            let mut places = Vec::with_capacity(range.len());
            for i in range {
                let from = inflated.len();
                write(i, &mut inflated)?;
                places.push([first_group + n, from, inflated.len()]);
            }
            let mut deflate = DeflateEncoder::new(Vec::new(), Compression::default());
            deflate.write_all(&inflated)?;
            let group = base64::engine::general_purpose::STANDARD.encode(deflate.finish()?);
            Ok((group, places))
        })
        .collect::<Result<Vec<(String, Vec<Place>)>>>()
        .context("cannot pack the bundle's pages")?;
    let places = packed.iter().flat_map(|(_, p)| p.iter().copied()).collect();
    Ok(Packed {
        groups: packed.into_iter().map(|(g, _)| g).collect(),
        places,
    })
}

/// A group's inflated bytes, from its data as its block holds it.
pub(super) fn inflate(group: &str) -> Result<Vec<u8>> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(group.trim())
        .context("a group of the bundle is not base64")?;
    let mut inflate = DeflateDecoder::new(Vec::new());
    inflate
        .write_all(&bytes)
        .and_then(|()| inflate.finish())
        .context("a group of the bundle is not raw deflate")
}

/// The record at `place` in `groups` (inflated).
pub(super) fn record(groups: &[Vec<u8>], place: Place) -> Result<&[u8]> {
    let [group, start, end] = place;
    groups
        .get(group)
        .and_then(|g| g.get(start..end))
        .ok_or_else(|| anyhow!("no record at {place:?} in the bundle"))
}
