import fs from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { REPO_DIR } from '../../../scripts/lib/community-install.cjs';
import { IS_N8N_1 } from './n8nLine';
import { sel } from './selectors';

// Debian's chromium package, never a browser that playwright downloads.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Screenshots go to test-results/ on every run; UPDATE_SCREENSHOTS=1 writes the README's copies,
// which show n8n 2.x: a run on n8n 1.x keeps its own in test-results/screenshots/n8n-1/.
export const SCREENSHOT_DIR = IS_N8N_1
	? path.join(REPO_DIR, 'test-results', 'screenshots', 'n8n-1')
	: process.env.UPDATE_SCREENSHOTS === '1'
		? path.join(REPO_DIR, 'docs', 'screenshots')
		: path.join(REPO_DIR, 'test-results', 'screenshots');

export interface BrowserSession {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** URLs the pages tried to load from anywhere but this machine (all were blocked). */
	offMachineRequests: string[];
	close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium (.ci/e2e does this)`);
	}
	// launch() gives chromium a fresh, temporary profile of its own.
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
	context.setDefaultTimeout(60000);
	// Nothing leaves the machine: requests to any other host are refused and remembered.
	const offMachineRequests: string[] = [];
	await context.route(
		(url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
		(route) => {
			offMachineRequests.push(route.request().url());
			return route.abort('blockedbyclient');
		},
	);
	const page = await context.newPage();
	return {
		browser,
		context,
		page,
		offMachineRequests,
		async close() {
			await browser.close();
		},
	};
}

export async function signIn(page: Page, baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator(sel.signIn.email).fill(owner.email);
	await page.locator(sel.signIn.password).fill(owner.password);
	await page.locator(sel.signIn.button, { hasText: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

export async function screenshot(page: Page, name: string): Promise<string> {
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = path.join(SCREENSHOT_DIR, `${name}.png`);
	// Transitions finished (a panel half slid in would show), infinite ones at their start.
	await page.screenshot({ path: file, animations: 'disabled' });
	return file;
}

/** Closes the editor's toasts ("Node executed successfully"), which cover the corner of a screenshot. */
export async function dismissToasts(page: Page): Promise<void> {
	const close = page.locator(sel.toastClose);
	for (let i = (await close.count()) - 1; i >= 0; i--) {
		await close
			.nth(i)
			.click({ timeout: 2000 })
			.catch(() => undefined); // already gone
	}
	await close
		.first()
		.waitFor({ state: 'detached', timeout: 5000 })
		.catch(() => undefined);
}
