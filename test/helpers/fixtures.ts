import fs from 'node:fs';
import path from 'node:path';

/** A payload fixture from test/fixtures, parsed fresh for each call. */
export function fixture(name: string): Record<string, unknown> {
	return JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures', `${name}.json`), 'utf8'));
}
