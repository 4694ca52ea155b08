// What several specs need: the demo accounts, a first login done through the API, a login through
// the page, an API token, and the captcha of the public card check.
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const accounts = JSON.parse(readFileSync(process.env.SATU_E2E_ACCOUNTS, 'utf8'));
export const NEW_PASSWORD = 'Kartu-Virtual-Madiun-9';

export function find(pred) {
  const a = accounts.find(pred);
  if (!a) throw new Error('no demo account matches');
  return a;
}

// The first login (NIP + NIK, the second fact, a new password) through the API.
export async function ready(request, a) {
  const login = await request.post('/api/v1/auth/login', { data: { nip: a.nip, password: a.password } });
  expect(login.status()).toBe(200);
  const step = await login.json();
  expect(step.activation_required).toBe(true);
  const res = await request.post('/api/v1/auth/activate', {
    data: { activation_token: step.activation_token, new_password: NEW_PASSWORD, ...a.activation },
  });
  expect(res.status()).toBe(200);
}

export async function loginPage(page, nip, password) {
  await page.goto('/masuk');
  await page.getByLabel('NIP').fill(nip);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

export async function apiToken(request, nip, password) {
  const res = await request.post('/api/v1/auth/login', { data: { nip, password } });
  expect(res.status()).toBe(200);
  return (await res.json()).access_token;
}

// Opens the card check and answers its captcha (the server tells tests the answer).
export async function solveAndVerify(visitor, open) {
  const captcha = visitor.waitForResponse((r) => r.url().endsWith('/api/v1/captcha'));
  await open();
  const { test_answer: answer } = await (await captcha).json();
  expect(answer).toMatch(/^\d{5}$/);
  await visitor.locator('#captcha').fill(answer);
  await visitor.getByTestId('verify-submit').click();
}

// axe-core's serious and critical findings on the page as it is now (WCAG 2.1 A and AA), once no
// "Memuat…" is left; `where` names the place in each finding.
export async function violations(page, where) {
  // Let the page settle: no "Memuat…" left.
  await expect(page.locator('main [role=status]', { hasText: 'Memuat' })).toHaveCount(0);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
