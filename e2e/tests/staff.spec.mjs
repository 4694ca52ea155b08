// The staff pages at phone size (390 × 844): the menu reaches every page; the staff home says
// what each role does; an admin finds an employee, dismisses them (confirmed first) and the card's
// check then says TIDAK BERLAKU; an admin grants and revokes a role and creates and revokes an HR
// client (its secret shown once); an admin puts the agency's logo on its cards and takes it off
// again; the helpdesk unlocks a locked-out employee, who then logs in.
import { test, expect } from '@playwright/test';
import { PNG } from 'pngjs';
import { find, ready, loginPage, apiToken, solveAndVerify, NEW_PASSWORD } from './helpers.mjs';

test.use({ viewport: { width: 390, height: 844 } });

const madiun = (a) => a.agency === 'Pemerintah Kota Madiun';
const admin = find((a) => a.role === 'admin' && madiun(a));
const helpdesk = find((a) => a.role === 'helpdesk');

async function openMenu(page) {
  await page.getByTestId('menu').click();
  await expect(page.locator('#nav')).toBeVisible();
}

async function goTo(page, testid) {
  await openMenu(page);
  await page.getByTestId(testid).click();
}

test('at 390 px the menu reaches every page, each with its own title', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await loginPage(page, admin.nip, admin.password);
  await expect(page).toHaveURL(/\/profil$/);
  const pages = [
    ['nav-home', /\/$/, /Layanan mandiri ASN · Satu ASN/],
    ['nav-verify', /\/v$/, /Periksa Kartu ASN Virtual · Satu ASN/],
    ['nav-staff', /\/staf$/, /Beranda staf · Satu ASN/],
    ['nav-profile', /\/profil$/, /Profil saya · Satu ASN/],
    ['nav-my-data', /\/data-saya$/, /Data Saya · Satu ASN/],
    ['nav-card', /\/kartu$/, /Kartu ASN Virtual · Satu ASN/],
    ['nav-security', /\/keamanan$/, /Keamanan akun · Satu ASN/],
  ];
  const titles = new Set();
  for (const [testid, url, title] of pages) {
    await goTo(page, testid);
    await expect(page).toHaveURL(url);
    await expect(page).toHaveTitle(title);
    titles.add(await page.title());
    await expect(page.getByTestId(testid)).toHaveAttribute('aria-current', 'page');
    // The page fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }
  expect(titles.size).toBe(pages.length);
  await openMenu(page);
  await expect(page.getByTestId('logout')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the staff home names each role and its scope; the list holds only that scope', async ({ page }) => {
  const monitor = find((a) => a.role === 'monitor' && a.unit === 'Kecamatan Kartoharjo');
  await loginPage(page, monitor.nip, monitor.password);
  await expect(page).toHaveURL(/\/profil$/);
  await goTo(page, 'nav-staff');
  await expect(page.getByTestId('role-monitor')).toContainText('Pemantau');
  await expect(page.getByTestId('role-monitor')).toContainText('Kecamatan Kartoharjo');
  await expect(page.getByTestId('role-monitor')).toContainText('unit kerja ini beserta unit di bawahnya');
  await expect(page.getByTestId('open-clients')).toHaveCount(0);
  await page.getByTestId('open-employees').click();
  await expect(page.getByTestId('found')).toBeVisible();
  // Only the monitor's unit: its employees are listed, another unit's are not found.
  const units = await page.locator('.person .muted').allTextContents();
  expect(units).toContain('Kecamatan Kartoharjo');
  expect(units).not.toContain('Dinas Pendidikan');
  const outside = find((a) => a.role === 'employee' && a.unit === 'Dinas Pendidikan');
  await page.getByLabel('Nama atau NIP').fill(outside.nip);
  await page.getByTestId('search').click();
  await expect(page.getByTestId('no-employees')).toBeVisible();
  await page.screenshot({ path: 'artifacts/staff-list-390.png', fullPage: true });
});

test('an admin finds an employee, dismisses them after confirming, and the card then checks TIDAK BERLAKU', async ({ page, request, browser }) => {
  const target = find((a) => a.role === 'employee' && madiun(a) && a.kind === 'PNS' && a.status === 'aktif' && a.unit === 'Kecamatan Manguharjo');
  await loginPage(page, admin.nip, admin.password);
  await expect(page).toHaveURL(/\/profil$/);
  await goTo(page, 'nav-staff');
  await expect(page.getByTestId('role-admin')).toContainText('Admin instansi');
  await page.getByTestId('open-employees').click();
  await expect(page).toHaveURL(/\/staf\/pegawai$/);

  // Filters live in the address; a search with no match says so.
  await page.getByLabel('Nama atau NIP').fill('tidak ada nama seperti ini');
  await page.getByTestId('search').click();
  await expect(page.getByTestId('no-employees')).toBeVisible();
  await page.getByLabel('Nama atau NIP').fill(target.nip.slice(0, 14));
  await page.getByLabel('Jenis pegawai').selectOption('PNS');
  await page.getByTestId('search').click();
  await expect(page).toHaveURL(/kind=PNS/);
  const row = page.getByTestId('person').filter({ hasText: target.name });
  await expect(row).toContainText(`${target.nip.slice(0, 8)} ${target.nip.slice(8, 14)} ${target.nip.slice(14, 15)} ${target.nip.slice(15)}`);
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/pegawai/${target.nip}$`));
  await expect(page.getByTestId('employee-name')).toHaveText(target.name);
  await expect(page.getByTestId('employee-status')).toHaveText('Aktif');

  // A dismissal needs its SK number, and a confirmation.
  await page.getByTestId('kedudukan').selectOption('diberhentikan');
  await page.getByTestId('save-status').click();
  await page.getByTestId('confirm-status').click();
  await expect(page.locator('#sk_number ~ .field-error')).toBeVisible();
  await page.getByTestId('sk-number').fill('800.1.6.4/12/401.103/2026');
  await page.getByTestId('save-status').click();
  await expect(page.getByRole('alertdialog')).toContainText('TIDAK BERLAKU');
  await page.screenshot({ path: 'artifacts/staff-dismiss-confirm-390.png', fullPage: true });
  await page.getByTestId('confirm-status').click();
  await expect(page.getByTestId('status-saved')).toBeVisible();
  await expect(page.getByTestId('employee-status')).toHaveText('Diberhentikan');

  // Anyone who checks the card now reads TIDAK BERLAKU.
  const token = await apiToken(request, admin.nip, admin.password);
  const card = await request.get(`/api/v1/employees/${target.nip}/card`, { headers: { Authorization: `Bearer ${token}` } });
  expect(card.status()).toBe(200);
  const { verify_url: verifyUrl } = await card.json();
  const visitorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const visitor = await visitorContext.newPage();
  await solveAndVerify(visitor, () => visitor.goto(new URL(verifyUrl).pathname));
  await expect(visitor.getByTestId('verdict-word')).toHaveText('TIDAK BERLAKU');
  await visitorContext.close();
});

test('an admin grants and revokes a role, and creates and revokes an HR client', async ({ page }) => {
  const target = find((a) => a.role === 'employee' && madiun(a) && a.kind === 'PPPK' && a.status === 'aktif' && a.unit === 'Sekretariat Daerah');
  await loginPage(page, admin.nip, admin.password);
  await expect(page).toHaveURL(/\/profil$/);
  await page.goto(`/pegawai/${target.nip}`);
  await expect(page.getByTestId('granted-employee')).toBeVisible();
  // A verifier works for a unit: without one the server names the field.
  await page.locator('#role').selectOption('verifikator');
  await page.getByTestId('grant').click();
  await expect(page.locator('#scope_id ~ .field-error')).toBeVisible();
  const unit = await page.locator('#scope_id option').filter({ hasText: 'Sekretariat Daerah' }).first().getAttribute('value');
  await page.locator('#scope_id').selectOption(unit);
  await page.getByTestId('grant').click();
  await expect(page.getByTestId('roles-saved')).toHaveText('Peran diberikan.');
  await expect(page.getByTestId('granted-verifikator')).toContainText('Sekretariat Daerah');
  await page.getByTestId('granted-verifikator').getByRole('button', { name: 'Cabut' }).click();
  await expect(page.getByTestId('roles-saved')).toHaveText('Peran dicabut.');
  await expect(page.getByTestId('granted-verifikator')).toHaveCount(0);

  await goTo(page, 'nav-staff');
  await page.getByTestId('open-clients').click();
  await expect(page).toHaveURL(/\/staf\/klien$/);
  await page.getByTestId('client-name').fill('x');
  await page.getByTestId('create-client').click();
  await expect(page.locator('#name ~ .field-error')).toContainText('3 sampai 100');
  await page.getByTestId('client-name').fill('SIK BKPSDM Madiun');
  await page.getByTestId('create-client').click();
  const secret = page.getByTestId('client-secret');
  await expect(secret).toContainText('tidak akan ditampilkan lagi');
  const shown = await secret.locator('.secret').textContent();
  expect(shown.length).toBeGreaterThan(20);
  const client = page.getByTestId('client').filter({ hasText: 'SIK BKPSDM Madiun' });
  await expect(client).toContainText('Aktif');
  await page.screenshot({ path: 'artifacts/staff-clients-390.png', fullPage: true });
  await client.getByTestId('revoke-client').click();
  await client.getByTestId('confirm-revoke').click();
  await expect(client).toContainText('Dicabut');
  // The secret is gone for good after a reload.
  await page.reload();
  await expect(page.getByTestId('client-secret')).toHaveCount(0);
});

test('the helpdesk unlocks a locked-out employee from the staff pages, who then logs in', async ({ page, request }) => {
  const e = find((a) => a.role === 'employee' && madiun(a) && a.kind === 'PNS' && a.status === 'aktif' && a.unit === 'Kecamatan Taman');
  await ready(request, e);
  for (let i = 0; i < 5; i++) {
    await request.post('/api/v1/auth/login', { data: { nip: e.nip, password: 'bukan-kata-sandinya' } });
  }
  const locked = await request.post('/api/v1/auth/login', { data: { nip: e.nip, password: NEW_PASSWORD } });
  expect(locked.status()).toBe(423);

  await loginPage(page, helpdesk.nip, helpdesk.password);
  await expect(page).toHaveURL(/\/profil$/);
  await goTo(page, 'nav-staff');
  await expect(page.getByTestId('role-helpdesk')).toContainText('buka kunci akun');
  await page.getByTestId('open-employees').click();
  await page.getByLabel('Nama atau NIP').fill(e.nip);
  await page.getByTestId('search').click();
  // The earlier page stays until the search's answer replaces it.
  await expect(page.getByTestId('person')).toHaveCount(1);
  await page.getByTestId('person').filter({ hasText: e.name }).getByRole('link').click();
  await expect(page.getByTestId('employee-name')).toHaveText(e.name);
  // The helpdesk helps with the account, never with the status or the roles.
  await expect(page.getByTestId('save-status')).toHaveCount(0);
  // It sees the lock and until when, then unlocks.
  await expect(page.getByTestId('account-lock')).toContainText('terkunci karena salah kata sandi, sampai');
  await expect(page.getByTestId('account-state')).toContainText('Sudah diaktifkan');
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('unlocked')).toBeVisible();
  await expect(page.getByTestId('account-lock')).toHaveText('Akun tidak terkunci.');
  await openMenu(page);
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/masuk$/);

  await loginPage(page, e.nip, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/profil$/);
  // An employee has no staff link, and the staff home says it is not for them.
  await expect(page.getByTestId('nav-staff')).toHaveCount(0);
  await page.goto('/staf');
  await expect(page.getByTestId('not-staff')).toBeVisible();
});

test('an admin puts the agency logo on its cards, sees it refused with a reason first, and removes it', async ({ page, request }) => {
  const holder = find((a) => a.role === 'employee' && madiun(a) && a.kind === 'PNS' && a.status === 'aktif' && a.unit.startsWith('Dinas Kesehatan'));
  await loginPage(page, admin.nip, admin.password);
  await expect(page).toHaveURL(/\/profil$/);
  await goTo(page, 'nav-staff');
  // The admin's home says whether every unit has someone to verify its proposals.
  await expect(page.getByTestId('units-verified')).toContainText('Setiap unit memiliki verifikator');
  await page.getByTestId('open-logo').click();
  await expect(page).toHaveURL(/\/staf\/logo$/);
  await expect(page).toHaveTitle(/Logo instansi pada kartu · Satu ASN/);
  await expect(page.getByTestId('no-logo')).toBeVisible();

  // Nothing chosen; a file that is not a logo: the server says why, at the field.
  await page.getByTestId('upload-logo').click();
  await expect(page.getByTestId('logo-refused')).toContainText('Pilih berkas logo');
  await page.getByTestId('logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('bukan gambar') });
  await page.getByTestId('upload-logo').click();
  await expect(page.locator('#logo-file ~ .field-error')).toContainText('PNG atau SVG');

  // A green SVG logo (with a script, which is dropped).
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script>'
    + '<circle cx="50" cy="50" r="50" fill="#00b000"/></svg>';
  await page.getByTestId('logo-file').setInputFiles({ name: 'logo-madiun.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
  await page.getByTestId('upload-logo').click();
  await expect(page.getByTestId('logo-notice')).toContainText('Logo tersimpan');
  await expect(page.locator('#logo-file ~ .field-error')).toHaveCount(0);
  const shown = page.getByTestId('logo-current').locator('img');
  await expect.poll(() => shown.evaluate((el) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  await page.screenshot({ path: 'artifacts/staff-logo-390.png', fullPage: true });

  // An employee's card now carries it: the middle of the badge is the logo's green.
  const t = await apiToken(request, admin.nip, admin.password);
  const front = async () => PNG.sync.read(await (await request.get(
    `/api/v1/employees/${holder.nip}/card/front.png?orientation=portrait`,
    { headers: { Authorization: `Bearer ${t}` } },
  )).body());
  const at = (img, x, y) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3));
  const [r, g, b] = at(await front(), 78, 64);
  expect(g > 140 && r < 80 && b < 80, `logo pixel ${[r, g, b]}`).toBeTruthy();

  // Removed after confirming: the page and the card have none again.
  await page.getByTestId('remove-logo').click();
  await page.getByTestId('confirm-remove-logo').click();
  await expect(page.getByTestId('logo-notice')).toContainText('Logo dihapus');
  await expect(page.getByTestId('no-logo')).toBeVisible();
  const [, g2] = at(await front(), 78, 64);
  expect(g2).toBeLessThan(140);
});

test('the employee list says so when the units cannot be loaded, and still lists', async ({ page }) => {
  await loginPage(page, admin.nip, admin.password);
  await expect(page).toHaveURL(/\/profil$/);
  await page.route('**/api/v1/units', (r) => r.fulfill({ status: 503, body: 'down' }));
  await goTo(page, 'nav-staff');
  await page.getByTestId('open-employees').click();
  await expect(page.getByTestId('units-failed')).toContainText('Daftar unit tidak dapat dimuat');
  await expect(page.getByText('pegawai ditemukan')).toBeVisible();
});
