// "Data Saya" at phone size: an employee reads their approved history category by category —
// the personal data from the master record, the golongan ladder newest first with its pangkat,
// an empty category said so — and the page fits the phone.
import { test, expect } from '@playwright/test';
import { find, ready, loginPage, NEW_PASSWORD } from './helpers.mjs';

test.use({ viewport: { width: 390, height: 844 } });

const e = find((a) => a.role === 'employee' && a.agency === 'Kementerian Dalam Negeri' && a.kind === 'PNS'
  && a.status === 'aktif' && a.unit === 'Sekretariat Jenderal');

test('an employee reads their history, category by category, newest first', async ({ page, request }) => {
  await ready(request, e);
  await loginPage(page, e.nip, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/profil$/);
  await page.getByTestId('menu').click();
  await page.getByTestId('nav-my-data').click();
  await expect(page).toHaveURL(/\/data-saya$/);
  await expect(page).toHaveTitle(/Data Saya · Satu ASN/);

  // The personal data: the master record's own fields.
  await expect(page.getByTestId('category-title')).toHaveText('Data pribadi');
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await expect(page.getByTestId('history-row')).toContainText(e.name.split(',')[0].replace(/^(Dr\.|Ir\.|Drs\.|Hj\.|H\.)\s*/, ''));

  // The golongan ladder, newest first, the newest marked, with pangkat and dates DD/MM/YYYY.
  await page.getByTestId('category-select').selectOption('golongan');
  await expect(page).toHaveURL(/\?kategori=golongan$/);
  await expect(page.getByTestId('category-select')).toHaveValue('golongan');
  const rows = page.getByTestId('history-row');
  await expect(rows.first()).toContainText('Terbaru');
  await expect(rows.first()).toContainText(/\((I|II|III|IV)\/[a-e]\)/);
  await expect(rows.first()).toContainText(/\d{2}\/\d{2}\/\d{4}/);
  expect(await rows.count()).toBeGreaterThan(0);
  const me = await (await request.get('/api/v1/me', {
    headers: { Authorization: `Bearer ${(await (await request.post('/api/v1/auth/login', { data: { nip: e.nip, password: NEW_PASSWORD } })).json()).access_token}` },
  })).json();
  await expect(rows.first()).toContainText(`(${me.employee.golongan})`);

  // A category with nothing yet says so; Back returns to the golongan.
  await page.getByTestId('category-select').selectOption('penghargaan');
  await expect(page.getByTestId('history-empty')).toContainText('Belum ada data');
  await page.goBack();
  await expect(page.getByTestId('category-title')).toHaveText('Riwayat pangkat/golongan');
  await expect(page.getByTestId('category-select')).toHaveValue('golongan');

  // Nothing wider than the phone.
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > 391)
    .map((el) => `${el.tagName}.${el.className}`));
  expect(wide).toEqual([]);
  await page.screenshot({ path: 'artifacts/my-data-390.png', fullPage: true });
});
