// The data update at phone size (390 × 844): an employee proposes a promotion to the next
// golongan with its SK (a text file named .pdf refused with the server's message first), submits
// it, and the verifier, the Kanreg and the approver each decide from their inbox until the
// profile and the card show the new golongan; a jabatan (no BKN validation) is returned, fixed,
// resubmitted, corrected by the verifier (the inbox filtered by dates typed DD/MM/YYYY) and
// approved; outside the schedule's window submitting is refused with its dates.
import { test, expect } from '@playwright/test';
import { accounts, find, ready, loginPage, apiToken, violations, NEW_PASSWORD } from './helpers.mjs';

test.use({ viewport: { width: 390, height: 844 } });

const madiun = (a) => a.agency === 'Pemerintah Kota Madiun';
function dinasPendidikan() {
  return accounts.filter((a) => a.role === 'employee' && madiun(a) && a.kind === 'PNS' && a.status === 'aktif'
    && a.unit === 'Dinas Pendidikan');
}
const verifier = find((a) => a.role === 'verifikator' && madiun(a) && a.unit === 'Dinas Pendidikan');
const kanreg = find((a) => a.role === 'validator_kanreg');
const approver = find((a) => a.role === 'approver' && madiun(a));
const admin = find((a) => a.role === 'admin' && madiun(a));

// A one-page PDF with a line of text, its cross-reference table written out.
function pdf(text) {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R '
      + '/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function as(browser, who, password) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'id-ID' });
  const page = await context.newPage();
  await loginPage(page, who.nip, password);
  await expect(page).toHaveURL(/\/(profil|staf)$/);
  return { page, context };
}

// A decider opens the proposal from their inbox (the step chosen) and sends a decision;
// `look` reads the review screen first.
async function decide(page, step, name, decision, reason, look) {
  await page.goto(`/staf/usulan?langkah=${step}`);
  await expect(page.getByTestId(`step-${step}`)).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('inbox-item').filter({ hasText: name }).first().getByRole('link').click();
  await expect(page.getByTestId('decision')).toBeVisible();
  if (look) await look(page);
  await page.getByTestId(`decision-${decision}`).check();
  if (reason) await page.getByTestId('reason').selectOption(reason);
  await page.getByTestId('send-decision').click();
  await expect(page.getByTestId('decision')).toHaveCount(0);
}

test('a golongan proposal goes through the employee, the verifier, the Kanreg and the approver', async ({ page, request, browser }) => {
  test.setTimeout(90_000);
  const e = dinasPendidikan()[1];
  await ready(request, e);
  const token = await apiToken(request, e.nip, NEW_PASSWORD);
  const me = await (await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } })).json();
  const ladder = await (await request.get('/api/v1/reference/golongan')).json();
  const next = ladder[ladder.findIndex((g) => g.code === me.employee.golongan) + 1].code;

  await loginPage(page, e.nip, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/profil$/);
  await page.getByTestId('menu').click();
  await page.getByTestId('nav-proposals').click();
  await expect(page).toHaveTitle(/Usulan Saya · Satu ASN/);
  await expect(page.getByTestId('no-proposals')).toBeVisible();
  await page.getByTestId('new-proposal').click();

  // The form: the category's fields, required ones marked; checked before sending.
  await page.getByTestId('proposal-category').selectOption('golongan');
  await page.getByTestId('action-add').check();
  await page.getByTestId('save-draft').click();
  await expect(page.getByTestId('fix-fields')).toBeVisible();
  await expect(page.locator('label[for=f-golongan] .required')).toHaveCount(1);
  await page.getByTestId('field-golongan').selectOption(next);
  await page.getByTestId('field-tmt_golongan').fill('01/10/2026');
  await page.getByTestId('field-nomor_sk').fill('823.3/145/401.201/2026');
  await page.getByTestId('field-tanggal_sk').fill('20/09/2026');
  await page.getByTestId('field-mk_tahun').fill('8');
  await page.getByTestId('field-mk_bulan').fill('2');
  await page.getByTestId('save-draft').click();
  await expect(page).toHaveURL(/\/usulan\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('proposal-status')).toHaveText('Draf');
  await expect(page.getByTestId('row-golongan')).toContainText(next);

  // Submitting without the SK names it; a text file named .pdf is refused by its content.
  await page.getByTestId('submit-proposal').click();
  await expect(page.getByTestId('submit-failed')).toContainText('SK');
  await page.getByTestId('document-kind').selectOption('sk_kp');
  await page.getByTestId('document-file').setInputFiles({ name: 'sk.pdf', mimeType: 'application/pdf', buffer: Buffer.from('SK kenaikan pangkat, bukan PDF') });
  await expect(page.getByTestId('upload-failed')).toContainText('bukan PDF');
  await page.getByTestId('document-file').setInputFiles({ name: 'sk-kp.pdf', mimeType: 'application/pdf', buffer: pdf('SK KP') });
  await expect(page.getByTestId('document')).toHaveCount(1);
  await page.getByTestId('submit-proposal').click();
  await expect(page.getByTestId('proposal-status')).toHaveText('Menunggu verifikasi');
  await page.screenshot({ path: 'artifacts/proposal-submitted-390.png', fullPage: true });
  const url = page.url();

  // The verifier sees the proposed golongan beside the current one and the SK drawn in the page
  // (pdf.js; its text is dark pixels on the page's canvas), and accepts.
  const v = await as(browser, verifier, verifier.password);
  await decide(v.page, 'verify', e.name.split(',')[0], 'accept', undefined, async (r) => {
    await expect(r.getByTestId('pdf-count')).toHaveText('1 halaman');
    const canvas = r.getByTestId('pdf-pages').locator('canvas');
    await expect(canvas).toHaveCount(1);
    await expect(canvas).toHaveAttribute('aria-label', 'Halaman 1 dari 1');
    const ink = await canvas.evaluate((c) => {
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] < 200 && px[i + 3] > 0) dark++;
      return dark;
    });
    expect(ink).toBeGreaterThan(20);
    const wide = await r.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > 391)
      .map((el) => `${el.tagName}.${el.className}`));
    expect(wide).toEqual([]);
    // axe on the review screen with the PDF drawn, at both widths (no serious or critical issue).
    expect(await violations(r, 'review 390')).toEqual([]);
    await r.screenshot({ path: 'artifacts/proposal-review-390.png', fullPage: true });
    // On a wide screen the PDF stands beside the data.
    await r.setViewportSize({ width: 1280, height: 900 });
    const data = await r.locator('.review-data').boundingBox();
    const panel = await r.getByTestId('pdf-panel').boundingBox();
    expect(panel.x).toBeGreaterThan(data.x + data.width - 1);
    await r.screenshot({ path: 'artifacts/proposal-review-1280.png' });
    expect(await violations(r, 'review 1280')).toEqual([]);
    await r.setViewportSize({ width: 390, height: 844 });
  });
  await expect(v.page.getByTestId('proposal-status')).toHaveText('Terverifikasi');
  await expect(v.page.getByTestId('row-golongan')).toContainText('berubah');
  await v.context.close();

  // BKN's Kanreg validates, the approver approves.
  const k = await as(browser, kanreg, kanreg.password);
  await decide(k.page, 'validate', e.name.split(',')[0], 'accept');
  await expect(k.page.getByTestId('proposal-status')).toHaveText('Tervalidasi BKN');
  await k.context.close();
  const a = await as(browser, approver, approver.password);
  await decide(a.page, 'approve', e.name.split(',')[0], 'accept');
  await expect(a.page.getByTestId('proposal-status')).toHaveText('Disetujui');
  await a.context.close();

  // The employee: notified, the timeline complete, the record and the card follow.
  await page.goto(url);
  await expect(page.getByTestId('proposal-status')).toHaveText('Disetujui');
  await expect(page.getByTestId('timeline-entry')).toHaveCount(5);
  await expect(page.getByTestId('unread-badge')).toContainText('4');
  await page.goto('/notifikasi');
  await expect(page.getByTestId('notification').first()).toContainText('disetujui');
  await page.getByTestId('mark-all-read').click();
  await expect(page.getByTestId('unread-badge')).toHaveCount(0);
  await page.goto('/profil');
  await expect(page.locator('main')).toContainText(next);
  await page.goto('/data-saya?kategori=golongan');
  await expect(page.getByTestId('history-row').first()).toContainText(`(${next})`);
  const svg = await (await request.get('/api/v1/me/card/front.svg', { headers: { Authorization: `Bearer ${await apiToken(request, e.nip, NEW_PASSWORD)}` } })).text();
  expect(svg).toContain(next);
});

test('a returned jabatan is fixed, resubmitted and approved without BKN', async ({ page, request, browser }) => {
  test.setTimeout(90_000);
  const e = dinasPendidikan()[2];
  await ready(request, e);
  await loginPage(page, e.nip, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/profil$/);
  await page.goto('/usulan/baru?kategori=jabatan');
  await page.getByTestId('proposal-category').selectOption('jabatan');
  await page.getByTestId('action-add').check();
  await page.getByTestId('field-jenis_jabatan').selectOption('pelaksana');
  await page.getByTestId('field-nama_jabatan').fill('Pengelola Data Kepegawaian');
  await page.getByTestId('field-tmt_jabatan').fill('01/11/2026');
  await page.getByTestId('field-nomor_sk').fill('821.2/77/2026');
  await page.getByTestId('field-tanggal_sk').fill('25/10/2026');
  // The SK goes with the proposal in one request, chosen on the form (a scan that is not a PDF
  // is refused before anything is sent).
  await page.getByTestId('proposal-file').setInputFiles({ name: 'sk.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('JPEG') });
  await expect(page.getByTestId('file-refused')).toBeVisible();
  await page.getByTestId('proposal-file').setInputFiles({ name: 'sk.pdf', mimeType: 'application/pdf', buffer: pdf('SK Jabatan') });
  await expect(page.getByTestId('file-refused')).toHaveCount(0);
  await page.screenshot({ path: 'artifacts/proposal-new-with-pdf-390.png', fullPage: true });
  await page.getByTestId('save-draft').click();
  await expect(page).toHaveURL(/\/usulan\/[0-9a-f-]{36}$/);
  const url = page.url();
  await expect(page.getByTestId('document')).toHaveCount(1);
  await expect(page.getByTestId('document')).toContainText('SK Pengangkatan dalam Jabatan');
  await page.getByTestId('submit-proposal').click();
  await expect(page.getByTestId('proposal-status')).toHaveText('Menunggu verifikasi');

  const v = await as(browser, verifier, verifier.password);
  await decide(v.page, 'verify', e.name.split(',')[0], 'return', 'data_tidak_sesuai');
  await expect(v.page.getByTestId('proposal-status')).toHaveText('Dikembalikan untuk diperbaiki');

  // The employee fixes the name of the position and submits again.
  await page.goto(url);
  await expect(page.getByTestId('proposal-status')).toHaveText('Dikembalikan untuk diperbaiki');
  await expect(page.getByTestId('timeline')).toContainText('Data yang diusulkan tidak sesuai');
  await page.getByTestId('edit-data').click();
  await page.getByTestId('field-nama_jabatan').fill('Pengadministrasi Kepegawaian');
  await page.getByTestId('save-edit').click();
  await expect(page.getByTestId('row-nama_jabatan')).toContainText('Pengadministrasi Kepegawaian');
  await page.getByTestId('submit-proposal').click();
  await expect(page.getByTestId('proposal-status')).toHaveText('Menunggu verifikasi');

  // The inbox's dates are typed DD/MM/YYYY: a day that does not exist is told at its field, a
  // reversed range by the server's message; today's range finds the proposal.
  await v.page.goto('/staf/usulan?langkah=verify');
  await v.page.getByTestId('filter-i-from').fill('01/02/2026');
  await v.page.getByTestId('filter-i-to').fill('31/02/2026');
  await v.page.getByTestId('apply-filters').click();
  await expect(v.page.locator('#i-to ~ .field-error')).toContainText('HH/BB/TTTT');
  await v.page.getByTestId('filter-i-to').fill('01/01/2026');
  await v.page.getByTestId('apply-filters').click();
  await expect(v.page.getByTestId('filter-errors')).toContainText('tidak boleh sebelum');
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10).split('-').reverse().join('/');
  await v.page.getByTestId('filter-i-from').fill(today);
  await v.page.getByTestId('filter-i-to').fill(today);
  await v.page.getByTestId('apply-filters').click();
  await expect(v.page).toHaveURL(/dari=\d{4}-\d{2}-\d{2}/);
  // The verifier corrects a slip in the SK number while accepting; the timeline keeps both.
  await v.page.getByTestId('inbox-item').filter({ hasText: e.name.split(',')[0] }).first().getByRole('link').click();
  await v.page.getByTestId('correct').check();
  await expect(v.page.getByTestId('corrections')).toBeVisible();
  await v.page.getByTestId('corrections').getByTestId('field-nomor_sk').fill('821.2/77/401/2026');
  await v.page.getByTestId('send-decision').click();
  await expect(v.page.getByTestId('proposal-status')).toHaveText('Terverifikasi');
  await expect(v.page.getByTestId('row-nomor_sk')).toContainText('821.2/77/401/2026');
  await expect(v.page.getByTestId('timeline')).toContainText('821.2/77/2026');
  await v.page.screenshot({ path: 'artifacts/proposal-corrected-390.png', fullPage: true });
  await v.context.close();
  const a = await as(browser, approver, approver.password);
  await decide(a.page, 'approve', e.name.split(',')[0], 'accept');
  await expect(a.page.getByTestId('proposal-status')).toHaveText('Disetujui');
  await a.context.close();
  await page.goto(url);
  // Read once the page has its data (its session renewal done: leaving while the renewal's
  // answer is on its way loses the rotated cookie — see the stop-24 note).
  await expect(page.getByTestId('proposal-status')).toHaveText('Disetujui');
  const decisions = await page.getByTestId('timeline-entry').allInnerTexts();
  expect(decisions.some((t) => t.includes('Validator'))).toBe(false);
  await page.goto('/data-saya?kategori=jabatan');
  await expect(page.getByTestId('history-row').first()).toContainText('Pengadministrasi Kepegawaian');
});

test('outside the submission window submitting is refused with its dates', async ({ page, request, browser }) => {
  const e = find((a) => a.role === 'employee' && madiun(a) && a.kind === 'PNS' && a.status === 'aktif' && a.unit === 'SMP Negeri 1 Madiun');
  const d = (days) => new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
  const shown = (iso) => iso.split('-').reverse().join('/');

  // The admin closes the submission window on the agency's schedule page.
  const ad = await as(browser, admin, admin.password);
  await ad.page.goto('/staf');
  await ad.page.getByTestId('open-schedule').click();
  await expect(ad.page).toHaveTitle(/Jadwal Pemutakhiran Data · Satu ASN/);
  await expect(ad.page.getByTestId('submission-open')).toHaveText('Terbuka hari ini');
  await ad.page.getByTestId('submission-from').fill(d(-10));
  await ad.page.getByTestId('submission-to').fill(d(-1));
  await ad.page.getByTestId('save-schedule').click();
  await expect(ad.page.getByTestId('schedule-saved')).toBeVisible();
  await expect(ad.page.getByTestId('submission-open')).toHaveText('Tertutup hari ini');

  await ready(request, e);
  await loginPage(page, e.nip, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/profil$/);
  await page.goto('/usulan/baru');
  await page.getByTestId('proposal-category').selectOption('penghargaan');
  await page.getByTestId('action-add').check();
  const fields = page.locator('form [data-testid^=field-]');
  // Fill what the category asks (text, dates, years, lists) with plausible values.
  for (const f of await fields.all()) {
    const tag = await f.evaluate((el) => el.tagName);
    const type = await f.getAttribute('type');
    if (tag === 'SELECT') {
      const value = await f.locator('option').nth(1).getAttribute('value');
      await f.selectOption(value);
    } else if ((await f.getAttribute('placeholder')) === 'HH/BB/TTTT') {
      await f.fill('17/08/2025');
    } else if (type === 'number') {
      await f.fill('2025');
    } else {
      await f.fill('Satyalancana Karya Satya');
    }
  }
  await page.getByTestId('save-draft').click();
  await expect(page).toHaveURL(/\/usulan\/[0-9a-f-]{36}$/);
  await page.getByTestId('document-file').setInputFiles({ name: 'piagam.pdf', mimeType: 'application/pdf', buffer: pdf('Piagam') });
  await expect(page.getByTestId('document')).toHaveCount(1);
  await page.getByTestId('submit-proposal').click();
  await expect(page.getByTestId('submit-failed')).toContainText(`${shown(d(-10))} – ${shown(d(-1))}`);
  await expect(page.getByTestId('proposal-status')).toHaveText('Draf');

  // Reopened: the window is always open again.
  await ad.page.locator('[data-testid=window-submission] button.link').click();
  await ad.page.getByTestId('save-schedule').click();
  await expect(ad.page.getByTestId('submission-open')).toHaveText('Terbuka hari ini');
  await ad.context.close();
  await page.getByTestId('submit-proposal').click();
  await expect(page.getByTestId('proposal-status')).toHaveText('Menunggu verifikasi');
});
