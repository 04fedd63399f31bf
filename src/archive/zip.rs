//! A minimal zip writer whose bytes depend only on its input.
//!
//! Hand-written rather than a zip crate so that nothing varies: no extended timestamps,
//! no uid/gid or alignment extra fields, no data descriptors, one fixed deflate
//! implementation and level. Entries are written with sizes known up front (each file is
//! compressed in memory, bounded by the per-file limit), so the output only needs
//! `Write` and is hashed while it streams out.

use std::io::{Read, Write};

use sha1::{Digest, Sha1};

use super::ArchiveError;

/// Deflate level; part of the output format, so changing it changes every archive's sha1.
const DEFLATE_LEVEL: u8 = 6;
const VERSION_NEEDED: u16 = 20;
/// Made by Unix (3), spec 2.0: tells readers the external attributes hold Unix modes.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
const FLAG_UTF8: u16 = 1 << 11;
const MODE_FILE: u32 = 0o100644;
const MODE_EXEC: u32 = 0o100755;
const MODE_DIR: u32 = 0o040755;
/// MS-DOS directory attribute, for readers that ignore the Unix mode.
const DOS_DIR: u32 = 0x10;

struct CentralEntry {
    name: String,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
    external: u32,
}

/// Counts and hashes everything written through it.
struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha1,
    written: u64,
}

impl<W: Write> HashingWriter<W> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), ArchiveError> {
        self.inner.write_all(bytes)?;
        self.hasher.update(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }
}

pub(crate) struct ZipWriter<W: Write> {
    out: HashingWriter<W>,
    entries: Vec<CentralEntry>,
    dos_time: u16,
    dos_date: u16,
}

/// A file's body as a zip stores it. The same bytes always give the same `Compressed`,
/// so one can be reused in every archive that holds the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compressed {
    pub(crate) method: u16,
    pub(crate) crc: u32,
    /// Uncompressed size.
    pub(crate) size: u32,
    pub(crate) body: Vec<u8>,
}

impl Compressed {
    pub fn size(&self) -> u64 {
        u64::from(self.size)
    }

    /// Bytes it takes in memory.
    pub fn weight(&self) -> usize {
        self.body.len() + 64
    }
}

/// Deflates `data` (stored as is when deflate would not make it smaller).
pub fn compress(data: &[u8]) -> Result<Compressed, ArchiveError> {
    let size = to_u32(data.len() as u64)?;
    let crc = crc32fast::hash(data);
    let deflated = miniz_oxide::deflate::compress_to_vec(data, DEFLATE_LEVEL);
    let (method, body) = if deflated.len() < data.len() {
        (8, deflated)
    } else {
        (0, data.to_vec())
    };
    Ok(Compressed {
        method,
        crc,
        size,
        body,
    })
}

/// Bytes read or written at a time by streamed entries.
const CHUNK: usize = 64 * 1024;

fn short_read() -> ArchiveError {
    ArchiveError::Io(std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        "the file ended before its size",
    ))
}

/// Deflates exactly `size` bytes of `from` into `out` as [`compress`] does (the same
/// compressor, level and flags fed in pieces give the same bytes); returns their crc32.
pub(crate) fn deflate_stream(
    from: &mut dyn Read,
    size: u64,
    out: &mut dyn Write,
) -> Result<u32, ArchiveError> {
    use miniz_oxide::deflate::core::{
        CompressorOxide, TDEFLFlush, TDEFLStatus, compress, create_comp_flags_from_zip_params,
    };
    let flags = create_comp_flags_from_zip_params(i32::from(DEFLATE_LEVEL), 0, 0);
    let mut compressor = CompressorOxide::new(flags);
    let mut crc = crc32fast::Hasher::new();
    let mut input = vec![0u8; CHUNK];
    let mut output = vec![0u8; CHUNK];
    let mut left = size;
    loop {
        let want = input.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = if want == 0 {
            0
        } else {
            from.read(&mut input[..want])?
        };
        if n == 0 && left > 0 {
            return Err(short_read());
        }
        left -= n as u64;
        crc.update(&input[..n]);
        let flush = if left == 0 {
            TDEFLFlush::Finish
        } else {
            TDEFLFlush::None
        };
        let mut chunk = &input[..n];
        loop {
            let (status, used, made) = compress(&mut compressor, chunk, &mut output, flush);
            out.write_all(&output[..made])?;
            chunk = &chunk[used..];
            match status {
                TDEFLStatus::Done => return Ok(crc.finalize()),
                TDEFLStatus::Okay => {
                    if flush == TDEFLFlush::None && chunk.is_empty() {
                        break;
                    }
                }
                _ => {
                    return Err(ArchiveError::Io(std::io::Error::other("deflate failed")));
                }
            }
        }
    }
}

/// The hex sha1 and byte size of a finished archive.
pub(crate) struct Finished {
    pub sha1: String,
    pub size: u64,
}

impl<W: Write> ZipWriter<W> {
    /// Every entry gets `mtime` (unix seconds, shown as UTC) as its timestamp.
    pub fn new(out: W, mtime: i64) -> Self {
        let (dos_time, dos_date) = dos_datetime(mtime);
        ZipWriter {
            out: HashingWriter {
                inner: out,
                hasher: Sha1::new(),
                written: 0,
            },
            entries: Vec::new(),
            dos_time,
            dos_date,
        }
    }

    /// A folder entry; `name` ends with `/`.
    pub fn add_dir(&mut self, name: &str) -> Result<(), ArchiveError> {
        self.add_entry(name, 0, 0, &[], 0, (MODE_DIR << 16) | DOS_DIR)
    }

    /// A file entry, deflated unless that would not make it smaller.
    #[cfg(test)]
    pub fn add_file(
        &mut self,
        name: &str,
        data: &[u8],
        executable: bool,
    ) -> Result<(), ArchiveError> {
        let entry = compress(data)?;
        self.add_compressed(name, &entry, executable)
    }

    /// A file entry whose body was compressed before (maybe for another archive).
    pub fn add_compressed(
        &mut self,
        name: &str,
        entry: &Compressed,
        executable: bool,
    ) -> Result<(), ArchiveError> {
        let mode = if executable { MODE_EXEC } else { MODE_FILE };
        self.add_entry(
            name,
            entry.method,
            entry.crc,
            &entry.body,
            entry.size,
            mode << 16,
        )
    }

    /// A file entry whose body is read from `open()` as it is written, for files too
    /// large to hold in memory: a first pass computes the checksum and deflates into a
    /// spill file in `spill_dir` (the header needs both sizes first), then the smaller
    /// body is copied out (the stored one is read again). The bytes equal those of
    /// [`ZipWriter::add_compressed`] for the same contents.
    pub fn add_streamed<'b>(
        &mut self,
        name: &str,
        executable: bool,
        size: u64,
        spill_dir: &std::path::Path,
        open: &mut dyn FnMut() -> Result<Box<dyn Read + 'b>, ArchiveError>,
    ) -> Result<(), ArchiveError> {
        use std::io::{Seek, SeekFrom};
        let size32 = to_u32(size)?;
        let mut spill = tempfile::tempfile_in(spill_dir)?;
        let crc = {
            let mut sink = std::io::BufWriter::with_capacity(CHUNK, &mut spill);
            let crc = deflate_stream(&mut *open()?, size, &mut sink)?;
            sink.flush()?;
            crc
        };
        let deflated = spill.stream_position()?;
        let mode = if executable { MODE_EXEC } else { MODE_FILE };
        let (method, compressed) = if deflated < size {
            (8, deflated)
        } else {
            (0, size)
        };
        let entry = CentralEntry {
            name: name.to_owned(),
            method,
            crc,
            compressed: to_u32(compressed)?,
            size: size32,
            offset: to_u32(self.out.written)?,
            external: mode << 16,
        };
        self.put_local_header(&entry)?;
        if method == 8 {
            spill.seek(SeekFrom::Start(0))?;
            self.copy_body(&mut spill, deflated)?;
        } else {
            drop(spill);
            let mut body = open()?;
            self.copy_body(&mut *body, size)?;
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Copies exactly `len` bytes of `from` into the archive.
    fn copy_body(&mut self, from: &mut dyn Read, len: u64) -> Result<(), ArchiveError> {
        let mut buf = vec![0u8; CHUNK];
        let mut left = len;
        while left > 0 {
            let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            let n = from.read(&mut buf[..want])?;
            if n == 0 {
                return Err(short_read());
            }
            self.out.put(&buf[..n])?;
            left -= n as u64;
        }
        Ok(())
    }

    fn put_local_header(&mut self, entry: &CentralEntry) -> Result<(), ArchiveError> {
        let mut header = Vec::with_capacity(30 + entry.name.len());
        put32(&mut header, 0x0403_4b50);
        put16(&mut header, VERSION_NEEDED);
        self.common_fields(&mut header, entry);
        header.extend_from_slice(entry.name.as_bytes());
        self.out.put(&header)
    }

    fn add_entry(
        &mut self,
        name: &str,
        method: u16,
        crc: u32,
        body: &[u8],
        size: u32,
        external: u32,
    ) -> Result<(), ArchiveError> {
        let entry = CentralEntry {
            name: name.to_owned(),
            method,
            crc,
            compressed: to_u32(body.len() as u64)?,
            size,
            offset: to_u32(self.out.written)?,
            external,
        };
        let mut header = Vec::with_capacity(30 + name.len());
        put32(&mut header, 0x0403_4b50);
        put16(&mut header, VERSION_NEEDED);
        self.common_fields(&mut header, &entry);
        header.extend_from_slice(name.as_bytes());
        self.out.put(&header)?;
        self.out.put(body)?;
        self.entries.push(entry);
        Ok(())
    }

    /// Fields shared by local and central headers, from flags to extra-field length.
    fn common_fields(&self, buf: &mut Vec<u8>, entry: &CentralEntry) {
        put16(buf, if entry.name.is_ascii() { 0 } else { FLAG_UTF8 });
        put16(buf, entry.method);
        put16(buf, self.dos_time);
        put16(buf, self.dos_date);
        put32(buf, entry.crc);
        put32(buf, entry.compressed);
        put32(buf, entry.size);
        put16(buf, entry.name.len() as u16);
        put16(buf, 0);
    }

    /// Write the central directory and end records.
    pub fn finish(mut self) -> Result<(W, Finished), ArchiveError> {
        let cd_start = self.out.written;
        let mut cd = Vec::new();
        for entry in &self.entries {
            put32(&mut cd, 0x0201_4b50);
            put16(&mut cd, VERSION_MADE_BY);
            put16(&mut cd, VERSION_NEEDED);
            self.common_fields(&mut cd, entry);
            put16(&mut cd, 0); // comment length
            put16(&mut cd, 0); // disk number
            put16(&mut cd, 0); // internal attributes
            put32(&mut cd, entry.external);
            put32(&mut cd, entry.offset);
            cd.extend_from_slice(entry.name.as_bytes());
        }
        self.out.put(&cd)?;
        let end = end_records(self.entries.len() as u64, cd.len() as u64, cd_start)?;
        self.out.put(&end)?;
        self.out.inner.flush()?;
        let finished = Finished {
            sha1: hex::encode(self.out.hasher.finalize()),
            size: self.out.written,
        };
        Ok((self.out.inner, finished))
    }
}

/// The end-of-central-directory record, preceded by the zip64 one and its locator when
/// there are more entries than 16 bits can count.
fn end_records(count: u64, cd_size: u64, cd_start: u64) -> Result<Vec<u8>, ArchiveError> {
    let mut out = Vec::new();
    let count16 = if count > 0xFFFF {
        let zip64_start = cd_start + cd_size;
        put32(&mut out, 0x0606_4b50);
        out.extend_from_slice(&44u64.to_le_bytes());
        put16(&mut out, VERSION_MADE_BY & 0xFF00 | 45);
        put16(&mut out, 45);
        put32(&mut out, 0);
        put32(&mut out, 0);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&cd_size.to_le_bytes());
        out.extend_from_slice(&cd_start.to_le_bytes());
        put32(&mut out, 0x0706_4b50);
        put32(&mut out, 0);
        out.extend_from_slice(&zip64_start.to_le_bytes());
        put32(&mut out, 1);
        0xFFFF
    } else {
        count as u16
    };
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count16);
    put16(&mut out, count16);
    put32(&mut out, to_u32(cd_size)?);
    put32(&mut out, to_u32(cd_start)?);
    put16(&mut out, 0);
    Ok(out)
}

/// Sizes and offsets are 32-bit without zip64 extra fields, which this writer leaves out.
fn to_u32(value: u64) -> Result<u32, ArchiveError> {
    u32::try_from(value).map_err(|_| ArchiveError::TooLarge {
        limit: u64::from(u32::MAX),
    })
}

fn put16(buf: &mut Vec<u8>, v: u16) {
    buf.extend_from_slice(&v.to_le_bytes());
}

fn put32(buf: &mut Vec<u8>, v: u32) {
    buf.extend_from_slice(&v.to_le_bytes());
}

/// MS-DOS time and date fields for a unix time, clamped to the 1980–2107 range they can hold.
fn dos_datetime(unix: i64) -> (u16, u16) {
    const MIN: i64 = 315_532_800; // 1980-01-01T00:00:00Z
    const MAX: i64 = 4_354_819_198; // 2107-12-31T23:59:58Z
    let t = unix.clamp(MIN, MAX);
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let time = ((secs / 3600) << 11) | (((secs % 3600) / 60) << 5) | ((secs % 60) / 2);
    let date = ((year - 1980) << 9) | (month << 5) | day;
    (time as u16, date as u16)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dos_dates() {
        // 2024-02-29T13:45:30Z
        let (time, date) = dos_datetime(1_709_214_330);
        assert_eq!(date, ((2024 - 1980) << 9) | (2 << 5) | 29);
        assert_eq!(time, (13 << 11) | (45 << 5) | 15);
        assert_eq!(dos_datetime(0), dos_datetime(315_532_800));
        assert_eq!(dos_datetime(0).1, (1 << 5) | 1);
    }

    #[test]
    fn writes_a_well_formed_empty_archive() {
        let (bytes, finished) = ZipWriter::new(Vec::new(), 0).finish().unwrap();
        assert_eq!(bytes.len(), 22);
        assert_eq!(finished.size, 22);
        assert_eq!(&bytes[..4], &[0x50, 0x4b, 0x05, 0x06]);
    }

    #[test]
    fn stores_incompressible_data() {
        let mut zip = ZipWriter::new(Vec::new(), 0);
        zip.add_file("a", b"x", false).unwrap();
        zip.add_file("b", &[b'y'; 1000], true).unwrap();
        assert_eq!(zip.entries[0].method, 0);
        assert_eq!(zip.entries[1].method, 8);
        assert_eq!(zip.entries[1].external >> 16, MODE_EXEC);
    }
}
