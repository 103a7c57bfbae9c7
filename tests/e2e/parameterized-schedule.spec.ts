import { expect, test } from '@playwright/test';
import * as path from 'node:path';
import { artifacts, openLab, openSchedulesPanel, showFileBrowser } from './lab';

// A parameterized schedule, end to end: created from the file browser's context menu with
// the notebook's own parameters, run now with an override, watched through its progress bar,
// its HTML output and log opened, its executed notebook copied into the workspace.

test('a parameterized schedule runs with an override, shows progress, output, log and a workspace copy', async ({ page }) => {
  test.setTimeout(300_000); // runs are real nbconvert processes, slow on a loaded machine
  await openLab(page, 'parameterized-schedule');
  await showFileBrowser(page);
  await page.locator('.jp-DirListing-item[title^="Name: reports"]').dblclick();
  await page.locator('.jp-DirListing-item[data-file-type="notebook"]', { hasText: 'params.ipynb' }).click({ button: 'right' });
  await page.locator('.lm-Menu-item', { hasText: 'Schedule this notebook…' }).click();

  const dialog = page.locator('.jp-nbschedule-ScheduleDialog');
  await expect(dialog.getByLabel('Notebook')).toHaveValue('reports/params.ipynb');
  // The parameters come from the notebook's cell tagged "parameters", with their types.
  const region = dialog.locator('tr[data-parameter="region"]');
  await expect(region).toContainText('str');
  await expect(region.locator('input')).toHaveValue('eu');
  await expect(dialog.locator('tr[data-parameter="days"] input')).toHaveValue('7');
  await expect(dialog.locator('tr[data-parameter="dry_run"]')).toContainText('bool');
  await dialog.locator('tr[data-parameter="days"] input').fill('3');

  // Reliability: the sidecar's defaults, each explained.
  await dialog.locator('summary', { hasText: 'Reliability' }).click();
  await expect(dialog.getByLabel('If still running at the next time')).toHaveValue('skip');
  await expect(dialog.getByLabel('Missed while down')).toHaveValue('latest');
  await dialog.getByLabel('Timeout (minutes)').fill('10');
  await dialog.getByLabel('Retries').fill('1');
  await dialog.locator('summary', { hasText: 'Outputs and kernel' }).click();
  await expect(dialog.getByLabel('Kernel')).toHaveValue('');
  await dialog.getByLabel('Name').fill('Regional report');
  await dialog.screenshot({ path: path.join(artifacts, 'dialog-parameters.png') });
  await dialog.getByRole('button', { name: 'Save schedule' }).click();
  await expect(dialog).toHaveCount(0);

  const panel = await openSchedulesPanel(page);
  await panel.getByLabel('Filter schedules').fill('Regional report');
  const card = panel.locator('.jp-nbschedule-ScheduleCard', { hasText: 'Regional report' });
  await expect(card).toContainText('params: days=3');

  // Run now with an override for this run only.
  await card.getByRole('button', { name: 'Run with other parameters' }).click();
  const runDialog = page.locator('.jp-Dialog', { hasText: 'Run “Regional report” now' });
  await expect(runDialog.locator('tr[data-parameter="days"] input')).toHaveValue('3');
  await runDialog.locator('tr[data-parameter="region"] input').fill('us');
  await runDialog.getByRole('button', { name: 'Run now' }).click();

  // The progress bar moves while the cells run.
  const bar = card.getByRole('progressbar');
  await expect(bar).toBeVisible({ timeout: 120_000 });
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 120_000 }).toBeGreaterThan(1);
  await panel.screenshot({ path: path.join(artifacts, 'sidebar-progress.png') });
  await card.getByRole('button', { name: 'Show log' }).first().click();
  const log = page.locator('.jp-nbschedule-LogTail-text');
  await expect(log).toContainText('cell', { timeout: 30_000 });

  await expect(card.locator('.jp-nbschedule-StatusBadge')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  // The run was started here, so its end is announced, with a way to its output.
  const toast = page.locator('.Toastify__toast', { hasText: 'Regional report' });
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Open output' }).click();
  const frame = page.frameLocator('.jp-nbschedule-Output iframe').last();
  await expect(frame.locator('body')).toContainText('report for us over 3 days');
  await page.screenshot({ path: path.join(artifacts, 'output-parameters.png') });

  // The executed notebook, copied next to the original and opened.
  await card.locator('.jp-nbschedule-ScheduleCard-name').click();
  const run = card.locator('.jp-nbschedule-RunRow[data-status="succeeded"]').first();
  await run.getByRole('button', { name: 'Copy the executed notebook into the workspace' }).click();
  await expect(page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: /params\.run-.*\.ipynb/ })).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'copied-notebook.png') });
});
