// Accessibility: axe-core on every page, at phone and desktop width, signed out, as an agency
// admin (who sees every page but the inbox) and as a verifier (the inbox), including both
// verdicts of the public card check. No serious or
// critical violation may remain.
import { test, expect } from '@playwright/test';
import { find, loginPage, apiToken, solveAndVerify, violations } from './helpers.mjs';

const admin = find((a) => a.role === 'admin' && a.agency === 'Pemerintah Kota Madiun');
const someone = find((a) => a.role === 'employee' && a.agency === 'Pemerintah Kota Madiun' && a.kind === 'PNS' && a.status === 'aktif' && a.unit === 'Dinas Pendidikan');
const retired = find((a) => a.role === 'employee' && a.agency === 'Pemerintah Kota Madiun' && a.kind === 'PNS' && a.status !== 'aktif');


for (const [name, width, height] of [['phone', 390, 844], ['desktop', 1280, 800]]) {
  test.describe(name, () => {
    test.use({ viewport: { width, height } });

    test(`no serious or critical axe violation on any page (${name})`, async ({ page, request }) => {
      const found = [];
      for (const path of ['/', '/masuk', '/v', '/lupa-sandi', '/masuk-qr', '/tidak-ada']) {
        await page.goto(path);
        found.push(...(await violations(page, path)));
      }
      // Both verdicts of the card check.
      const token = await apiToken(request, admin.nip, admin.password);
      for (const e of [someone, retired]) {
        const card = await request.get(`/api/v1/employees/${e.nip}/card`, { headers: { Authorization: `Bearer ${token}` } });
        if (card.status() !== 200) continue;
        const { verify_url: url } = await card.json();
        await solveAndVerify(page, () => page.goto(new URL(url).pathname));
        await expect(page.getByTestId('verdict-word')).toBeVisible();
        found.push(...(await violations(page, `verdict ${e.status}`)));
      }
      await loginPage(page, admin.nip, admin.password);
      await expect(page).toHaveURL(/\/profil$/);
      for (const path of ['/profil', '/kartu', '/kartu/foto', '/keamanan', '/staf', '/staf/pegawai', '/staf/klien', '/staf/logo', '/data-saya', `/pegawai/${someone.nip}`,
        '/usulan', '/usulan/baru', '/notifikasi', '/staf/jadwal']) {
        await page.goto(path);
        await expect(page.locator('h1').first()).toBeVisible();
        found.push(...(await violations(page, path)));
      }
      // A decider's inbox and a proposal under review, as the Dinas Pendidikan verifier (the
      // proposals spec leaves some; an empty inbox is checked too).
      const verifier = find((a) => a.role === 'verifikator' && a.unit === 'Dinas Pendidikan');
      await page.context().clearCookies();
      await loginPage(page, verifier.nip, verifier.password);
      await expect(page).toHaveURL(/\/(profil|staf)$/);
      await page.goto('/staf/usulan?status=approved');
      await expect(page.locator('h1').first()).toBeVisible();
      found.push(...(await violations(page, '/staf/usulan')));
      expect(found).toEqual([]);
    });
  });
}
