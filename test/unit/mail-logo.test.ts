import { describe, expect, it } from 'vitest';
import { LOGO_SRC, logoForViewing, withLogoSize, withoutLogo } from '../../src/mail/logo.ts';

/** A body as the built-in layout renders it with a 240 × 60 logo. */
const body = `<div><p><img src="${LOGO_SRC}" width="240" height="60" alt="Acme" style="display:block;border:0;height:auto"></p><p>Join us</p></div>`;

describe('the inline logo of a stored email', () => {
  it('is drawn at the size of the logo now, the CSS left as it was', () => {
    const resized = withLogoSize(body, { width: 64, height: 64 });
    expect(resized).toContain(`<img src="${LOGO_SRC}" width="64" height="64" alt="Acme"`);
    expect(resized).toContain('style="display:block;border:0;height:auto"');
    expect(resized).toContain('<p>Join us</p>');
  });

  it('goes with the paragraph that only held it when the organization has no logo now', () => {
    expect(withoutLogo(body)).toBe('<div><p>Join us</p></div>');
    // A template that put the logo beside text keeps the text.
    const inline = `<p><img src="${LOGO_SRC}" width="10" height="10"> Acme</p>`;
    expect(withoutLogo(inline)).toBe('<p> Acme</p>');
  });

  it('is shown from its address, at its size now, when viewed in the console', () => {
    const viewed = logoForViewing(body, {
      address: 'https://beckon.example/logo?v=1',
      width: 500,
      height: 500,
    });
    expect(viewed).toContain('<img src="https://beckon.example/logo?v=1" width="64" height="64"');
    expect(viewed).not.toContain('cid:');
    expect(logoForViewing(body, null)).toBe('<div><p>Join us</p></div>');
    expect(logoForViewing('<p>No logo</p>', null)).toBe('<p>No logo</p>');
  });
});
