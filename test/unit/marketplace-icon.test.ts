// The Marketplace icon: package.json names a 128×128 PNG that holds the pixels scripts/make-icon.mjs
// draws (compared decoded: zlib builds may compress the same pixels differently), and the gallery
// banner has the icon's tile colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { drawIcon, encodePng, tileColour } from '../../scripts/make-icon.mjs';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { icon?: string; galleryBanner?: { color?: string; theme?: string } };

interface Png { width: number; height: number; bitDepth: number; colourType: number; interlace: number; pixels: Buffer }

/** The header and the unfiltered pixel rows of a PNG whose rows all use filter 0 (what encodePng writes). */
function decodePng(png: Buffer): Png {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
  let at = 8;
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  assert.ok(header, 'an IHDR chunk');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  assert.equal(raw.length, height * stride, 'one filter byte and width × 4 bytes a row');
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * stride], 0, `row ${y} unfiltered`);
    raw.copy(pixels, y * width * 4, y * stride + 1, (y + 1) * stride);
  }
  return { width, height, bitDepth: header[8], colourType: header[9], interlace: header[12], pixels };
}

test('package.json names a 128×128 RGBA PNG icon, the one scripts/make-icon.mjs draws', () => {
  assert.ok(manifest.icon, 'package.json has an icon');
  const png = decodePng(readFileSync(new URL(manifest.icon, root)));
  assert.deepEqual([png.width, png.height, png.bitDepth, png.colourType, png.interlace], [128, 128, 8, 6, 0]);
  const drawn = drawIcon();
  assert.ok(png.pixels.equals(drawn.rgba), 'the committed icon is what `node scripts/make-icon.mjs` draws');
});

test('the encoder writes a PNG that decodes to the pixels it was given', () => {
  const drawn = drawIcon();
  assert.ok(decodePng(encodePng(drawn)).pixels.equals(drawn.rgba), 'round trip');
  // Not a blank tile: transparent corners, the tile colour, white pages.
  const pixel = (x: number, y: number) => [...drawn.rgba.subarray((y * 128 + x) * 4, (y * 128 + x) * 4 + 4)];
  assert.deepEqual(pixel(0, 0), [0, 0, 0, 0]);
  assert.deepEqual(pixel(64, 10), [0x1f, 0x4e, 0x79, 255]);
  assert.deepEqual(pixel(30, 90), [255, 255, 255, 255]);
});

test('the gallery banner is the icon tile colour, with light text', () => {
  assert.deepEqual(manifest.galleryBanner, { color: tileColour, theme: 'dark' });
});
