/** The photo formats an upload may be in, told apart by their first bytes. */
export type ImageType = 'jpeg' | 'png' | 'webp' | 'heif';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * ISO-BMFF brands of the HEIF family: HEIC (iPhone photos, HEVC-coded), generic HEIF image and
 * sequence brands, and AVIF (also HEIF, AV1-coded).
 */
const HEIF_BRANDS = new Set('heic heix heim heis hevc hevx hevm hevs mif1 msf1 avif avis'.split(' '));

const ascii = (bytes: Buffer, start: number, end: number) => bytes.toString('latin1', start, end);

/**
 * What kind of image `bytes` hold, judged by magic bytes alone — never by the file name or the
 * declared content type, which the sender chooses. Anything else (SVG, HTML, scripts, GIF, TIFF,
 * a text file renamed `.jpg`) is `null`.
 */
export function sniffImageType(bytes: Buffer): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (isHeif(bytes)) return 'heif';
  return null;
}

/** An ISO-BMFF file opening with an `ftyp` box whose major or a compatible brand is HEIF's. */
function isHeif(bytes: Buffer): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false;
  const boxSize = bytes.readUInt32BE(0);
  if (boxSize < 16 || boxSize % 4 !== 0) return false;
  if (HEIF_BRANDS.has(ascii(bytes, 8, 12))) return true;
  // Bytes 12..16 are the minor version; compatible brands follow, four bytes each.
  const end = Math.min(boxSize, bytes.length);
  for (let at = 16; at + 4 <= end; at += 4) {
    if (HEIF_BRANDS.has(ascii(bytes, at, at + 4))) return true;
  }
  return false;
}
