// The editor UI of a real n8n (Debian's chromium driven by playwright-core): sign in, the
// credential's automatic test passes and the dialog explains Security and Port 0, a wrong
// authorization code shows the hint (these on n8n 2.x and 1.x, E2E_N8N=1); on 2.x also: the example
// workflow runs on the canvas with the package's icon and the node panel opens; Manual mapping
// behind a Webhook shows empty fields with examples (no "undefined") and still sends what the
// Webhook received; a dry run's output holds the rendered email; the mailbox page shows the email.
// The selectors of each editor are in helpers/selectors.ts.
// Screenshots: test-results/screenshots/, or docs/screenshots/ with UPDATE_SCREENSHOTS=1 (2.x only).
import fs from 'node:fs';
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { REPO_DIR } from '../../scripts/lib/community-install.cjs';
import { ensureMailboxCredential } from '../../scripts/lib/stack.cjs';
import type { Stack } from '../../scripts/lib/stack.cjs';
import { dismissToasts, openBrowser, screenshot, signIn } from './helpers/browser';
import type { BrowserSession } from './helpers/browser';
import { postToWebhook, startE2eStack } from './helpers/e2eStack';
import { N8N_LABEL, describe2x } from './helpers/n8nLine';
import { ALERT_NODE, MANUAL_FIELDS, dryRunWorkflow, firstAlert, manualMappingWebhookWorkflow, webhookItem } from './helpers/firstUse';
import { sel } from './helpers/selectors';

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
const credentialDialog = () => page.locator(sel.credential.dialog);
const canvasNode = (name: string) => page.locator(sel.canvas.node(name));
const nodePanel = () => page.locator(sel.ndv.panel);

/** Opens a workflow on the canvas and waits until the Alert Email node shows its (loaded) icon. */
async function openWorkflow(id: string): Promise<Locator> {
	await page.goto(`${stack.n8n.url}/workflow/${id}`);
	const alertNode = canvasNode(ALERT_NODE);
	const icon = alertNode.locator(sel.canvas.nodeIcon).first();
	await icon.waitFor();
	await page.waitForFunction((img) => (img as unknown as { complete: boolean }).complete, await icon.elementHandle());
	return alertNode;
}

describe(`${N8N_LABEL} editor with the community package`, () => {
	it('signs in and lists the example workflows', async () => {
		await signIn(page, stack.n8n.url, stack.owner);
		await page.goto(`${stack.n8n.url}/home/workflows`);
		for (const workflow of stack.workflows!) {
			await page.getByText(workflow.name, { exact: true }).first().waitFor();
		}
		await screenshot(page, 'workflows');
	});

	it('opens the credential: its automatic test says "Connection tested successfully"; Security and Port 0 are explained', async () => {
		await page.goto(`${stack.n8n.url}/home/credentials/${stack.credential!.id}`);
		await credentialDialog().waitFor();
		await credentialDialog().getByText('Connection tested successfully').waitFor();
		await expectVisible(credentialDialog().locator(`${sel.credential.parameter('host')} input`));

		// The local mailbox is a Custom SMTP Server with Security None: the note under Security says
		// what Port 0 would use, the Port label says what 0 means, and there is no certificate switch.
		await expectVisible(
			credentialDialog().getByText(
				'Use the security your mail administrator names. Port 0 uses the usual port: SSL/TLS on port 465, STARTTLS on port 587 or None on port 25.',
			),
		);
		await expectVisible(credentialDialog().getByText("Port (0 = the Provider's Port for This Security)", { exact: true }));
		expect(await credentialDialog().getByText('Authorization Code or Password', { exact: true }).count()).toBe(1);
		expect(await credentialDialog().locator(sel.credential.parameter('allowUnauthorizedCerts')).count()).toBe(0);
		expect(
			await credentialDialog()
				.getByText(/Ignore TLS Certificate Errors/)
				.count(),
		).toBe(0);

		// Port and its note in view, the test result still at the top, its Retry button settled (it
		// shows a spinner while a test runs).
		await credentialDialog()
			.locator(sel.credential.parameter('port'))
			.evaluate((el) => el.scrollIntoView({ block: 'end' }));
		await expectVisible(credentialDialog().getByText('Connection tested successfully'));
		await expectVisible(credentialDialog().getByRole('button', { name: 'Retry', exact: true }));
		await screenshot(page, 'credential-ok');
	});

	it('shows the authorization-code hint once the code is wrong', async () => {
		const code = credentialDialog().locator(`${sel.credential.parameter('password')} input`);
		await code.fill('my-mailbox-login-password');
		await code.press('Tab');
		await page.locator(sel.credential.saveButton).click();

		await credentialDialog()
			.getByText(/Couldn.t connect with these settings/)
			.waitFor();
		const moreDetails = credentialDialog().getByText('More details');
		if (await moreDetails.isVisible()) await moreDetails.click();
		const hint = credentialDialog()
			.getByText(/authorization code/i)
			.first();
		await hint.waitFor();
		expect(await hint.innerText()).toMatch(/535/);
		await screenshot(page, 'credential-wrong-code');

		// Saved for real: the stored credential now fails over REST too. Then put the right code back.
		await expect(stack.rest.testCredential(stack.credential!.id)).resolves.toMatchObject({ status: 'Error' });
		await ensureMailboxCredential(stack.rest, stack.mailbox);
		await expect(stack.rest.testCredential(stack.credential!.id)).resolves.toMatchObject({ status: 'OK' });
	});
});

describe2x('n8n 2.x editor: canvas, node panel, dry run and the mailbox page', () => {
	it('runs the daily report example from the canvas and opens the Alert Email panel', async () => {
		const daily = example('daily-report-schedule.json');
		const alertNode = await openWorkflow(daily.id);

		// The canvas shows the package's current icon (envelope and bell): the file n8n serves is the repository's.
		const iconPath = await alertNode.locator(sel.canvas.nodeIcon).first().getAttribute('src');
		expect(iconPath).toMatch(/\/icons\/n8n-nodes-alert-email\/dist\/nodes\/AlertEmail\/alertEmail\.svg$/);
		const served = await page.request.get(new URL(iconPath!, stack.n8n.url).toString());
		expect(served.status()).toBe(200);
		expect(await served.text()).toBe(fs.readFileSync(path.join(REPO_DIR, 'nodes', 'AlertEmail', 'alertEmail.svg'), 'utf8'));
		await screenshot(page, 'workflow-canvas');

		const before = stack.mailbox.messages().length;
		// The button starts from the workflow's default trigger (here the schedule trigger); the
		// REST suite runs the manual one.
		await page.locator(sel.canvas.executeWorkflow).first().click();
		await alertNode.locator(sel.canvas.nodeSuccess).waitFor();
		await stack.mailbox.waitForMessages((all) => all.length > before);
		await screenshot(page, 'workflow-executed');

		await alertNode.dblclick();
		await nodePanel().waitFor();
		await expectVisible(nodePanel().getByText('Sent').first());
		await dismissToasts(page);
		await screenshot(page, 'node-panel');
	});

	it('Manual mapping behind a Webhook: the five fields are empty with examples, no "undefined"; a step run sends what the Webhook received', async () => {
		const workflow = await stack.rest.createWorkflow(
			manualMappingWebhookWorkflow(stack.credential!, {
				name: 'First use: Manual mapping behind a Webhook',
				path: 'first-use-manual',
				toEmail: 'first-use@example.com',
				sample: webhookItem(firstAlert),
			}),
		);
		const alertNode = await openWorkflow(workflow.id);
		await alertNode.dblclick();
		const panel = nodePanel();
		await panel.waitFor();

		const placeholders = {
			eventType: 'e.g. {{ $json.body.event }} → backup.failed',
			severity: 'e.g. {{ $json.body.level }} → critical',
			title: 'e.g. Nightly backup failed on {{ $json.body.host }}',
			message: 'e.g. {{ $json.body.error }} → disk full on /var',
			source: 'e.g. {{ $json.body.host }} → db-1',
		};
		for (const field of MANUAL_FIELDS) {
			const input = panel.locator(sel.ndv.parameter(field)).locator(sel.ndv.parameterField).first();
			await expectVisible(input);
			expect({ field, value: await input.inputValue(), placeholder: await input.getAttribute('placeholder') }).toEqual({
				field,
				value: '',
				placeholder: placeholders[field],
			});
		}
		expect(await panel.getByText('undefined').count()).toBe(0);

		// Execute step with the pinned Webhook item: the email goes out with the body's alert.
		const before = stack.mailbox.messages().length;
		await panel.locator(sel.ndv.executeStep).first().click();
		const output = panel.locator(sel.ndv.outputPanel);
		await output.getByText('Sent Branch (1 item)').waitFor();
		await output.locator(sel.ndv.displayModeButton('schema')).click();
		await expectVisible(output.getByText(firstAlert.title).first());
		await expectVisible(output.getByText(firstAlert.source).first());
		const mails = (await stack.mailbox.waitForMessages((all) => all.length > before)).slice(before);
		expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining(firstAlert.title)]);
		expect(mails[0].envelope.to).toEqual(['first-use@example.com']);
		expect(await panel.getByText('undefined').count()).toBe(0);
		await dismissToasts(page);
		await screenshot(page, 'node-manual-mapping');
	});

	it('a dry run in the editor: the output holds the rendered email as an HTML file, which shows the email', async () => {
		const workflow = await stack.rest.createWorkflow(dryRunWorkflow(stack.credential!, { name: 'First use: dry run', alert: firstAlert }));
		const alertNode = await openWorkflow(workflow.id);
		const before = stack.mailbox.messages().length;
		await page.locator(sel.canvas.executeWorkflow).first().click();
		await alertNode.locator(sel.canvas.nodeSuccess).waitFor();
		await alertNode.dblclick();
		const output = nodePanel().locator(sel.ndv.outputPanel);
		await output.waitFor();

		// The Binary tab (n8n opens it by itself when the output has files) lists the email file.
		const binaryTab = output.locator(sel.ndv.displayModeButton('binary'));
		if ((await binaryTab.getAttribute('aria-checked')) !== 'true') await binaryTab.click();
		const file = output.locator(sel.ndv.binaryItem(0));
		await expectVisible(file.getByText('alert-email-preview-1.html'));
		await expectVisible(file.getByText('text/html'));
		await dismissToasts(page);
		await screenshot(page, 'dry-run-output');

		const view = file.locator(sel.ndv.viewBinary);
		if ((await view.count()) > 0) {
			// An n8n that lets the panel view text/html shows the email right there.
			await view.click();
			const window = nodePanel().locator(sel.ndv.binaryWindow);
			await expectVisible(window.frameLocator('iframe').first().getByText(firstAlert.title).first());
			await screenshot(page, 'dry-run-preview');
		} else {
			// n8n 2.41 offers View only for its ViewableMimeTypes (no text/html; its server answers
			// "Content not viewable"), so the panel's Download is the way to the email: save it and
			// open it in the browser, as a user would.
			const [download] = await Promise.all([page.waitForEvent('download'), file.locator(sel.ndv.downloadBinary).click()]);
			expect(download.suggestedFilename()).toBe('alert-email-preview-1.html');
			const html = fs.readFileSync(await download.path(), 'utf8');
			const emailPage = await session.context.newPage();
			try {
				await emailPage.setViewportSize({ width: 1000, height: 420 });
				await emailPage.setContent(html);
				await expectVisible(emailPage.getByText(firstAlert.title).first());
				await expectVisible(emailPage.getByText(firstAlert.message).first());
				await screenshot(emailPage, 'dry-run-preview');
			} finally {
				await emailPage.close();
			}
		}
		expect(stack.mailbox.messages()).toHaveLength(before); // a dry run sends nothing
	});

	it('the local mailbox page lists the emails and shows one', async () => {
		const alert = {
			event: 'backup.failed',
			severity: 'error',
			title: 'Nightly backup failed',
			message: 'pg_dump: no space left on device',
			source: 'db-1',
		};
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
});

describe(`${N8N_LABEL} editor, after all of the above`, () => {
	it('never tried to reach a host other than this machine', () => {
		expect(session.offMachineRequests).toEqual([]);
	});
});

async function expectVisible(locator: Locator): Promise<void> {
	await locator.waitFor({ state: 'visible' });
	expect(await locator.isVisible()).toBe(true);
}
