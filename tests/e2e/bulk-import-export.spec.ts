import { expect, test, type APIRequestContext } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifacts, createSchedule, openLab, openSchedulesPanel } from './lab';

const create = (request: APIRequestContext, name: string, cron: string) =>
  createSchedule(request, { name, notebook: 'reports/hello.ipynb', trigger: { cron, timezone: 'UTC' } });

// Bulk actions on selected schedules, and schedules as code: export downloads GET /export,
// import shows the dry run's plan and then applies it.

test('an analyst pauses, resumes, runs and deletes schedules in bulk, and exports and imports them', async ({ page, request }) => {
  test.setTimeout(300_000); // runs are real nbconvert processes, slow on a loaded machine
  await create(request, 'Bulk alpha', '0 6 * * *');
  await create(request, 'Bulk beta', '0 7 * * *');
  await create(request, 'Bulk gamma', '0 8 * * *');

  await openLab(page, 'bulk-import-export');
  const panel = await openSchedulesPanel(page);
  await panel.getByLabel('Filter schedules').fill('Bulk');
  const cards = panel.locator('.jp-nbschedule-ScheduleCard');
  await expect(cards).toHaveCount(3);

  // Pause two, by their checkboxes.
  await panel.getByLabel('Select Bulk alpha').check();
  await panel.getByLabel('Select Bulk beta').check();
  await expect(panel.locator('.jp-nbschedule-BulkBar')).toContainText('2 selected');
  await panel.getByRole('button', { name: 'Pause the selected schedules' }).click();
  await expect(cards.filter({ hasText: 'Bulk alpha' }).getByRole('switch')).toHaveAttribute('aria-checked', 'false');
  await expect(cards.filter({ hasText: 'Bulk beta' }).getByRole('switch')).toHaveAttribute('aria-checked', 'false');
  await expect(cards.filter({ hasText: 'Bulk gamma' }).getByRole('switch')).toHaveAttribute('aria-checked', 'true');

  // Select all shown, resume them all.
  await panel.getByLabel('Select all shown').check();
  await expect(panel.locator('.jp-nbschedule-BulkBar')).toContainText('3 selected');
  await panel.screenshot({ path: path.join(artifacts, 'sidebar-bulk.png') });
  await panel.getByRole('button', { name: 'Resume the selected schedules' }).click();
  await expect(panel.locator('.jp-nbschedule-ScheduleCard [role="switch"][aria-checked="false"]')).toHaveCount(0);

  // Run one in bulk.
  await panel.getByLabel('Select Bulk gamma').check();
  await panel.getByRole('button', { name: 'Run now the selected schedules' }).click();
  await expect(cards.filter({ hasText: 'Bulk gamma' }).locator('.jp-nbschedule-StatusBadge')).toHaveAttribute(
    'data-status',
    'succeeded',
    { timeout: 90_000 }
  );

  // Export: the document of GET /export, downloaded.
  await panel.getByRole('button', { name: 'Import / export schedules' }).click();
  const downloading = page.waitForEvent('download');
  await page.locator('.lm-Menu-item', { hasText: 'Export Schedules…' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('nbschedule-schedules.json');
  const exported = path.join(artifacts, 'nbschedule-schedules.json');
  await download.saveAs(exported);
  const document = JSON.parse(fs.readFileSync(exported, 'utf8'));
  const names = document.schedules.map((s: { name: string }) => s.name);
  expect(names).toEqual(expect.arrayContaining(['Bulk alpha', 'Bulk beta', 'Bulk gamma']));

  // Import: one new schedule and one changed trigger; the plan first, then applied.
  const alpha = document.schedules.find((s: { name: string }) => s.name === 'Bulk alpha');
  alpha.trigger = { cron: '30 6 * * *', timezone: 'UTC' };
  document.schedules.push({ ...alpha, name: 'Bulk delta' });
  const edited = path.join(artifacts, 'nbschedule-schedules-edited.json');
  fs.writeFileSync(edited, JSON.stringify(document, null, 2));
  await panel.getByRole('button', { name: 'Import / export schedules' }).click();
  const choosing = page.waitForEvent('filechooser');
  await page.locator('.lm-Menu-item', { hasText: 'Import Schedules…' }).click();
  await (await choosing).setFiles(edited);
  const plan = page.locator('.jp-Dialog', { hasText: 'Import schedules' });
  await expect(plan).toContainText('1 to create, 1 to update');
  await expect(plan.locator('li[data-action="update"]')).toContainText('Bulk alpha (trigger)');
  await expect(plan.locator('li[data-action="create"]')).toContainText('Bulk delta');
  await page.screenshot({ path: path.join(artifacts, 'import-plan.png') });
  await plan.getByRole('button', { name: 'Apply 2 changes' }).click();
  await expect(cards).toHaveCount(4);

  // Delete two in bulk, after confirming.
  await panel.getByLabel('Select Bulk delta').check();
  await panel.getByLabel('Select Bulk beta').check();
  await panel.getByRole('button', { name: 'Delete the selected schedules' }).click();
  await page.locator('.jp-Dialog').getByRole('button', { name: 'Delete 2' }).click();
  await expect(cards).toHaveCount(2);
});
