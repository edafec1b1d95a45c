import { describe, expect, it } from 'vitest';
import { checkEmail } from '../../src/shared/validation.ts';

describe('checking an address', () => {
  it('makes full-width letters, digits and signs ASCII, as typed in Japanese full-width mode', () => {
    expect(checkEmail('ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toEqual({ ok: true, email: 'user@example.com' });
    expect(checkEmail('\u3000Ｔａｒｏ．Ｙ＋１＠Ｅｘａｍｐｌｅ．ＪＰ\u3000')).toEqual({
      ok: true,
      email: 'Taro.Y+1@example.jp',
    });
  });

  it('still refuses what no address may hold, in any width', () => {
    expect(checkEmail('山田＠example.jp')).toMatchObject({ ok: false, code: 'invalid_email' });
    expect(checkEmail('a\u3000b@example.com')).toMatchObject({ ok: false, code: 'invalid_email' });
    expect(checkEmail('user@ｅｘａｍｐｌｅ')).toMatchObject({ ok: false, code: 'invalid_email' });
  });

  it('takes internationalised domains, one address whichever spelling was typed', () => {
    expect(checkEmail('user@bücher.de')).toEqual({ ok: true, email: 'user@bücher.de' });
    expect(checkEmail('user@xn--bcher-kva.de')).toEqual({ ok: true, email: 'user@bücher.de' });
    expect(checkEmail('user@BÜCHER.DE')).toEqual({ ok: true, email: 'user@bücher.de' });
    expect(checkEmail('info@пример.рф')).toEqual({ ok: true, email: 'info@пример.рф' });
    expect(checkEmail('user@exa_mple.com')).toMatchObject({ ok: false, reason: 'domain' });
    expect(checkEmail('user@-bücher.de')).toMatchObject({ ok: false, reason: 'domain' });
    expect(checkEmail('user@bücher')).toMatchObject({ ok: false, reason: 'domain' });
  });
});
