import { describe, expect, it } from 'vitest';
import { appOrigins, cleanReturnPath, continueTo, type LandingApp } from '../../src/invitations/landing.ts';
import { AppError } from '../../src/shared/errors.ts';

const app: LandingApp = {
  id: 'a1',
  name: 'Acme Learn',
  redirectUris: ['https://learn.example.com/auth/callback', 'http://127.0.0.1:4100/cb'],
  postLogoutRedirectUris: ['https://www.example.com/bye'],
  launchUrl: 'https://learn.example.com/my/',
  disabled: false,
};

const refused = (raw: string) => {
  try {
    cleanReturnPath(app, raw, 'returnPath');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual({ field: 'returnPath' });
    return (error as AppError).code;
  }
  return 'accepted';
};

describe('invitation landing: return paths are only ever on the app', () => {
  it('knows the origins the app registered', () => {
    expect(appOrigins(app)).toEqual([
      'https://learn.example.com',
      'http://127.0.0.1:4100',
      'https://www.example.com',
    ]);
  });

  it('takes paths on the app and URLs on its registered origins', () => {
    expect(cleanReturnPath(app, '/course/view.php?id=12#top', 'returnPath')).toBe(
      '/course/view.php?id=12#top',
    );
    expect(cleanReturnPath(app, ' /a/../b ', 'returnPath')).toBe('/b');
    expect(cleanReturnPath(app, 'http://127.0.0.1:4100/welcome', 'returnPath')).toBe(
      'http://127.0.0.1:4100/welcome',
    );
    expect(cleanReturnPath(app, 'https://www.example.com/start', 'returnPath')).toBe(
      'https://www.example.com/start',
    );
  });

  it('refuses everything that could leave the app', () => {
    for (const raw of [
      'https://evil.example/',
      'https://learn.example.com.evil.example/',
      'https://learn.example.com:8443/',
      'http://learn.example.com/',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      'data:text/html,x',
      'https://user:pw@learn.example.com/',
      '/path with space',
      '/tab\there',
      'relative/path',
      '',
      `/${'a'.repeat(2000)}`,
    ]) {
      expect(refused(raw), raw).toBe('invalid_return_path');
    }
  });

  it('continues to the return path, else the launch URL, else the first origin; never for a disabled app', () => {
    expect(continueTo(app, '/course/12')).toEqual({
      app: { id: 'a1', name: 'Acme Learn' },
      url: 'https://learn.example.com/course/12',
    });
    expect(continueTo(app, 'http://127.0.0.1:4100/welcome')?.url).toBe('http://127.0.0.1:4100/welcome');
    expect(continueTo(app, null)?.url).toBe('https://learn.example.com/my/');
    expect(continueTo({ ...app, launchUrl: null }, null)?.url).toBe('https://learn.example.com/');
    // The app no longer registers the stored URL's origin: its launch URL instead.
    expect(continueTo({ ...app, redirectUris: [] }, 'http://127.0.0.1:4100/welcome')?.url).toBe(
      'https://learn.example.com/my/',
    );
    expect(continueTo({ ...app, disabled: true }, '/course/12')).toBeNull();
    expect(continueTo(null, '/course/12')).toBeNull();
  });
});
