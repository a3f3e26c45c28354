// The Marketplace icon, media/icon.png (128×128): an open book on a blue tile, its lines of text
// underlined in three of the entity colours. Drawn here rather than in an image editor, so anyone can
// change and redraw it: `node scripts/make-icon.mjs` rewrites media/icon.png, and
// test/unit/marketplace-icon.test.ts checks that the committed file holds the pixels drawIcon() draws.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const iconFile = fileURLToPath(new URL('../media/icon.png', import.meta.url));
export const size = 128;
/** The tile's colour, also package.json's galleryBanner colour. */
export const tileColour = '#1f4e79';

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** A point inside a rounded rectangle. */
function inRoundedRect(x, y, left, top, right, bottom, radius) {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** A point inside a convex quadrilateral given clockwise (y down). */
function inQuad(x, y, points) {
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % 4];
    if ((bx - ax) * (y - ay) - (by - ay) * (x - ax) < 0) return false;
  }
  return true;
}

// The pages: the outer edges sit lower than the spine, as a book lying open.
const leftPage = [[16, 36], [61, 42], [61, 102], [16, 96]];
const rightPage = [[67, 42], [112, 36], [112, 96], [67, 102]];
const slope = 6 / 45;

/** Lines of text from x to x, y where a line would meet the page's outer edge: parallel to the page's top. */
const lines = [
  { page: 'left', from: 22, to: 55, y: 50, colour: '#b0bec5' },
  { page: 'left', from: 22, to: 36, y: 60, colour: '#b0bec5' },
  { page: 'left', from: 38, to: 55, y: 60, colour: '#1e88e5' },
  { page: 'left', from: 22, to: 55, y: 70, colour: '#b0bec5' },
  { page: 'left', from: 22, to: 44, y: 80, colour: '#b0bec5' },
  { page: 'right', from: 73, to: 106, y: 50, colour: '#b0bec5' },
  { page: 'right', from: 73, to: 90, y: 60, colour: '#43a047' },
  { page: 'right', from: 92, to: 106, y: 60, colour: '#b0bec5' },
  { page: 'right', from: 73, to: 106, y: 70, colour: '#b0bec5' },
  { page: 'right', from: 73, to: 84, y: 80, colour: '#b0bec5' },
  { page: 'right', from: 86, to: 106, y: 80, colour: '#e53935' },
];

/** The colour at a point, or undefined where the icon is transparent. */
function colourAt(x, y) {
  for (const line of lines) {
    if (x < line.from || x > line.to) continue;
    const lineY = line.page === 'left' ? line.y + (x - 16) * slope : line.y + (112 - x) * slope;
    if (Math.abs(y - lineY) <= 1.6) return line.colour;
  }
  if (inQuad(x, y, leftPage) || inQuad(x, y, rightPage)) return '#ffffff';
  if (inRoundedRect(x, y, 0, 0, size, size, 26)) return tileColour;
  return undefined;
}

/** The icon's pixels, RGBA, row by row; each pixel the mean of 4×4 samples (straight alpha). */
export function drawIcon() {
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
          if (!colour) continue;
          const [cr, cg, cb] = rgb(colour);
          r += cr; g += cg; b += cb; covered++;
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      rgba[at] = Math.round(r / covered);
      rgba[at + 1] = Math.round(g / covered);
      rgba[at + 2] = Math.round(b / covered);
      rgba[at + 3] = Math.round((255 * covered) / (samples * samples));
    }
  }
  return { width: size, height: size, rgba };
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG, every row unfiltered. */
export function encodePng({ width, height, rgba }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter method, no interlace
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(iconFile, encodePng(drawIcon()));
  console.log(iconFile);
}
