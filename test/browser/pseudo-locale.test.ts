/**
 * Pseudo-localization at 375 px: every page of the console and the invitee pages in en-XA, where
 * each catalog message is a third longer, accented, and wrapped in ⟦…⟧. A page passes when it does
 * not overflow the screen, no button clips its label, and every word on it came from a catalog
 * (text outside the brackets is only the test's own data, numbers, dates, addresses and language
 * names). Run with `npm run test:browser`.
 */
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../src/i18n/intl.ts';
import { LOCALE_NAMES } from '../../src/i18n/locales.ts';
import type { Runtime } from '../../src/runtime.ts';
import { apiCall, closeConsole, launchBrowser, shot, signedInOrganization, startServer } from './harness.ts';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let baseUrl = '';

const ORG = 'Northwind Academy';
const OWNER = 'Olivia Owner';
const GROUP = 'Safety Crew';
/** What the test typed, the product's name and languages by their own names: data, never translated. */
/** The literal words of a message, plural and select branches included. */
function literalsOf(elements: MessageFormatElement[]): string[] {
  return elements.flatMap((el) => {
    if (el.type === TYPE.literal) return [el.value];
    if (el.type === TYPE.tag) return literalsOf(el.children);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      return Object.values(el.options).flatMap((option) => literalsOf(option.value));
    return [];
  });
}

/**
 * What the server writes from its own catalog (import problems and their summaries): in the
 * language the console asks for, which for the pseudo-language is English.
 */
const SERVER_WORDS = [
  ...new Set(
    Object.values(readCatalog('en'))
      .flatMap((message) => literalsOf(parse(message)))
      .map((text) => text.trim())
      .filter((text) => /[A-Za-z]{3}/.test(text)),
  ),
];

const DATA = [
  ...SERVER_WORDS,
  ORG,
  OWNER,
  GROUP,
  'Fire drill',
  'Beckon',
  'en-XA',
  ...Object.values(LOCALE_NAMES),
  // DNS record types, and the English invitation email the mailbox lists (its own language's words).
  'TXT',
  'invited you to join',
  'via Beckon',
];

beforeAll(async () => {
  ({ runtime, baseUrl } = await startServer());
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: false });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(() => closeConsole({ browser, runtime }));

interface PageProblems {
  overflow: number;
  clipped: string[];
  untranslated: string[];
}

/** What the page shows that did not come from a catalog, and what does not fit at this width. */
function problemsOnPage(p: Page): Promise<PageProblems> {
  return p.evaluate((data: string[]) => {
    const DATE_WORDS =
      /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b(AM|PM|UTC|GMT)\b|\b(ago|in|yesterday|today|tomorrow|now|second|minute|hour|day|week|month|year)s?\b/g;
    const stripData = (text: string) => {
      let rest = text;
      // Longest first, so "via Beckon" goes whole before "Beckon" would leave "via".
      for (const d of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(d).join(' ');
      return rest
        .replace(/[\w.+-]+@[\w.-]+/g, ' ')
        .replace(/https?:\/\/\S+/g, ' ')
        .replace(/#[0-9a-f]{3,8}\b/gi, ' ')
        .replace(/\b(?:[A-Z][A-Za-z_-]+\/)+[A-Za-z0-9_+-]+/g, ' ')
        .replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/gi, ' ')
        .replace(DATE_WORDS, ' ');
    };
    const skipped = (el: Element) =>
      el.closest('script,style,noscript,[translate="no"],time,code,pre,textarea,iframe,svg') !== null;
    const untranslated = new Set<string>();
    let depth = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent ?? '';
      let outside = '';
      for (const ch of text) {
        if (ch === '⟦') depth++;
        else if (ch === '⟧') depth = Math.max(0, depth - 1);
        else if (depth === 0) outside += ch;
      }
      if (!el || skipped(el)) continue;
      const visible = el.closest('option') !== null || el.checkVisibility({ visibilityProperty: true });
      if (visible && /[A-Za-z]{2,}/.test(stripData(outside))) untranslated.add(text.trim().slice(0, 80));
    }
    for (const el of document.querySelectorAll('[placeholder],[aria-label],[title],img[alt]')) {
      if (skipped(el)) continue;
      for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
        const value = el.getAttribute(name);
        if (value && !value.includes('⟦') && /[A-Za-z]{2,}/.test(stripData(value)))
          untranslated.add(`${name}="${value.slice(0, 80)}"`);
      }
    }
    const clipped: string[] = [];
    for (const b of document.querySelectorAll<HTMLElement>('button, a.button, [role="tab"]')) {
      if (!b.checkVisibility()) continue;
      if (b.scrollWidth > b.clientWidth + 1) clipped.push((b.textContent ?? '').trim().slice(0, 60));
    }
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    return { overflow, clipped, untranslated: [...untranslated] };
  }, DATA);
}

async function expectLocalized(p: Page, name: string) {
  await p.waitForLoadState('networkidle').catch(() => {});
  await p.locator('main, [role="main"], #main').first().waitFor();
  await p.waitForFunction(() => !document.querySelector('[role="status"]')?.textContent?.includes('⟦Ĺó'));
  const problems = await problemsOnPage(p);
  await shot(p, `pseudo-${name}`, { fullPage: true });
  expect(problems, name).toEqual({ overflow: expect.any(Number), clipped: [], untranslated: [] });
  expect(problems.overflow, `${name}: page wider than the screen`).toBeLessThanOrEqual(1);
}

describe('pseudo-localization at 375 px', () => {
  let orgId = '';
  let inviteUrl = '';
  let invitationId = '';
  let groupId = '';

  beforeAll(async () => {
    ({ orgId } = await signedInOrganization({ runtime, baseUrl, page }, ORG, OWNER));
    const call = (method: string, path: string, body?: unknown) => apiCall(page, baseUrl, method, path, body);
    const group = await call('POST', `/orgs/${orgId}/groups`, {
      name: GROUP,
      trainings: [{ name: 'Fire drill' }],
    });
    expect(group.status).toBe(201);
    const invited = await call('POST', `/orgs/${orgId}/invitations`, {
      emails: ['pat@example.com'],
      groupIds: [group.body.id],
    });
    expect(invited.status).toBe(201);
    invitationId = invited.body.invitations[0].id;
    groupId = group.body.id;
    const link = await call('GET', `/orgs/${orgId}/invitations/${invitationId}/link`);
    inviteUrl = link.body.url;
  });

  const PAGES = [
    '',
    '/people',
    '/groups',
    '/imports',
    '/templates',
    '/settings',
    '/apps',
    '/api-keys',
    '/webhooks',
    '/delivery',
    '/sending-domain',
    '/join-page',
    '/audit-log',
    '/mailbox',
    '/account',
  ];

  for (const sub of PAGES) {
    it(`console ${sub || 'home'}`, async () => {
      await page.goto(`${baseUrl}/o/${orgId}${sub}?lang=en-XA`);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-XA');
      await expectLocalized(page, `console${sub.replace('/', '-') || '-home'}`);
    });
  }

  it('an invitation, a group, the menu and the invite dialog', async () => {
    await page.goto(`${baseUrl}/o/${orgId}/invitations/${invitationId}?lang=en-XA`);
    await expectLocalized(page, 'console-invitation');
    await page.goto(`${baseUrl}/o/${orgId}/groups/${groupId}?lang=en-XA`);
    await expectLocalized(page, 'console-group');
    await page.goto(`${baseUrl}/o/${orgId}/people?lang=en-XA`);
    // Below 760 px the navigation is behind the menu button.
    await page.getByRole('button', { name: /Ṁéñú/ }).click();
    await page.getByRole('navigation').first().waitFor();
    await expectLocalized(page, 'console-menu');
    await page.keyboard.press('Escape');
    await page
      .getByRole('button', { name: /Íñṽíţé~* þéóþĺé/ })
      .first()
      .click();
    await page.getByRole('dialog').waitFor();
    await expectLocalized(page, 'console-invite-dialog');
  });

  it('an import preview with row problems, the template editor, a member', async () => {
    await page.goto(`${baseUrl}/o/${orgId}/imports?lang=en-XA`);
    await page.locator('input[type="file"]').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'email,groups,role,language\nana@example.com,Safety Crew,learner,ja\nnot-an-address,,,\nbo@example.com,Nowhere,boss,xx\npat@example.com,,,\n',
      ),
    });
    await page.getByRole('button', { name: /Þŕéṽíéŵ/ }).click();
    await page.getByTestId('import-preview').waitFor();
    await expectLocalized(page, 'console-import-preview');

    await page.goto(`${baseUrl}/o/${orgId}/templates?lang=en-XA`);
    await page.getByRole('button', { name: /Ñéŵ~* ţéɱþĺáţé/ }).click();
    await page.getByRole('dialog').or(page.locator('form')).first().waitFor();
    await expectLocalized(page, 'console-template-editor');

    const members = await apiCall(page, baseUrl, 'GET', `/orgs/${orgId}/members`);
    const memberId = (members.body.members ?? members.body.items ?? members.body)[0].id;
    await page.goto(`${baseUrl}/o/${orgId}/members/${memberId}?lang=en-XA`);
    await expectLocalized(page, 'console-member');
  });

  it('the invitee page', async () => {
    const invitee = await (await browser.newContext({ viewport: { width: 375, height: 740 } })).newPage();
    await invitee.goto(`${inviteUrl}${inviteUrl.includes('?') ? '&' : '?'}lang=en-XA`);
    await expect.poll(() => invitee.evaluate(() => document.documentElement.lang)).toBe('en-XA');
    await expectLocalized(invitee, 'invitee');
    await invitee.context().close();
  });

  it('the sign-in page', async () => {
    const visitor = await (await browser.newContext({ viewport: { width: 375, height: 740 } })).newPage();
    await visitor.goto(`${baseUrl}/sign-in?lang=en-XA`);
    await expectLocalized(visitor, 'sign-in');
    await visitor.context().close();
  });
});
