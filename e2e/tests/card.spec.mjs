// Kartu ASN Virtual in the browser: PNS and PPPK colours (sampled pixel hues), portrait and
// landscape, downloads (PNG, PDF), the QR code decoded from the downloaded PNG and opened by a
// visitor who solves the captcha and sees VALID, a dismissal turning it into TIDAK BERLAKU, and
// the photo assistant (a refused photo says why; a good one is cropped, previewed and used).
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { accounts, NEW_PASSWORD, apiToken, ready, loginPage, solveAndVerify, violations } from './helpers.mjs';

// Employees the other specs leave alone: counted from the end of the list.
function pick(pred, fromEnd = 1) {
  const all = accounts.filter(pred);
  const a = all[all.length - fromEnd];
  if (!a) throw new Error('no demo account matches');
  return a;
}
const madiun = (kind) => (a) =>
  a.role === 'employee' && a.kind === kind && a.status === 'aktif' && a.agency === 'Pemerintah Kota Madiun';
// `satu-api demo` gives card holders with an odd NIP sequence a drawn photo; the others have none.
const withPhoto = (pred) => (a) => pred(a) && Number(a.nip.slice(15)) % 2 === 1;
const withoutPhoto = (pred) => (a) => pred(a) && Number(a.nip.slice(15)) % 2 === 0;

async function login(page, nip) {
  await loginPage(page, nip, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/profil/);
}

function hue([r, g, b]) {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 0;
  let h;
  if (max === r) h = 60 * ((g - b) / (max - min));
  else if (max === g) h = 60 * ((b - r) / (max - min) + 2);
  else h = 60 * ((r - g) / (max - min) + 4);
  return (h + 360) % 360;
}

// The colour of one pixel of the card image as the page shows it, and the image's width.
async function pixel(page, testid, x, y) {
  const img = page.getByTestId(testid);
  await expect.poll(() => img.evaluate((el) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  return img.evaluate((el, [px, py]) => {
    const c = document.createElement('canvas');
    c.width = el.naturalWidth;
    c.height = el.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(el, 0, 0);
    return { rgba: Array.from(ctx.getImageData(px, py, 1, 1).data), width: el.naturalWidth };
  }, [x, y]);
}

test('PNS red and PPPK teal cards: downloads, the QR, VALID, then TIDAK BERLAKU after a dismissal', async ({ page, request, browser }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The assistant reads its file and canvas back through blob: and data: URLs: the
  // Content-Security-Policy must let it.
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  const pns = pick(withPhoto(madiun('PNS')));
  await ready(request, pns);
  await login(page, pns.nip);
  await page.getByTestId('nav-card').click();
  await expect(page).toHaveURL(/\/kartu$/);
  await expect(page.getByTestId('card-status')).toContainText('Kartu berlaku');

  // Portrait by default; the top-left corner is red.
  let p = await pixel(page, 'card-front', 30, 30);
  expect(p.width).toBe(638);
  const red = hue(p.rgba);
  expect(red < 20 || red > 340, `PNS hue ${red}`).toBeTruthy();

  // Landscape, and the back.
  await page.getByTestId('orient-landscape').click();
  await expect.poll(async () => (await pixel(page, 'card-front', 30, 30)).width).toBe(1011);
  await page.getByTestId('card-flip-button').click();
  await expect(page.getByTestId('card-flip')).toHaveClass(/flipped/);
  await expect(page.getByTestId('card-back')).toBeVisible();

  // Download the front as PNG and decode its QR code.
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-front').click()]);
  expect(png.suggestedFilename()).toBe(`kartu-asn-${pns.nip}-depan-landscape.png`);
  const image = PNG.sync.read(readFileSync(await png.path()));
  expect([image.width, image.height]).toEqual([1011, 638]);
  const qr = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  expect(qr, 'a QR code in the PNG').not.toBeNull();
  const base = new URL(page.url()).origin;
  expect(qr.data.startsWith(`${base}/v/`)).toBeTruthy();

  // And the print-ready PDF: two pages.
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
  expect(pdf.suggestedFilename()).toBe(`kartu-asn-${pns.nip}-cetak-landscape.pdf`);
  const text = readFileSync(await pdf.path()).toString('latin1');
  expect(text.startsWith('%PDF-')).toBeTruthy();
  expect(text).toContain('/Count 2');

  // Anyone scans it: captcha, then VALID in green, with the card's facts and no more.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await solveAndVerify(visitor, () => visitor.goto(qr.data));
  await expect(visitor.getByTestId('verdict-word')).toHaveText('BERLAKU');
  await expect(visitor.getByTestId('verdict')).toHaveCSS('background-color', 'rgb(18, 122, 58)');
  await expect(visitor.getByTestId('verified-name')).toHaveText(pns.name);
  await expect(visitor.getByTestId('verified-agency')).toHaveText('Pemerintah Kota Madiun');
  await expect(visitor.getByTestId('verified-nip')).toContainText(pns.nip.slice(0, 8));
  await expect(visitor.getByTestId('verified-photo')).toBeVisible();
  await visitor.screenshot({ path: 'artifacts/verify-valid.png' });

  // The admin dismisses the employee; the same QR now says TIDAK BERLAKU, in red.
  const admin = accounts.find((a) => a.role === 'admin');
  const adminToken = await apiToken(request, admin.nip, admin.password);
  const res = await request.patch(`/api/v1/employees/${pns.nip}/status`, {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { kedudukan_hukum: 'diberhentikan', date: '2026-11-01', sk_number: '800.1.6.4/77/401.103/2026' },
  });
  expect(res.status()).toBe(200);
  await solveAndVerify(visitor, () => visitor.getByRole('button', { name: 'Periksa lagi' }).click());
  await expect(visitor.getByTestId('verdict-word')).toHaveText('TIDAK BERLAKU');
  await expect(visitor.getByTestId('verdict')).toHaveCSS('background-color', 'rgb(176, 0, 32)');
  await visitor.screenshot({ path: 'artifacts/verify-invalid.png' });
  await visitorContext.close();
  await page.reload();
  await expect(page.getByTestId('card-status')).toContainText('Kartu tidak berlaku');
  await expect(page.getByTestId('card-status')).toContainText('diberhentikan');

  // A PPPK's card is teal.
  const pppk = pick(madiun('PPPK'));
  await ready(request, pppk);
  await page.getByTestId('logout').click();
  await login(page, pppk.nip);
  await page.goto('/kartu');
  p = await pixel(page, 'card-front', 30, 30);
  const teal = hue(p.rgba);
  expect(teal > 160 && teal < 195, `PPPK hue ${teal}`).toBeTruthy();
  await page.screenshot({ path: 'artifacts/card-pppk.png', fullPage: true });
  expect(errors).toEqual([]);
});

// A portrait on a transparent background (a dark figure), or any size for a bad one.
function photo(width, height) {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const fx = x / width - 0.5;
      const fy = y / height;
      const figure = fx * fx + (fy - 0.35) * (fy - 0.35) < 0.03 || (fy > 0.62 && Math.abs(fx) < 0.38);
      const i = (y * width + x) * 4;
      png.data[i] = 60;
      png.data[i + 1] = 40;
      png.data[i + 2] = 30;
      png.data[i + 3] = figure ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}

test('the photo assistant refuses with reasons, crops a landscape photo, previews it on the card and uses it', async ({ page, request }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The assistant reads its file and canvas back through blob: and data: URLs: the
  // Content-Security-Policy must let it.
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  const e = pick(withoutPhoto(madiun('PNS')));
  await ready(request, e);
  await login(page, e.nip);
  await page.goto('/kartu');
  await expect(page.getByTestId('card-no-photo')).toBeVisible();
  await page.getByTestId('card-photo-link').click();
  await expect(page).toHaveURL(/\/kartu\/foto$/);
  await expect(page.getByRole('heading', { name: 'Panduan foto' })).toBeVisible();

  const file = page.getByTestId('photo-file');
  await file.setInputFiles({ name: 'catatan.png', mimeType: 'image/png', buffer: Buffer.from('ini bukan gambar') });
  await expect(page.getByTestId('photo-refusal')).toContainText('bukan gambar PNG atau JPEG');
  await file.setInputFiles({ name: 'kecil.png', mimeType: 'image/png', buffer: photo(200, 256) });
  await expect(page.getByTestId('photo-refusal')).toContainText('terlalu kecil');

  // A landscape photo: the assistant says so and crops it on the canvas.
  await file.setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: photo(1200, 900) });
  await expect(page.getByTestId('photo-refusal')).toHaveCount(0);
  await expect(page.getByTestId('photo-advice')).toContainText('dipotong menjadi bentuk kartu');
  await expect(page.getByTestId('photo-canvas')).toBeVisible();
  await page.locator('#zoom').evaluate((el) => {
    el.value = '1200'; // thousandths: a zoom of 1.2
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(page.getByTestId('photo-preview')).toBeVisible();
  await expect(page.getByTestId('photo-background')).toContainText('transparan');
  await page.screenshot({ path: 'artifacts/photo-assistant.png', fullPage: true });
  await page.getByTestId('photo-use').click();
  await expect(page).toHaveURL(/\/kartu\?foto=baru$/);
  await expect(page.getByTestId('photo-saved')).toContainText('Foto kartu disimpan');
  await expect(page.getByTestId('card-status')).toContainText('Kartu berlaku');
  await expect(page.getByTestId('card-no-photo')).toHaveCount(0);
  await expect(page.getByTestId('card-front')).toBeVisible();

  // The stored photo is the 450 × 575 crop.
  const t = await apiToken(request, e.nip, NEW_PASSWORD);
  const stored = await request.get('/api/v1/me/card/photo', { headers: { Authorization: `Bearer ${t}` } });
  expect(stored.status()).toBe(200);
  const img = PNG.sync.read(await stored.body());
  expect([img.width, img.height]).toEqual([450, 575]);
  expect(errors).toEqual([]);
});

test('at 390 px a 4 MB phone JPEG on a plain wall becomes the card photo, its background removed in the page', async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const e = pick(withoutPhoto(madiun('PNS')), 2);
  await ready(request, e);
  await login(page, e.nip);
  await page.goto('/kartu/foto');
  await expect(page.getByRole('heading', { name: 'Panduan foto' })).toBeVisible();

  // A 12-megapixel camera JPEG (3024 × 4032): a figure before a light wall with sensor noise.
  const base64 = await page.evaluate(async () => {
    const [w, h] = [3024, 4032];
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d');
    const img = ctx.createImageData(w, h);
    const d = img.data;
    let seed = 7;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const fx = x / w - 0.5;
        const fy = y / h;
        const figure = fx * fx + (fy - 0.36) * (fy - 0.36) < 0.025 || (fy > 0.66 && Math.abs(fx) < 0.45);
        const n = (rnd() - 0.5) * 10;
        const i = (y * w + x) * 4;
        if (figure) { d[i] = 70 + n * 3; d[i + 1] = 45 + n * 3; d[i + 2] = 35 + n * 3; }
        else { d[i] = 214 + n; d[i + 1] = 222 + n; d[i + 2] = 230 + n; }
        d[i + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.97));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  const jpeg = Buffer.from(base64, 'base64');
  expect(jpeg.length).toBeGreaterThan(3 * 1024 * 1024);
  await page.getByTestId('photo-file').setInputFiles({ name: 'IMG_20261202.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await expect(page.getByTestId('photo-refusal')).toHaveCount(0);
  await expect(page.getByTestId('photo-canvas')).toBeVisible();
  await expect(page.getByTestId('photo-background')).toContainText('tetap dapat dipakai');
  await expect(page.getByTestId('photo-background')).toHaveCount(1);
  // The page fits the phone.
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > 391)
    .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`));
  expect(wide).toEqual([]);

  // Remove the wall: the canvas's corner turns transparent, the preview says so.
  await page.getByTestId('clear-background').check();
  await expect(page.getByTestId('photo-background')).toContainText('transparan. Bagus');
  const corner = await page.getByTestId('photo-canvas').evaluate((c) => c.getContext('2d').getImageData(2, 2, 1, 1).data[3]);
  expect(corner).toBe(0);
  const face = await page.getByTestId('photo-canvas').evaluate((c) => c.getContext('2d').getImageData(225, 230, 1, 1).data[3]);
  expect(face).toBe(255);
  await page.screenshot({ path: 'artifacts/photo-phone-390.png', fullPage: true });
  await page.getByTestId('photo-use').click();
  await expect(page).toHaveURL(/\/kartu\?foto=baru$/);
  await expect(page.getByTestId('photo-saved')).toBeVisible();

  const t = await apiToken(request, e.nip, NEW_PASSWORD);
  const stored = await request.get('/api/v1/me/card/photo', { headers: { Authorization: `Bearer ${t}` } });
  const img = PNG.sync.read(await stored.body());
  expect([img.width, img.height]).toEqual([450, 575]);
  expect(img.data[3]).toBe(0);
  expect(errors).toEqual([]);
});

test('at 390 px each side opens full screen, a landscape card turned to fill the upright phone; a PPPK card names its contract end', async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const e = pick(madiun('PPPK'), 2);
  await ready(request, e);
  await login(page, e.nip);
  await page.goto('/kartu');
  await expect(page.getByTestId('card-front')).toBeVisible();
  await page.getByTestId('orient-landscape').click();
  await expect.poll(async () => (await pixel(page, 'card-front', 30, 30)).width).toBe(1011);

  await page.getByTestId('card-fullscreen').click();
  const view = page.getByTestId('card-fullscreen-view');
  await expect(view).toBeVisible();
  const img = page.getByTestId('card-fullscreen-image');
  await expect(img).toHaveAttribute('alt', 'Kartu ASN Virtual, sisi depan');
  // Turned a quarter: on screen it is taller than wide and nearly as wide as the phone, far
  // larger than the preview on the page.
  await expect.poll(async () => (await img.boundingBox())?.height ?? 0).toBeGreaterThan(560);
  const box = await img.boundingBox();
  expect(box.width).toBeGreaterThan(340);
  expect(box.width).toBeLessThanOrEqual(390);
  expect(box.height).toBeGreaterThan(box.width);
  await page.screenshot({ path: 'artifacts/card-fullscreen-390.png' });
  expect(await violations(page, 'kartu layar penuh')).toEqual([]);
  // The back, then Escape closes and the page is as it was.
  await page.getByTestId('card-fullscreen-flip').click();
  await expect(img).toHaveAttribute('alt', 'Kartu ASN Virtual, sisi belakang');
  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();
  await expect(page.getByTestId('card-flip')).toHaveClass(/flipped/);
  // And with the button.
  await page.getByTestId('card-fullscreen').click();
  await expect(view).toBeVisible();
  await page.getByTestId('card-fullscreen-close').click();
  await expect(view).toBeHidden();

  // The front of a PPPK card says until when its contract runs.
  const t = await apiToken(request, e.nip, NEW_PASSWORD);
  const me = await (await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${t}` } })).json();
  const [y, m, d] = me.employee.pppk_end.split('-');
  const svg = await (await request.get('/api/v1/me/card/front.svg', { headers: { Authorization: `Bearer ${t}` } })).text();
  expect(svg).toContain(`Berlaku s.d. akhir perjanjian kerja ${d}/${m}/${y}`);
});
