import { expect, test, type Page } from '@playwright/test';
import * as path from 'node:path';
import { api, artifacts, createSchedule as create, headers, openLab, openSchedulesPanel } from './lab';

// The sidebar with several schedules: dashboard summary, search, status chips, sort, the
// upcoming-runs timeline, duration charts, clone with a template, in light and dark themes.

async function setTheme(page: Page, theme: 'JupyterLab Light' | 'JupyterLab Dark'): Promise<void> {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: 'Settings' }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Theme$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${theme}$`) }).click();
  const light = theme === 'JupyterLab Light';
  await expect(page.locator('body')).toHaveAttribute('data-jp-theme-light', String(light));
}

test('an analyst finds schedules by text, tag, status and time, and clones one from a template', async ({ page, request }) => {
  test.setTimeout(300_000); // runs are real nbconvert processes, slow on a loaded machine
  // The counts below are of this test's schedules: start from none (earlier tests are done).
  for (;;) {
    const existing = await (await request.get(`${api}/schedules?limit=500`, { headers })).json();
    if (existing.items.length === 0) {
      break;
    }
    await Promise.all(
      existing.items.map((s: { id: string }) => request.delete(`${api}/schedules/${s.id}`, { headers, data: {} }))
    );
  }
  const hello = await create(request, {
    name: 'Daily sales digest',
    notebook: 'reports/hello.ipynb',
    trigger: { cron: '0 7 * * *', timezone: 'Europe/Berlin' },
    tags: ['sales', 'morning']
  });
  await create(request, {
    name: 'Warehouse reconciliation',
    notebook: 'reports/hello.ipynb',
    trigger: { cron: '0 8-23 * * 1-5', timezone: 'Europe/Berlin' },
    tags: ['ops']
  });
  await create(request, {
    name: 'Model retrain',
    notebook: 'reports/hello.ipynb',
    trigger: { everySeconds: 3 * 3600 },
    tags: ['ml']
  });
  await create(request, {
    name: 'Weekly cleanup',
    notebook: 'reports/hello.ipynb',
    trigger: { cron: '0 2 * * 0', timezone: 'Europe/Berlin' },
    enabled: false
  });
  // Two runs, so the digest's card has a duration chart.
  for (let i = 0; i < 2; i++) {
    const run = await (await request.post(`${api}/schedules/${hello.id}/run`, { headers, data: {} })).json();
    await expect
      .poll(async () => (await (await request.get(`${api}/runs/${run.id}`, { headers })).json()).status, { timeout: 120_000 })
      .toBe('succeeded');
  }

  await openLab(page, 'sidebar-list');
  const panel = await openSchedulesPanel(page);
  const cards = panel.locator('.jp-nbschedule-ScheduleCard');
  await expect(cards).toHaveCount(4);

  // The dashboard: state, counts and the next three runs with a countdown.
  const summary = panel.locator('.jp-nbschedule-StatusSummary');
  await expect(summary).toContainText('Scheduler ready');
  await expect(summary).toContainText('3 active');
  await expect(summary).toContainText('1 paused');
  await expect(summary).toContainText('0 failed in 24 h');
  await expect(summary.locator('.jp-nbschedule-StatusSummary-next li')).toHaveCount(3);
  await expect(summary.locator('.jp-nbschedule-StatusSummary-next li').first()).toContainText(/in \d+/);

  // The duration chart of recent runs.
  const digest = cards.filter({ hasText: 'Daily sales digest' });
  await expect(digest.locator('.jp-nbschedule-DurationChart i')).toHaveCount(2);

  // The timeline: marks per fire time, the schedule on hover, a click filters the list.
  const timeline = panel.locator('.jp-nbschedule-Timeline');
  const marks = timeline.locator('.jp-nbschedule-Timeline-mark');
  await expect.poll(() => marks.count()).toBeGreaterThan(8);
  await marks.first().hover();
  await expect(timeline.locator('.jp-nbschedule-Timeline-detail')).toContainText(/Warehouse|Model retrain|Daily sales/);
  await panel.screenshot({ path: path.join(artifacts, 'sidebar-dashboard.png') });
  // The same from the keyboard: arrows step through the marks.
  await timeline.locator('.jp-nbschedule-Timeline-bar').focus();
  await page.keyboard.press('End');
  await expect(timeline.locator('.jp-nbschedule-Timeline-mark.jp-mod-active')).toHaveCount(1);
  await expect(timeline.locator('.jp-nbschedule-Timeline-detail')).toContainText(/Warehouse|Model retrain|Daily sales/);
  await timeline.getByRole('button', { name: 'Show the next 7 days' }).click();
  await expect(timeline).toHaveAttribute('data-range', 'week');
  await expect(timeline.locator('.jp-nbschedule-Timeline-detail')).toContainText('in the next 7 days');
  await timeline.locator(`.jp-nbschedule-Timeline-mark[data-schedule-id="${hello.id}"]`).first().dispatchEvent('click');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Daily sales digest');

  // Search by tag, status chips with counts, sort by next run.
  const search = panel.getByLabel('Filter schedules');
  await search.fill('tag:ops');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Warehouse reconciliation');
  await search.fill('');
  await panel.locator('.jp-nbschedule-Chip[data-chip="paused"]').click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('Weekly cleanup');
  await panel.locator('.jp-nbschedule-Chip[data-chip="all"]').click();
  await expect(panel.locator('.jp-nbschedule-Chip[data-chip="all"]')).toHaveText('All 4');
  await panel.getByLabel('Sort').selectOption('next');
  await expect(cards.last()).toContainText('Weekly cleanup');
  await panel.screenshot({ path: path.join(artifacts, 'sidebar-filtered.png') });

  // Clone a schedule and start it from a template.
  await digest.getByRole('button', { name: 'Clone schedule' }).click();
  const dialog = page.locator('.jp-nbschedule-ScheduleDialog');
  await expect(dialog.getByLabel('Name')).toHaveValue('Daily sales digest (copy)');
  await dialog.getByLabel('Start from a template').selectOption({ label: 'Weekly on Sunday at 02:00' });
  await expect(dialog.getByLabel(/^Cron/)).toHaveValue('0 2 * * 0');
  await expect(dialog.locator('.jp-nbschedule-Preview')).toContainText(/Sunday/i);
  await dialog.getByRole('button', { name: 'Save schedule' }).click();
  await expect(cards).toHaveCount(5);
  await expect(cards.filter({ hasText: 'Daily sales digest (copy)' })).toContainText('tags: sales, morning');

  // Dark theme: the same panel, readable.
  await setTheme(page, 'JupyterLab Dark');
  await panel.screenshot({ path: path.join(artifacts, 'sidebar-dark.png') });
  await cards.filter({ hasText: 'Model retrain' }).getByRole('button', { name: 'Edit schedule' }).click();
  await dialog.locator('summary', { hasText: 'Reliability' }).click();
  await dialog.screenshot({ path: path.join(artifacts, 'dialog-dark.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await setTheme(page, 'JupyterLab Light');
});
