// The import page at phone size (390 × 844): an agency admin uploads SIASN's "Export Data ASN"
// (made by `satu-api demo --synthetic`), sees a file of another encoding refused at the field, the
// bad rows of a file listed with their lines and reasons and downloaded as CSV, a unit made when
// asked, the recent imports; an imported employee's first login is their NIP and NIK.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { find, loginPage, violations } from './helpers.mjs';

test.use({ viewport: { width: 390, height: 844 } });

const admin = find((a) => a.role === 'admin' && a.agency === 'Pemerintah Kota Madiun');

// A synthetic export of `n` rows and its bad file, as the generator writes them.
function exportOf(n) {
  const dir = mkdtempSync(join(tmpdir(), 'satu-import-'));
  const file = join(dir, 'ekspor-siasn.csv');
  const said = JSON.parse(execFileSync(process.env.SATU_E2E_BIN, ['demo', '--synthetic', String(n), '--csv', file]));
  return { file, bad: said.bad_file, said };
}

// The records of a CSV file (quoted fields may hold commas and doubled quotes).
function rowsOf(file) {
  const records = [];
  let field = '';
  let record = [];
  let quoted = false;
  const text = readFileSync(file, 'utf8');
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; } else if (ch === '\n') { record.push(field); records.push(record); record = []; field = ''; } else field += ch;
  }
  const [cols, ...rows] = records;
  return rows.map((r) => Object.fromEntries(r.map((v, i) => [cols[i], v])));
}

test('an admin imports a SIASN export, reads and downloads the refused rows, and the new employees can log in', async ({ page, browser }) => {
  const { file, bad, said } = exportOf(30);
  await loginPage(page, admin.nip, admin.password);
  await expect(page).toHaveURL(/\/profil$/);
  await page.goto('/staf');
  await page.getByTestId('open-import').click();
  await expect(page).toHaveURL(/\/staf\/impor$/);
  await expect(page).toHaveTitle(/Impor data pegawai dari SIASN · Satu ASN/);
  await expect(page.getByTestId('imports-none')).toBeVisible();

  // Nothing chosen; a file saved in Latin-1: the server names the encoding at the field.
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-refused')).toContainText('Pilih berkas CSV');
  const latin = Buffer.concat([
    Buffer.from('nip_baru,nama,nik,tanggal_lahir,jenis_pegawai,unor\n'),
    Buffer.from([0x52, 0x45, 0x4e, 0xc9]), Buffer.from(',x,x,x,x,x\n'),
  ]);
  await page.getByTestId('import-file').setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: latin });
  await page.getByTestId('import-start').click();
  await expect(page.locator('#import-file ~ .field-error')).toContainText('ISO-8859-1');

  // The bad file: its two good rows go in, each bad row is listed with its line and reason.
  await page.getByTestId('import-file').setInputFiles(bad);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.locator('#import-file ~ .field-error')).toHaveCount(0);
  await expect(page.getByTestId('import-imported')).toHaveText('2');
  await expect(page.getByTestId('import-errors')).toHaveText(String(said.bad_rows.length));
  const shown = page.getByTestId('import-error');
  await expect(shown).toHaveCount(said.bad_rows.length);
  await expect(shown.first()).toContainText(String(said.bad_rows[0].line));
  await expect(page.getByTestId('import-errors-table')).toContainText('Antah Berantah');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-errors-csv').click()]);
  const csv = readFileSync(await download.path());
  expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  const lines = csv.subarray(3).toString('utf8').trim().split('\n');
  expect(lines[0].trim()).toBe('baris,nip,kode,keterangan');
  expect(lines).toHaveLength(said.bad_rows.length + 1);
  expect(lines.some((l) => l.includes('unit_unknown'))).toBeTruthy();

  // The export, with a unit made for any unor the agency lacks.
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-create-units').check();
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('import-imported')).toHaveText('30');
  await expect(page.getByTestId('import-errors')).toHaveText('0');
  await expect(page.getByTestId('import-row')).toHaveCount(2);
  await page.screenshot({ path: 'artifacts/staff-import-390.png', fullPage: true });
  expect(await violations(page, '/staf/impor')).toEqual([]);

  // An imported employee's first login: NIP and NIK, then the activation step.
  const someone = rowsOf(file)[4];
  expect(someone.nik).toMatch(/^\d{16}$/);
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await loginPage(phone, someone.nip_baru, someone.nik);
  await expect(phone.getByTestId('activation-lead')).toBeVisible();
  await phone.close();
});
