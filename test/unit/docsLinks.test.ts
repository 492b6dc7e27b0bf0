/**
 * The documentation's links hold: every relative link and image in README.md, BENCHMARKS.md,
 * examples/README.md and docs/*.md points at a file that exists, and every `#anchor` (in the same
 * file or another Markdown file) names a heading there, by GitHub's rules for heading ids. External
 * http(s) links are not fetched. And the README stays short enough to read first (at most 20 KB).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const README_LIMIT_BYTES = 20_000;

/** The pages users read, relative to the repository root. */
function documents(): string[] {
	const docs = readdirSync(path.join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.sort()
		.map((name) => `docs/${name}`);
	return ['README.md', 'BENCHMARKS.md', 'examples/README.md', ...docs];
}

/** Fenced code blocks out (their lines kept empty), so `[x](y)` in an example is not a link. */
function withoutFences(markdown: string): string[] {
	let fence: string | undefined;
	return markdown.split('\n').map((line) => {
		const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (fence) {
			if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
			return '';
		}
		if (marker) {
			fence = marker;
			return '';
		}
		return line;
	});
}

/** Inline code spans blanked out (they may span lines, never a blank line); line breaks stay, so line numbers hold. */
function withoutCodeSpans(text: string): string {
	return text.replace(/(`+)((?:(?!\n[ \t]*\n)[^`]|(?!\1)`+)+?)\1(?!`)/g, (span) => span.replace(/[^\n]/g, ' '));
}

/**
 * GitHub's heading id (github-slugger): the heading's text as shown, lowercased, every character
 * that is not a letter, mark, digit, connector (`_`), space or hyphen removed, spaces to hyphens.
 */
export function slugOf(heading: string): string {
	const shown = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images show their text
		.replace(/<[^>]+>/g, ''); // inline HTML tags show nothing
	return shown
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: heading ids (repeats get -1, -2, …) and explicit id/name attributes. */
export function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	const add = (base: string) => {
		let slug = base;
		if (seen.has(base)) {
			let count = seen.get(base) as number;
			do {
				count++;
				slug = `${base}-${count}`;
			} while (seen.has(slug));
			seen.set(base, count);
		}
		seen.set(slug, 0);
		anchors.add(slug);
	};
	const lines = withoutFences(markdown);
	lines.forEach((line, index) => {
		const atx = /^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
		if (atx) return add(slugOf(atx[1] ?? ''));
		// Setext: a line of = or - under a paragraph line (not under a table row or a list item).
		const previous = lines[index - 1] ?? '';
		if (/^\s{0,3}(=+|-+)\s*$/.test(line) && previous.trim() && !/^\s*[|>*+-]/.test(previous) && !/^\s{0,3}#/.test(previous)) {
			add(slugOf(previous));
		}
	});
	for (const match of markdown.matchAll(/<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(match[1]);
	return anchors;
}

export interface Link {
	target: string;
	image: boolean;
	line: number;
}

/** Index of the `[` that opens the link text ending at `close` (the `]` before `(`), or -1. */
function openingBracket(text: string, close: number): number {
	let depth = 0;
	for (let index = close; index >= 0; index--) {
		if (text[index] === ']' && text[index - 1] !== '\\') depth++;
		else if (text[index] === '[' && text[index - 1] !== '\\') {
			depth--;
			if (depth === 0) return index;
		}
	}
	return -1;
}

/** Inline links and images, reference definitions, and HTML href/src, outside code. */
export function linksOf(markdown: string): Link[] {
	const text = withoutCodeSpans(withoutFences(markdown).join('\n'));
	const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
	const links: Link[] = [];
	for (const match of text.matchAll(/\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g)) {
		const close = match.index as number;
		const open = openingBracket(text, close);
		if (open < 0) continue;
		links.push({ target: match[1].replace(/^<|>$/g, ''), image: text[open - 1] === '!', line: lineAt(close) });
	}
	for (const match of text.matchAll(/^\s{0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/gm)) {
		links.push({ target: match[1].replace(/^<|>$/g, ''), image: false, line: lineAt(match.index as number) });
	}
	for (const match of text.matchAll(/<(a|img)\s[^>]*?\b(href|src)\s*=\s*["']([^"']*)["']/gi)) {
		links.push({ target: match[3], image: match[1].toLowerCase() === 'img', line: lineAt(match.index as number) });
	}
	return links;
}

const anchorCache = new Map<string, Set<string>>();

function anchorsOfFile(absolute: string): Set<string> {
	let anchors = anchorCache.get(absolute);
	if (!anchors) {
		anchors = anchorsOf(readFileSync(absolute, 'utf8'));
		anchorCache.set(absolute, anchors);
	}
	return anchors;
}

/**
 * What is wrong with the links of one Markdown text that lives at `file` (relative to the root):
 * one line per problem, empty when every link resolves.
 */
export function linkProblems(file: string, markdown: string): string[] {
	const problems: string[] = [];
	const own = anchorsOf(markdown);
	for (const { target, image, line } of linksOf(markdown)) {
		const where = `${file}:${line} ${image ? 'image' : 'link'} "${target}"`;
		if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
			if (image && !/^https?:/i.test(target)) problems.push(`${where}: images must be files in the repository`);
			continue; // http(s), mailto: not fetched
		}
		if (target === '' || target === '#') {
			problems.push(`${where}: empty link`);
			continue;
		}
		const hash = target.indexOf('#');
		const filePart = decodeURIComponent(hash >= 0 ? target.slice(0, hash) : target);
		const anchor = hash >= 0 ? decodeURIComponent(target.slice(hash + 1)) : undefined;
		let anchors = own;
		if (filePart) {
			const absolute = filePart.startsWith('/') ? path.join(ROOT, filePart) : path.resolve(ROOT, path.dirname(file), filePart);
			if (!absolute.startsWith(ROOT)) {
				problems.push(`${where}: points outside the repository`);
				continue;
			}
			if (!existsSync(absolute)) {
				problems.push(`${where}: ${path.relative(ROOT, absolute)} does not exist`);
				continue;
			}
			const isFile = statSync(absolute).isFile();
			if (image && (!isFile || !/\.(png|jpe?g|gif|svg|webp)$/i.test(absolute))) {
				problems.push(`${where}: not an image file`);
				continue;
			}
			if (anchor === undefined) continue;
			if (!isFile || !absolute.endsWith('.md')) continue; // anchors of other files (#L10 in code) are GitHub's
			anchors = anchorsOfFile(absolute);
		}
		if (anchor !== undefined && !anchors.has(anchor)) {
			problems.push(`${where}: no heading with the id "${anchor}" in ${filePart ? filePart : file}`);
		}
	}
	return problems;
}

describe('documentation links', () => {
	it.each(documents())('%s: every relative link, image and #anchor resolves', (file) => {
		expect(linkProblems(file, readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
	});

	it(`README.md is at most ${README_LIMIT_BYTES} bytes`, () => {
		expect(statSync(path.join(ROOT, 'README.md')).size).toBeLessThanOrEqual(README_LIMIT_BYTES);
	});

	it('makes heading ids as GitHub does', () => {
		expect(slugOf('Two commands: `npm run dev` and `npm test`')).toBe('two-commands-npm-run-dev-and-npm-test');
		expect(slugOf('Node versions: Node 20 for the package, Node 24 for n8n 2.x')).toBe(
			'node-versions-node-20-for-the-package-node-24-for-n8n-2x',
		);
		expect(slugOf('Filter, send interval, grouping')).toBe('filter-send-interval-grouping');
		expect(slugOf('Dry-run preview')).toBe('dry-run-preview');
		expect(slugOf('What `snake_case` keeps')).toBe('what-snake_case-keeps');
		expect(slugOf('告警 (Alerts) 🔥')).toBe('告警-alerts-');
		expect(slugOf('See [the docs](docs/a.md)')).toBe('see-the-docs');
		expect([...anchorsOf('# Options\n\n## Options\n\n### Options\n\n```\n# not a heading\n```\n')]).toEqual([
			'options',
			'options-1',
			'options-2',
		]);
	});

	it('finds a missing file, a missing anchor, a missing image, and ignores code and external links', () => {
		const page = [
			'# Page',
			'[ok](#page) [ok](../README.md#providers) [ok](screenshots/credential-ok.png)',
			'[gone](missing.md) [gone](#nowhere) [gone](../README.md#nowhere) ![gone](screenshots/missing.png)',
			'`[code](missing.md)` [web](https://example.com/#x)',
			'```',
			'[fenced](missing.md)',
			'```',
		].join('\n');
		expect(linkProblems('docs/page.md', page)).toEqual([
			'docs/page.md:3 link "missing.md": docs/missing.md does not exist',
			'docs/page.md:3 link "#nowhere": no heading with the id "nowhere" in docs/page.md',
			'docs/page.md:3 link "../README.md#nowhere": no heading with the id "nowhere" in ../README.md',
			'docs/page.md:3 image "screenshots/missing.png": docs/screenshots/missing.png does not exist',
		]);
	});
});
