// What every browser spec does to reach the product: open JupyterLab in a workspace of its
// own, open the Schedules panel or the file browser, and create schedules through the API.
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const token = process.env.E2E_TOKEN!;
export const api = '/nbschedule/api/v1';
export const headers = { Authorization: `token ${token}` };
export const artifacts = path.resolve(__dirname, '../../artifacts');
fs.mkdirSync(artifacts, { recursive: true });

/** A fresh (reset) workspace per spec, so tabs left open by one spec never leak into another. */
export async function openLab(page: Page, workspace: string): Promise<void> {
  await page.goto(`/lab/workspaces/${workspace}?reset&token=${token}`);
  await page.locator('#jp-main-dock-panel').waitFor();
  await page.locator('.jp-Launcher').first().waitFor();
}

export async function openSchedulesPanel(page: Page) {
  const panel = page.locator('.jp-nbschedule-Sidebar');
  if (!(await panel.isVisible())) {
    await page.locator('.jp-SideBar [data-id="jp-nbschedule-sidebar"]').click();
  }
  await expect(panel).toBeVisible();
  return panel;
}

/** The file browser is open in a fresh workspace; clicking its tab then would close it. */
export async function showFileBrowser(page: Page): Promise<void> {
  if (!(await page.locator('.jp-FileBrowser').isVisible())) {
    await page.locator('.jp-SideBar [data-id="filebrowser"]').click();
  }
}

export async function createSchedule(request: APIRequestContext, body: Record<string, unknown>): Promise<{ id: string }> {
  const response = await request.post(`${api}/schedules`, { headers, data: body });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}
