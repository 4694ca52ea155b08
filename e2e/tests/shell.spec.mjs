// The app shell: landing page in Indonesian, the English switch, screenshots, client routes.
import { test, expect } from '@playwright/test';

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

/** Collects console errors and uncaught exceptions of a page. */
function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

test.beforeEach(async ({ page }) => {
  // Every test starts in the default language.
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('satu.e2e')) { localStorage.clear(); sessionStorage.setItem('satu.e2e', '1'); }
  });
});

test('the landing page renders in Indonesian with no console errors', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('hero-title')).toHaveText('Kartu ASN Virtual Anda, sah dan dapat diperiksa siapa saja');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  // It promises only what exists, and leads in: log in, or check a card.
  await expect(page.getByText('Pemutakhiran Data Mandiri')).toHaveCount(0);
  await expect(page.getByTestId('cta-login')).toHaveAttribute('href', '/masuk');
  await expect(page.getByTestId('cta-verify')).toHaveAttribute('href', '/v');
  await expect(page.getByRole('heading', { name: 'Kartu ASN Virtual', exact: true })).toBeVisible();
  // The footer shows the version the API reports.
  const info = await (await page.request.get('/api/v1/info')).json();
  await expect(page.getByTestId('server-version')).toHaveText(`Versi server ${info.version}`);
  expect(errors).toEqual([]);
});

test('the English switch translates the page and is remembered', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('hero-title')).toHaveText('Your virtual ASN card, genuine and checkable by anyone');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('server-version')).toContainText('Server version');
  await page.reload();
  await expect(page.getByTestId('hero-title')).toHaveText('Your virtual ASN card, genuine and checkable by anyone');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('hero-title')).toHaveText('Kartu ASN Virtual Anda, sah dan dapat diperiksa siapa saja');
  expect(errors).toEqual([]);
});

for (const [name, width, height] of [['mobile', 390, 844], ['desktop', 1280, 800]]) {
  test(`screenshot at ${width}x${height} (${name})`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto('/');
    await expect(page.getByTestId('server-version')).toContainText('Versi server');
    // Nothing wider than the screen: no sideways scrolling on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}landing-${name}-${width}x${height}.png`, fullPage: true });
  });
}

test('a client route such as /v/{token} loads the SPA; an unknown one shows "not found"', async ({ page }) => {
  const errors = watchErrors(page);
  const res = await page.goto('/v/anything');
  expect(res.status()).toBe(200);
  await expect(page.getByRole('link', { name: /Satu ASN/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Periksa Kartu ASN Virtual' })).toBeVisible();
  expect((await page.goto('/halaman/yang-tidak-ada')).status()).toBe(200);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await page.getByRole('link', { name: 'Kembali ke beranda' }).click();
  await expect(page.getByTestId('hero-title')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the NIP check runs the shared rules as the user types', async ({ page }) => {
  await page.goto('/');
  const nip = page.getByLabel('NIP / NI PPPK');
  await nip.fill('19670416 1993');
  await expect(page.getByText('NIP harus 18 angka, yang diisi 12 angka.')).toBeVisible();
  await nip.fill('19670416 199303 1 015');
  await expect(page.getByTestId('check-result')).toContainText('16/04/1967');
  await expect(page.getByTestId('check-result')).toContainText('Laki-laki');
  await page.getByLabel('NIK (opsional)').fill('3313015604670003');
  await expect(page.getByText('Jenis kelamin pada NIK berbeda dengan jenis kelamin pada NIP.')).toBeVisible();
});

test('the API answers unknown paths with problem+json, not the SPA', async ({ request }) => {
  const res = await request.post('/api/v1/nope');
  expect(res.status()).toBe(404);
  expect(res.headers()['content-type']).toBe('application/problem+json');
  expect((await res.json()).code).toBe('not_found');
});

test('the SPA, Swagger UI and error pages run under the security headers with no CSP violation', async ({ page, request }) => {
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const doc = await page.goto('/masuk');
  const h = doc.headers();
  expect(h['content-security-policy']).toContain("default-src 'self'");
  expect(h['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['permissions-policy']).toContain('camera=(self)');
  // The public URL of the tests is http: no HSTS.
  expect(h['strict-transport-security']).toBeUndefined();
  // The app still works under the policy: the login form, the NIP check's live rules.
  await expect(page.getByLabel('NIP')).toBeVisible();
  await page.getByLabel('NIP').fill('1967');
  expect(await page.evaluate(() => window.__csp)).toEqual([]);

  // Swagger UI renders under the same policy (its scripts are files; its styles are allowed).
  const docs = await page.goto('/docs/');
  expect(docs.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Satu ASN API');
  expect(await page.evaluate(() => window.__csp)).toEqual([]);

  // Error answers of the API carry the headers too.
  const missing = await request.get('/api/v1/no-such-thing');
  expect(missing.status()).toBe(404);
  expect(missing.headers()['x-frame-options']).toBe('DENY');
  expect(missing.headers()['content-security-policy']).toContain("default-src 'self'");
  expect(violations).toEqual([]);
});
