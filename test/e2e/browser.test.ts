// The editor UI of a real n8n (Debian's chromium driven by playwright-core): sign in, the
// credential's automatic test passes, a wrong authorization code shows the hint, the example
// workflow runs on the canvas and the node panel opens; the mailbox page shows the email.
// Screenshots: test-results/screenshots/, or docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import type { Page } from 'playwright-core';

import { ensureMailboxCredential } from '../../scripts/lib/stack.cjs';
import type { Stack } from '../../scripts/lib/stack.cjs';
import { openBrowser, screenshot, signIn } from './helpers/browser';
import type { BrowserSession } from './helpers/browser';
import { postToWebhook, startE2eStack } from './helpers/e2eStack';

jest.setTimeout(15 * 60 * 1000); // the first run installs n8n into the cache

let stack: Stack;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
	stack = await startE2eStack('browser', { bootstrap: true });
	session = await openBrowser();
	page = session.page;
});

afterAll(async () => {
	await session?.close();
	await stack?.stop();
});

const example = (file: string) => stack.workflows!.find((w) => w.file === file)!;
const credentialDialog = () => page.locator('[data-test-id="credential-edit-dialog"]');

describe('n8n editor with the community package', () => {
	it('signs in and lists the example workflows', async () => {
		await signIn(page, stack.n8n.url, stack.owner);
		await page.goto(`${stack.n8n.url}/home/workflows`);
		for (const workflow of stack.workflows!) {
			await page.getByText(workflow.name, { exact: true }).first().waitFor();
		}
		await screenshot(page, 'workflows');
	});

	it('opens the credential and its automatic test says "Connection tested successfully"', async () => {
		await page.goto(`${stack.n8n.url}/home/credentials/${stack.credential!.id}`);
		await credentialDialog().waitFor();
		await credentialDialog().getByText('Connection tested successfully').waitFor();
		await expectVisible(credentialDialog().locator('[data-test-id="parameter-input-host"] input'));
		await screenshot(page, 'credential-ok');
	});

	it('shows the authorization-code hint once the code is wrong', async () => {
		const code = credentialDialog().locator('[data-test-id="parameter-input-password"] input');
		await code.fill('my-mailbox-login-password');
		await code.press('Tab');
		await page.locator('[data-test-id="credential-save-button"]').click();

		await credentialDialog().getByText(/Couldn.t connect with these settings/).waitFor();
		const moreDetails = credentialDialog().getByText('More details');
		if (await moreDetails.isVisible()) await moreDetails.click();
		const hint = credentialDialog().getByText(/authorization code/i).first();
		await hint.waitFor();
		expect(await hint.innerText()).toMatch(/535/);
		await screenshot(page, 'credential-wrong-code');

		// Saved for real: the stored credential now fails over REST too. Then put the right code back.
		await expect(stack.rest.testCredential(stack.credential!.id)).resolves.toMatchObject({ status: 'Error' });
		await ensureMailboxCredential(stack.rest, stack.mailbox);
		await expect(stack.rest.testCredential(stack.credential!.id)).resolves.toMatchObject({ status: 'OK' });
	});

	it('runs the daily report example from the canvas and opens the Alert Email panel', async () => {
		const daily = example('daily-report-schedule.json');
		await page.goto(`${stack.n8n.url}/workflow/${daily.id}`);
		const alertNode = page.locator('[data-test-id="canvas-node"][data-node-name="Alert Email"]');
		await alertNode.waitFor();
		await screenshot(page, 'workflow-canvas');

		const before = stack.mailbox.messages().length;
		// The button starts from the workflow's default trigger (here the schedule trigger); the
		// REST suite runs the manual one.
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		await alertNode.locator('[data-test-id="canvas-node-status-success"]').waitFor();
		await stack.mailbox.waitForMessages((all) => all.length > before);
		await screenshot(page, 'workflow-executed');

		await alertNode.dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor();
		await expectVisible(panel.getByText('Sent').first());
		await screenshot(page, 'node-panel');
	});

	it('the local mailbox page lists the emails and shows one', async () => {
		const alert = { event: 'backup.failed', severity: 'error', title: 'Nightly backup failed', message: 'pg_dump: no space left on device', source: 'db-1' };
		const res = await postToWebhook(stack, 'alert-email', alert);
		expect(res.status).toBe(200);
		const [mail] = (await stack.mailbox.waitForMessages((all) => all.some((m) => m.subject.includes(alert.title)))).filter((m) =>
			m.subject.includes(alert.title),
		);

		await page.goto(stack.mailbox.webUrl);
		await page.getByRole('link', { name: mail.subject }).click();
		await page.getByRole('heading', { name: mail.subject }).waitFor();
		await screenshot(page, 'mailbox-message');
	});

	it('the editor never tried to reach a host other than this machine', () => {
		expect(session.offMachineRequests).toEqual([]);
	});
});

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
	await locator.waitFor({ state: 'visible' });
	expect(await locator.isVisible()).toBe(true);
}
