// Accounts in the browser: first login with the NIK, the forced change, the profile, staying
// signed in across a reload, logout, the lock-out message, and scopes.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';

const accounts = JSON.parse(readFileSync(process.env.SATU_E2E_ACCOUNTS, 'utf8'));
const find = (pred) => {
  const a = accounts.find(pred);
  if (!a) throw new Error('no demo account matches');
  return a;
};

async function login(page, nip, password) {
  await page.goto('/masuk');
  await page.getByLabel('NIP').fill(nip);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

test('first login with the NIK asks for the family-card number and a new password, then shows the profile', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const e = find((a) => a.role === 'employee' && a.kind === 'PNS' && a.status === 'aktif' && a.activation?.nomor_kk);
  await login(page, e.nip, e.password);
  // NIP + NIK alone do not open the account: the second fact and the first own password.
  await expect(page.getByTestId('activation-lead')).toContainText('Kartu Keluarga');
  await page.locator('#nomor_kk').fill('3577 0101 0199 9999');
  const rules = page.getByTestId('password-rules');
  await page.locator('#new_password').fill(e.password);
  await expect(rules.locator('li.rule.ok')).toHaveCount(4); // everything but "not your NIK"
  await expect(rules.locator('li:not(.ok)')).toContainText('Bukan NIK Anda');
  // The broken rule is marked as unmet, in words too.
  await expect(rules.locator('li.rule.unmet')).toHaveCount(1);
  await expect(rules.locator('li.rule.unmet')).toContainText('belum terpenuhi');
  await page.locator('#new_password').fill('Alun-Alun-Madiun-7');
  await expect(rules.locator('li.rule.ok')).toHaveCount(5);
  await page.locator('#confirm_password').fill('Alun-Alun-Madiun-8');
  await expect(page.getByText('Kedua kata sandi baru tidak sama.')).toBeVisible();
  await page.locator('#confirm_password').fill('Alun-Alun-Madiun-7');
  await page.getByRole('button', { name: 'Aktifkan dan masuk' }).click();
  await expect(page.getByText('Nomor KK tidak cocok dengan data kepegawaian Anda')).toBeVisible();
  await page.locator('#nomor_kk').fill(e.activation.nomor_kk);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'artifacts/activation-390.png', fullPage: true });
  await page.getByRole('button', { name: 'Aktifkan dan masuk' }).click();

  await expect(page).toHaveURL(/\/profil/);
  await expect(page.getByTestId('profile-name')).toHaveText(e.name);
  await expect(page.getByText(e.unit)).toBeVisible();

  // A reload keeps the session (the refresh cookie), and the page script never sees that token.
  await page.reload();
  await expect(page.getByTestId('profile-name')).toHaveText(e.name);
  expect(await page.evaluate(() => document.cookie)).not.toContain('satu_rt');

  // At 390 px the links fold behind the menu; "Keluar" is in it, and the current page is marked.
  await expect(page.getByTestId('logout')).toBeHidden();
  await page.getByTestId('menu').click();
  await expect(page.getByTestId('nav-profile')).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: 'artifacts/menu-390.png', fullPage: true });
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/masuk$/);
  // A signed-in page sends a visitor to the login, with the way back.
  await page.goto('/profil');
  await expect(page).toHaveURL(/\/masuk\?lanjut=%2Fprofil$/);

  // The old password no longer works, the new one does.
  await login(page, e.nip, e.password);
  await expect(page.getByTestId('login-error')).toContainText('NIP atau kata sandi salah');
  await login(page, e.nip, 'Alun-Alun-Madiun-7');
  await expect(page).toHaveURL(/\/profil$/);
  expect(errors).toEqual([]);
});

test('five wrong passwords show the lock-out message', async ({ page }) => {
  // A verifier no other test signs in as (the helpdesk must stay usable for staff.spec).
  const h = find((a) => a.role === 'verifikator' && a.agency === 'Kementerian Dalam Negeri');
  for (let i = 0; i < 4; i++) {
    await login(page, h.nip, 'bukan-kata-sandinya');
    await expect(page.getByTestId('login-error')).toContainText('NIP atau kata sandi salah');
  }
  await login(page, h.nip, 'bukan-kata-sandinya');
  await expect(page.getByTestId('login-error')).toContainText('Akun dikunci sementara');
  await expect(page.getByTestId('login-error')).toContainText('WIB');
  // Even the right password waits for the lock to end.
  await login(page, h.nip, h.password);
  await expect(page.getByTestId('login-error')).toContainText('Akun dikunci sementara');
});

test('a malformed NIP is named at its field', async ({ page }) => {
  await login(page, '19670416 1993', 'apa saja');
  await expect(page.getByText('NIP harus 18 angka, yang diisi 12 angka.')).toBeVisible();
});

test('a monitor sees their own unit but not another unit\'s employee', async ({ page }) => {
  const camat = find((a) => a.role === 'monitor' && a.unit === 'Kecamatan Kartoharjo');
  const inside = find((a) => a.role === 'employee' && a.unit === 'Kecamatan Kartoharjo');
  const outside = find((a) => a.role === 'employee' && a.unit === 'Dinas Pendidikan');
  await login(page, camat.nip, camat.password);
  await expect(page).toHaveURL(/\/profil$/);
  await expect(page.getByTestId('profile-roles')).toContainText('Pemantau — Kecamatan Kartoharjo');

  await page.goto(`/pegawai/${inside.nip}`);
  await expect(page.getByTestId('employee-name')).toHaveText(inside.name);
  await page.goto(`/pegawai/${outside.nip}`);
  await expect(page.getByTestId('load-error')).toContainText('tidak ditemukan');
  await expect(page.getByText(outside.name)).toHaveCount(0);
});

test('a forgotten password is reset through the emailed link', async ({ page, request }) => {
  const e = find((a) => a.role === 'employee' && a.kind === 'PPPK' && a.status === 'aktif');
  await page.goto('/masuk');
  await page.getByTestId('forgot-link').click();
  await expect(page).toHaveURL(/\/lupa-sandi$/);
  await page.getByLabel('NIP').fill(e.nip);
  await page.getByRole('button', { name: 'Kirim tautan' }).click();
  await expect(page.getByTestId('forgot-sent')).toBeVisible();

  // The email a real user would receive (test mode exposes the outbox).
  const mail = await (await request.get('/api/v1/test/outbox')).json();
  const body = mail[0].body;
  const link = body.match(/https?:\/\/\S+\/reset-sandi#token=\S+/)[0];
  const url = new URL(link);
  await page.goto(url.pathname + url.hash);
  await page.locator('#new_password').fill('Kereta-Madiun-Jaya');
  await page.locator('#confirm_password').fill('Kereta-Madiun-Jaya');
  await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await expect(page).toHaveURL(/\/masuk\?sandi=baru$/);
  await expect(page.getByRole('status')).toContainText('Kata sandi baru sudah disimpan');

  await login(page, e.nip, 'Kereta-Madiun-Jaya');
  await expect(page).toHaveURL(/\/profil$/);
  await expect(page.getByTestId('profile-name')).toHaveText(e.name);

  // The same link a second time is refused with a clear message.
  await page.goto(url.pathname + url.hash);
  await page.locator('#new_password').fill('Kereta-Madiun-Jaya-2');
  await page.locator('#confirm_password').fill('Kereta-Madiun-Jaya-2');
  await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await expect(page.getByText('Tautan atur ulang kata sandi tidak berlaku')).toBeVisible();
});
