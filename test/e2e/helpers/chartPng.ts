// A small but real chart PNG, made by the Code node of the attachments e2e (and by the test itself,
// from the same source, to know which bytes to expect). Plain JavaScript in a string: it runs in
// n8n's task runner, where `require('zlib')` is not allowed by default, so the PNG is written by
// hand: an indexed-colour image (one byte per pixel), its scanlines in stored (uncompressed)
// deflate blocks, CRC-32 and Adler-32 computed here. About 120 KB.

/** CPU usage of web-1 in the last two hours, one value per 5 minutes (percent). */
export const CPU_VALUES = [38, 41, 37, 44, 52, 49, 55, 61, 58, 66, 72, 79, 84, 91, 96, 98, 97, 95, 93, 88, 81, 74, 69, 63];

export const CHART_WIDTH = 552;
export const CHART_HEIGHT = 220;

/** Defines `chartPng(values)`, which returns the PNG as a Buffer. Needs only `Buffer`. */
export const CHART_PNG_SOURCE = String.raw`
function chartPng(values) {
	const W = ${CHART_WIDTH}, H = ${CHART_HEIGHT};
	// white, grid, axis and labels, normal bar, warning bar, critical bar and the 90% line
	const palette = [[255, 255, 255], [229, 231, 235], [107, 114, 128], [37, 99, 235], [245, 158, 11], [220, 38, 38]];
	const px = new Uint8Array(W * H);
	const rect = (x0, y0, x1, y1, c) => {
		for (let y = Math.max(0, y0); y < Math.min(H, y1); y++) for (let x = Math.max(0, x0); x < Math.min(W, x1); x++) px[y * W + x] = c;
	};
	// 3×5 digits and a 5×5 %, drawn at twice their size.
	const glyphs = {
		0: ['111', '101', '101', '101', '111'], 1: ['010', '110', '010', '010', '111'], 2: ['111', '001', '111', '100', '111'],
		5: ['111', '100', '111', '001', '111'], 7: ['111', '001', '001', '001', '001'], 9: ['111', '101', '111', '001', '111'],
		'%': ['11001', '11010', '00100', '01011', '10011'],
	};
	const text = (s, xRight, yTop, c) => {
		let x = xRight - [...s].reduce((w, ch) => w + glyphs[ch][0].length * 2 + 2, 0) + 2;
		for (const ch of s) {
			glyphs[ch].forEach((row, gy) => [...row].forEach((bit, gx) => bit === '1' && rect(x + gx * 2, yTop + gy * 2, x + gx * 2 + 2, yTop + gy * 2 + 2, c)));
			x += glyphs[ch][0].length * 2 + 2;
		}
	};
	const left = 52, right = W - 10, top = 12, bottom = H - 14;
	const yOf = (percent) => Math.round(bottom - ((bottom - top) * percent) / 100);
	for (const p of [0, 25, 50, 75, 100]) {
		rect(left, yOf(p), right, yOf(p) + 1, p === 0 ? 2 : 1);
		text(p + '%', left - 8, yOf(p) - 5, 2);
	}
	rect(left - 1, top, left + 1, bottom + 1, 2);
	const slot = (right - left) / values.length;
	values.forEach((v, i) => {
		const x0 = Math.round(left + i * slot + slot * 0.18), x1 = Math.round(left + (i + 1) * slot - slot * 0.18);
		rect(x0, yOf(v), x1, yOf(0), v >= 90 ? 5 : v >= 75 ? 4 : 3);
	});
	for (let x = left + 2; x < right; x += 10) rect(x, yOf(90), x + 6, yOf(90) + 2, 5);

	// Scanlines: filter byte 0, then the row.
	const raw = new Uint8Array(H * (W + 1));
	for (let y = 0; y < H; y++) raw.set(px.subarray(y * W, (y + 1) * W), y * (W + 1) + 1);
	// zlib stream of stored deflate blocks (at most 65535 bytes each), then Adler-32.
	const parts = [Buffer.from([0x78, 0x01])];
	for (let at = 0; at < raw.length; at += 65535) {
		const len = Math.min(65535, raw.length - at);
		const head = Buffer.alloc(5);
		head[0] = at + len >= raw.length ? 1 : 0;
		head.writeUInt16LE(len, 1);
		head.writeUInt16LE(0xffff ^ len, 3);
		parts.push(head, Buffer.from(raw.subarray(at, at + len)));
	}
	let a = 1, b = 0;
	for (const byte of raw) { a = (a + byte) % 65521; b = (b + a) % 65521; }
	const adler = Buffer.alloc(4);
	adler.writeUInt32BE(((b << 16) | a) >>> 0);
	parts.push(adler);

	const crcTable = [];
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crcTable.push(c >>> 0);
	}
	const chunk = (type, data) => {
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		let c = 0xffffffff;
		for (const byte of body) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
		const out = Buffer.alloc(body.length + 8);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE((c ^ 0xffffffff) >>> 0, body.length + 4);
		return out;
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(W, 0);
	ihdr.writeUInt32BE(H, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 3; // indexed colour
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('PLTE', Buffer.from(palette.flat())),
		chunk('IDAT', Buffer.concat(parts)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
`;

/** The same PNG as the Code node makes, made here. */
export function chartPng(values: readonly number[] = CPU_VALUES): Buffer {
	return new Function('Buffer', `${CHART_PNG_SOURCE}\nreturn chartPng(arguments[1]);`)(Buffer, values) as Buffer;
}

/** Chunk types of a PNG, after checking its signature and every chunk's CRC. */
export function pngChunks(png: Buffer): Array<{ type: string; data: Buffer }> {
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	if (!png.subarray(0, 8).equals(signature)) throw new Error('not a PNG: wrong signature');
	const chunks: Array<{ type: string; data: Buffer }> = [];
	for (let at = 8; at < png.length;) {
		const length = png.readUInt32BE(at);
		const type = png.toString('ascii', at + 4, at + 8);
		const data = png.subarray(at + 8, at + 8 + length);
		const crc = png.readUInt32BE(at + 8 + length);
		const expected = crc32(png.subarray(at + 4, at + 8 + length));
		if (crc !== expected) throw new Error(`PNG chunk ${type}: CRC ${crc.toString(16)}, expected ${expected.toString(16)}`);
		chunks.push({ type, data });
		at += 12 + length;
	}
	return chunks;
}

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const byte of bytes) {
		c ^= byte;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	}
	return (c ^ 0xffffffff) >>> 0;
}

/**
 * A Code node's JavaScript that adds the chart to every item as n8n binary data `chart` (and a text
 * file as `log`, when given), through n8n's own binary helper, as a user's Code node makes them.
 */
export function chartCodeNodeSource(chartName: string, textFile?: { name: string; text: string }): string {
	const addLog = textFile
		? `binary.log = await this.helpers.prepareBinaryData(Buffer.from(${JSON.stringify(textFile.text)}, 'utf8'), ${JSON.stringify(textFile.name)}, 'text/plain');`
		: '';
	return `${CHART_PNG_SOURCE}
const values = ${JSON.stringify(CPU_VALUES)};
const out = [];
for (const item of $input.all()) {
	const binary = { chart: await this.helpers.prepareBinaryData(chartPng(values), ${JSON.stringify(chartName)}, 'image/png') };
	${addLog}
	out.push({ json: item.json, binary });
}
return out;
`;
}
