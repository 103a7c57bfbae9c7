import { expect, test } from '@playwright/test';
import * as path from 'node:path';
import { api, artifacts, headers, openLab, openSchedulesPanel } from './lab';

// A thousand schedules (imported in one document): the sidebar renders a page of cards, not
// a thousand, and search, chips and the timeline stay quick.

test('the sidebar stays responsive with 1,000 schedules', async ({ page, request }) => {
  test.setTimeout(300_000); // runs are real nbconvert processes, slow on a loaded machine
  const schedules = Array.from({ length: 1000 }, (_, i) => ({
    name: `Load ${String(i).padStart(4, '0')}`,
    notebook: 'reports/hello.ipynb',
    trigger: { cron: `${i % 60} ${i % 24} * * *`, timezone: 'UTC' },
    enabled: i % 10 !== 0,
    tags: [`team${i % 7}`]
  }));
  const imported = await request.post(`${api}/import?dryRun=false`, { headers, data: { nbschedule: 1, schedules } });
  expect(imported.status(), await imported.text()).toBe(200);

  await openLab(page, 'many-schedules');
  const panel = await openSchedulesPanel(page);
  const search = panel.getByLabel('Filter schedules');
  await search.fill('Load');
  const cards = panel.locator('.jp-nbschedule-ScheduleCard');
  // One page of cards is rendered; the rest wait behind "Show more".
  await expect(cards).toHaveCount(50);
  await expect(panel.locator('.jp-nbschedule-ShowMore')).toContainText('Showing 50 of 1000');
  await panel.locator('.jp-nbschedule-ShowMore').getByRole('button').click();
  await expect(cards).toHaveCount(100);
  await expect(panel.locator('.jp-nbschedule-Chip[data-chip="paused"]')).toHaveText('Paused 100');

  // Typing narrows the list at once.
  const started = Date.now();
  await search.fill('Load 0999');
  await expect(cards).toHaveCount(1);
  expect(Date.now() - started).toBeLessThan(2000);
  await search.fill('tag:team3');
  await expect(panel.locator('.jp-nbschedule-Chip[data-chip="all"]')).toHaveText(/^All 14[23]$/);
  await expect.poll(() => panel.locator('.jp-nbschedule-Timeline-mark').count()).toBeGreaterThan(100);
  await panel.screenshot({ path: path.join(artifacts, 'sidebar-1000.png') });

  // Leave the server as found for the specs after this one.
  const all = await (await request.get(`${api}/export`, { headers })).json();
  expect(all.schedules.length).toBeGreaterThanOrEqual(1000);
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page1 = await (await request.get(`${api}/schedules?limit=500&q=Load${cursor ? `&cursor=${cursor}` : ''}`, { headers })).json();
    for (let i = 0; i < page1.items.length; i += 50) {
      await Promise.all(
        page1.items.slice(i, i + 50).map((s: { id: string }) => request.delete(`${api}/schedules/${s.id}`, { headers, data: {} }))
      );
    }
    cursor = page1.nextCursor;
  }
});
