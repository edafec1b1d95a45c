import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '../../src/branding/image-check.ts';
import { memberOf, orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { jpegImage, pngImage, SVG_WITH_SCRIPT, WEBP_HEADER } from '../helpers/images.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('organization branding: logo upload and accent colour', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t.close());

  const upload = (client: ReturnType<TestApp['client']>, orgId: string, bytes: Buffer, type = 'image/png') =>
    client.request('PUT', `/api/v1/orgs/${orgId}/branding/logo`, bytes, { 'content-type': type });

  it('stores a PNG, serves it to anyone with caching headers and an ETag, and removes it', async () => {
    const { org, client } = await orgWithOwner(t, 'Northwind Academy');
    const png = pngImage(300, 100);
    // The client's Content-Type is not what decides: the bytes are.
    const saved = await upload(client, org.id, png, 'application/octet-stream');
    expect(saved.status).toBe(200);
    expect(saved.body.logo).toMatchObject({
      contentType: 'image/png',
      width: 300,
      height: 100,
      bytes: png.length,
    });
    expect(saved.body.sender).toBe('Northwind Academy via Beckon');
    const url = new URL(saved.body.logo.url);
    expect(url.origin).toBe('http://beckon.test');

    const anonymous = t.client();
    const image = await anonymous.request('GET', url.pathname + url.search);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(image.headers['content-disposition']).toBe('inline; filename="logo.png"');
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const bytes = (await t.app.inject({ method: 'GET', url: url.pathname + url.search })).rawPayload;
    expect(bytes.equals(png)).toBe(true);
    const etag = String(image.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);

    const unversioned = await anonymous.request('GET', url.pathname);
    expect(unversioned.headers['cache-control']).toBe('no-cache');
    const again = await anonymous.request('GET', url.pathname, undefined, { 'if-none-match': etag });
    expect(again.status).toBe(304);

    const jpeg = await upload(client, org.id, jpegImage(640, 200), 'image/png');
    expect(jpeg.status).toBe(200);
    expect(jpeg.body.logo).toMatchObject({ contentType: 'image/jpeg', width: 640, height: 200 });
    expect(jpeg.body.logo.url).not.toBe(saved.body.logo.url);
    const stale = await anonymous.request('GET', url.pathname, undefined, { 'if-none-match': etag });
    expect(stale.status).toBe(200);
    expect(stale.headers['content-type']).toBe('image/jpeg');

    expect((await client.delete(`/api/v1/orgs/${org.id}/branding/logo`)).status).toBe(204);
    expect((await anonymous.request('GET', url.pathname)).status).toBe(404);
    expect((await client.get(`/api/v1/orgs/${org.id}/branding`)).body.logo).toBeNull();

    const audit = await t.services.db
      .selectFrom('audit_events')
      .select(['action', 'changes'])
      .where('org_id', '=', org.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.changes)).toEqual([
      { logo: { from: null, to: 'PNG 300 × 100' } },
      { logo: { from: 'PNG 300 × 100', to: 'JPEG 640 × 200' } },
      { logo: { from: 'JPEG 640 × 200', to: null } },
    ]);
  });

  it('refuses other types by their bytes, whatever Content-Type says: SVG with a script, WebP, text', async () => {
    const { org, client } = await orgWithOwner(t);
    const svg = await upload(client, org.id, SVG_WITH_SCRIPT, 'image/png');
    expect(svg.status).toBe(415);
    expect(svg.body.error.code).toBe('unsupported_image_type');
    expect(svg.body.error.message).toMatch(/SVG images are not accepted/);
    const svgTyped = await upload(client, org.id, SVG_WITH_SCRIPT, 'image/svg+xml');
    expect(svgTyped.status).toBe(415);
    const webp = await upload(client, org.id, WEBP_HEADER, 'image/webp');
    expect(webp.status).toBe(415);
    expect(webp.body.error.message).toMatch(/WebP/);
    const text = await upload(
      client,
      org.id,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'image/jpeg',
    );
    expect(text.status).toBe(415);
    expect((await client.get(`/api/v1/orgs/${org.id}/branding`)).body.logo).toBeNull();
  });

  it('refuses a file too big, an image with too many pixels, and a damaged one', async () => {
    const { org, client } = await orgWithOwner(t);
    const justOver = pngImage(100, 100, { padBytes: LOGO_MAX_BYTES });
    const big = await upload(client, org.id, justOver);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/at most 256 KB/);
    const huge = await upload(client, org.id, Buffer.alloc(3 * LOGO_MAX_BYTES, 1));
    expect(huge.status).toBe(413);

    const wide = await upload(client, org.id, pngImage(4000, 10));
    expect(wide.status).toBe(400);
    expect(wide.body.error.code).toBe('image_too_many_pixels');
    expect(wide.body.error.message).toMatch(/4000 × 10/);
    const tallJpeg = await upload(client, org.id, jpegImage(100, 3000));
    expect(tallJpeg.body.error.code).toBe('image_too_many_pixels');

    const png = pngImage(50, 50);
    const truncated = await upload(client, org.id, png.subarray(0, png.length - 20));
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.code).toBe('invalid_image');
    const corrupted = Buffer.from(png);
    corrupted[20] = corrupted[20]! ^ 0xff; // inside IHDR: its CRC no longer matches
    expect((await upload(client, org.id, corrupted)).body.error.code).toBe('invalid_image');
    const empty = await upload(client, org.id, Buffer.alloc(0));
    expect(empty.status).toBe(400);
  });

  it('is the settings capability: learners and HR are refused, another organization is not found, CSRF holds', async () => {
    const { org, client } = await orgWithOwner(t);
    const hr = await memberOf(t, org.id, 'hr');
    expect((await upload(hr.client, org.id, pngImage(10, 10))).status).toBe(403);
    expect(
      (await hr.client.patch(`/api/v1/orgs/${org.id}/branding`, { accentColor: '#000000' })).status,
    ).toBe(403);
    const other = await orgWithOwner(t);
    expect((await upload(other.client, org.id, pngImage(10, 10))).status).toBe(404);
    const noCsrf = t.client();
    noCsrf.cookie = client.cookie;
    expect((await upload(noCsrf, org.id, pngImage(10, 10))).status).toBe(403);
  });

  it('validates the accent colour and the Reply-To choice, and records the change in the audit log', async () => {
    const { org, client } = await orgWithOwner(t);
    const start = await client.get(`/api/v1/orgs/${org.id}/branding`);
    expect(start.body).toMatchObject({ accentColor: null, replyToInviter: true, logo: null });
    for (const bad of ['red', '#12345g', 'url(javascript:x)', '#1234567'])
      expect((await client.patch(`/api/v1/orgs/${org.id}/branding`, { accentColor: bad })).status).toBe(400);
    const set = await client.patch(`/api/v1/orgs/${org.id}/branding`, {
      accentColor: '#0F7',
      replyToInviter: false,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ accentColor: '#00ff77', replyToInviter: false });
    const entry = await t.services.db
      .selectFrom('audit_events')
      .select(['action', 'changes'])
      .where('org_id', '=', org.id)
      .where('action', '=', 'branding.changed')
      .executeTakeFirstOrThrow();
    expect(entry.changes).toEqual({
      accentColor: { from: null, to: '#00ff77' },
      replyToInviter: { from: true, to: false },
    });
    const cleared = await client.patch(`/api/v1/orgs/${org.id}/branding`, { accentColor: null });
    expect(cleared.body.accentColor).toBeNull();
  });
});
