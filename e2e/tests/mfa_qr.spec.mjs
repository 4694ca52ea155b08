// Two-step verification and QR login in the browser: setting up TOTP with the QR code and
// recovery codes, logging in with a code, and a computer logged in by a phone's approval.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';

const accounts = JSON.parse(readFileSync(process.env.SATU_E2E_ACCOUNTS, 'utf8'));
const find = (pred) => {
  const a = accounts.find(pred);
  if (!a) throw new Error('no demo account matches');
  return a;
};

// RFC 6238 with SHA-1, 6 digits, 30 s: what an authenticator app computes.
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/\s|=/g, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
function totp(secret, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[19] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

async function login(page, nip, password) {
  await page.goto('/masuk');
  await page.getByLabel('NIP').fill(nip);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

test('two-step verification: set up with the QR code, then log in with a code', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const v = find((a) => a.role === 'validator_pusat');
  await login(page, v.nip, v.password);
  await expect(page).toHaveURL(/\/profil$/);
  await page.getByTestId('nav-security').click();
  await expect(page.getByTestId('totp-off')).toBeVisible();
  // Setting it up needs the password (a session left open cannot bind someone else's phone).
  await page.locator('#password').fill('bukan-sandinya');
  await page.getByTestId('totp-start').click();
  await expect(page.getByText('Kata sandi salah.')).toBeVisible();
  await page.locator('#password').fill(v.password);
  await page.getByTestId('totp-start').click();
  const qr = page.getByTestId('totp-qr');
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  expect(await qr.evaluate((img) => img.naturalWidth)).toBeGreaterThan(100);
  const secret = await page.getByTestId('totp-secret').getAttribute('data-secret');
  // A phone cannot scan its own screen: the same URI as a link; the secret is not in the alt text.
  expect(await qr.getAttribute('alt')).not.toContain(secret);
  expect(await page.getByTestId('totp-link').getAttribute('href')).toMatch(new RegExp(`^otpauth://totp/.*secret=${secret}`));

  // A wrong code is named at the field; the right one turns 2FA on and shows the recovery codes.
  const right = totp(secret);
  await page.locator('#code').fill(right === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  await expect(page.getByText('Kode salah atau sudah dipakai')).toBeVisible();
  await page.locator('#code').fill(totp(secret));
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  const codes = page.getByTestId('recovery-codes').locator('li');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.first().innerText()).trim();
  expect(recovery).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  // Each code on one line, and the codes to download as a file.
  const heights = await codes.evaluateAll((lis) => lis.map((li) => li.querySelector('code').getClientRects().length));
  expect(heights.every((n) => n === 1)).toBeTruthy();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('codes-download').click()]);
  expect(file.suggestedFilename()).toBe('kode-pemulihan-satu-asn.txt');
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(await file.path(), 'utf8')).toContain(recovery);
  await expect(page.getByTestId('codes-copy')).toHaveText('Salin');
  await page.getByTestId('codes-done').click();
  await expect(page.getByTestId('totp-on')).toBeVisible();
  await page.screenshot({ path: 'artifacts/security-2fa-390.png', fullPage: true });

  // Log in again: the password, then the code of the next 30 s step (the last one was used).
  await page.getByTestId('logout').click();
  await login(page, v.nip, v.password);
  await expect(page.getByRole('heading', { name: 'Verifikasi dua langkah' })).toBeVisible();
  await page.locator('#code').fill(totp(secret, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Verifikasi' }).click();
  await expect(page).toHaveURL(/\/profil$/);
  await expect(page.getByTestId('profile-name')).toHaveText(v.name);

  // And once with a recovery code.
  await page.getByTestId('logout').click();
  await login(page, v.nip, v.password);
  await page.locator('#code').fill(recovery);
  await page.getByRole('button', { name: 'Verifikasi' }).click();
  await expect(page).toHaveURL(/\/profil$/);
  expect(errors).toEqual([]);
});

test('QR login: the computer shows a code, the phone approves, the computer is logged in', async ({ browser }) => {
  const a = find((x) => x.role === 'approver');
  const computer = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    const desk = await computer.newPage();
    await desk.goto('/masuk');
    await desk.getByTestId('qr-login-link').click();
    await expect(desk).toHaveURL(/\/masuk-qr$/);
    const code = desk.getByTestId('qr-login-code');
    await expect(code.locator('svg')).toBeVisible();
    await expect(desk.getByTestId('qr-waiting')).toBeVisible();
    // The computer shows two digits the phone must type.
    const shown = (await desk.getByTestId('qr-match-code').textContent()).trim();
    expect(shown).toMatch(/^[1-9][0-9]$/);
    const payload = await code.getAttribute('data-payload');
    const target = new URL(payload);

    // The phone opens the code's address; not logged in yet, it logs in first and comes back.
    const hand = await phone.newPage();
    await hand.goto(target.pathname);
    await hand.getByTestId('approve-login').click();
    await hand.getByLabel('NIP').fill(a.nip);
    await hand.locator('#password').fill(a.password);
    await hand.getByRole('button', { name: 'Masuk', exact: true }).click();
    await expect(hand).toHaveURL(new RegExp(`${target.pathname}$`));
    await expect(hand.getByText('Sebuah peramban meminta masuk sebagai Anda')).toBeVisible();
    await expect(hand.getByText('127.0.0.1')).toBeVisible();
    // The asking browser in words, never the raw User-Agent.
    await expect(hand.getByText('Chrome di Linux')).toBeVisible();
    await expect(hand.getByText('Mozilla/5.0')).toHaveCount(0);
    // A number that is not the computer's is refused with a warning; then the right one and the
    // password approve.
    await hand.locator('#match_code').fill(shown === '42' ? '43' : '42');
    await hand.locator('#password').fill(a.password);
    await hand.getByTestId('approve').click();
    await expect(hand.getByText('Angka tidak sama dengan yang tampil di komputer')).toBeVisible();
    await hand.locator('#match_code').fill(shown);
    // The corrected field drops its old error at once.
    await expect(hand.getByText('Angka tidak sama dengan yang tampil di komputer')).toHaveCount(0);
    await hand.screenshot({ path: 'artifacts/qr-approve-form-390.png', fullPage: true });
    await hand.getByTestId('approve').click();
    await expect(hand.getByTestId('approve-done')).toBeVisible();
    await hand.screenshot({ path: 'artifacts/qr-approve-390.png', fullPage: true });

    // The computer's next poll logs it in as the phone's account.
    await expect(desk).toHaveURL(/\/profil$/, { timeout: 15_000 });
    await expect(desk.getByTestId('profile-name')).toHaveText(a.name);
    // A reload keeps the session (the refresh cookie the poll set).
    await desk.reload();
    await expect(desk.getByTestId('profile-name')).toHaveText(a.name);

    // The same code cannot be approved twice.
    await hand.goto(target.pathname);
    await hand.locator('#match_code').fill(shown);
    await hand.locator('#password').fill(a.password);
    await hand.getByTestId('approve').click();
    await expect(hand.getByText('sudah disetujui')).toBeVisible();
  } finally {
    await computer.close();
    await phone.close();
  }
});
