import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../../server/modules/media/sniff-image';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

/** An ISO-BMFF `ftyp` box: size, 'ftyp', major brand, minor version, compatible brands. */
function ftyp(major: string, compatible: string[] = [], size?: number): Buffer {
  const body = bytes('ftyp', major, [0, 0, 0, 0], ...compatible);
  const box = Buffer.alloc(4);
  box.writeUInt32BE(size ?? body.length + 4);
  return Buffer.concat([box, body, Buffer.alloc(16)]);
}

describe('sniffImageType: judged by magic bytes only', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'jpeg'],
    ['JPEG with EXIF first', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif'), 'jpeg'],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'png'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'webp'],
    ['HEIC (iPhone)', ftyp('heic', ['mif1', 'heic']), 'heif'],
    ['HEIF with a generic major brand', ftyp('mif1', ['heic']), 'heif'],
    ['HEIF with HEIC only among compatible brands', ftyp('xxxx', ['isom', 'heix']), 'heif'],
    ['AVIF', ftyp('avif', ['mif1', 'miaf']), 'heif'],
  ])('%s → %s', (_name, input, type) => {
    expect(sniffImageType(input)).toBe(type);
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a shell script renamed .jpg', bytes('#!/bin/sh\nrm -rf /\n')],
    ['SVG with a script', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['SVG after an XML declaration', bytes('<?xml version="1.0"?><svg onload="alert(1)"/>')],
    ['HTML', bytes('<!doctype html><img src=x onerror=alert(1)>')],
    ['GIF', bytes('GIF89a', [1, 0, 1, 0])],
    ['TIFF', bytes('II*', [0], 'xxxxxxxx')],
    ['PDF', bytes('%PDF-1.7\n')],
    ['an MP4 video', ftyp('isom', ['iso2', 'mp41'])],
    ['a box whose brands lie beyond its stated size', ftyp('isom', ['mp41', 'heic'], 20)],
    ['a two-byte JPEG start only', bytes([0xff, 0xd8])],
    ['RIFF that is not WebP (WAV)', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')],
    ['a PNG signature cut short', bytes([0x89], 'PNG', [0x0d])],
  ])('%s → null', (_name, input) => {
    expect(sniffImageType(input)).toBeNull();
  });
});
