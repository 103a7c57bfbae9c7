import { expect, test, type Page } from '@playwright/test';
import * as path from 'node:path';
import { artifacts, openLab, openSchedulesPanel, showFileBrowser } from './lab';

async function scheduleFromFileBrowser(page: Page): Promise<void> {
  await showFileBrowser(page);
  const folder = page.locator('.jp-DirListing-item[title^="Name: reports"]');
  await folder.dblclick();
  const notebook = page.locator('.jp-DirListing-item[data-file-type="notebook"]', { hasText: 'hello.ipynb' });
  await notebook.click({ button: 'right' });
  await page.locator('.lm-Menu-item', { hasText: 'Schedule this notebook…' }).click();
}

test('an analyst schedules a notebook from the file browser, runs it now and opens its output', async ({ page }) => {
  await openLab(page, 'schedule-notebook');
  await scheduleFromFileBrowser(page);

  const dialog = page.locator('.jp-nbschedule-ScheduleDialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Notebook')).toHaveValue('reports/hello.ipynb');
  await dialog.getByLabel('Name').fill('Hello report');
  await dialog.getByRole('button', { name: 'Every hour' }).click();

  // The preview comes from the sidecar: a description and the next five fire times.
  const preview = dialog.locator('.jp-nbschedule-Preview');
  await expect(preview).toContainText(/hour/i);
  await expect(preview.locator('li')).toHaveCount(5);

  // An invalid custom cron is named inline, under its field, and nothing is saved.
  await dialog.getByRole('button', { name: 'Custom cron' }).click();
  await dialog.getByLabel('Cron').fill('61 * * * *');
  await expect(dialog.locator('.jp-nbschedule-FieldError[data-field="trigger.cron"]')).toBeVisible();
  await dialog.getByLabel('Cron').fill('0 * * * *');
  await expect(dialog.locator('.jp-nbschedule-FieldError[data-field="trigger.cron"]')).toHaveCount(0);
  await expect(preview.locator('li')).toHaveCount(5);

  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(dialog).toHaveCount(0);

  const panel = await openSchedulesPanel(page);
  const card = panel.locator('.jp-nbschedule-ScheduleCard', { hasText: 'Hello report' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('reports/hello.ipynb');

  await card.getByRole('button', { name: 'Run now' }).click();
  await expect(card.locator('.jp-nbschedule-StatusBadge')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });

  await panel.screenshot({ path: path.join(artifacts, 'sidebar.png') });

  await card.locator('.jp-nbschedule-ScheduleCard-name').click();
  const run = card.locator('.jp-nbschedule-RunRow[data-status="succeeded"]').first();
  await expect(run).toBeVisible();
  await run.getByRole('button', { name: 'Open output' }).click();

  const frame = page.frameLocator('.jp-MainAreaWidget iframe').last();
  await expect(frame.locator('body')).toContainText('hello from nbschedule: 42');
  await page.screenshot({ path: path.join(artifacts, 'output.png') });
});
