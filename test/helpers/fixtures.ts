import fs from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

/** A payload fixture from test/fixtures (one real payload per shape), parsed fresh for each call. */
export function fixture(name: string): IDataObject {
	return JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures', `${name}.json`), 'utf8')) as IDataObject;
}
