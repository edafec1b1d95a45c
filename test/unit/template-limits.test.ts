import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_PLACEHOLDER } from '../../src/mail/outbox.ts';
import type { EmailKind } from '../../src/mail/render.ts';
import { AppError } from '../../src/shared/errors.ts';
import { BUILT_IN } from '../../src/templates/builtins/index.ts';
import { renderTemplate, sampleVars, validateTemplate } from '../../src/templates/engine.ts';
import { markupOf } from '../../src/templates/work-limits.ts';
import { watchEventLoopBlocks } from '../helpers/event-loop.ts';

const LINK = '{{ link }}';
/** What the live preview does: validate, then render the sample data. */
const preview = async (
  content: { subject: string; html: string; text: string },
  kind: EmailKind = 'invitation',
) => {
  await validateTemplate(kind, content);
  return renderTemplate(kind, content, sampleVars(kind));
};
const withField = (field: 'subject' | 'html' | 'text', source: string) => ({
  subject: 'Welcome',
  html: `<p>${LINK}</p>`,
  text: LINK,
  [field]: source,
});

// Templates that each tried to hold the server: huge ranges and what filters do with them, loops
// in loops, strings doubled or captured in loops, and sources packed with markup to parse.
const ADVERSARIAL: [name: string, field: 'subject' | 'html' | 'text', source: string][] = [
  ['a huge range summed', 'text', `{% assign a = (1..3000000) %}{{ a | sum }}${LINK}`],
  ['a range just under the limit, then read', 'html', `{% assign a = (1..99000) %}{{ a | size }}${LINK}`],
  [
    'a range summed in a loop',
    'text',
    `{% assign a = (1..20000) %}{% for i in (1..100000) %}{{ a | sum }}{% endfor %}${LINK}`,
  ],
  ['a range sorted', 'html', `{% assign a = (1..19000) | reverse %}{{ a | sort | first }}${LINK}`],
  [
    'a range sorted in a loop',
    'text',
    `{% assign a = (1..3000) %}{% for i in (1..100000) %}{% assign b = a | sort %}{% endfor %}${LINK}`,
  ],
  ['join on a huge range', 'text', `{% assign a = (1..3000000) %}{{ a | join: "," | size }}${LINK}`],
  [
    'an expression per element',
    'html',
    `{% assign a = (1..7000) %}{{ a | where_exp: "i", "i > 5" | size }}${LINK}`,
  ],
  [
    'nested loops',
    'text',
    `{% for i in (1..100000) %}{% for j in (1..100000) %}{% endfor %}{% endfor %}${LINK}`,
  ],
  [
    'deeply nested loops',
    'html',
    `${'{% for i in (1..2) %}'.repeat(30)}x${'{% endfor %}'.repeat(30)}${LINK}`,
  ],
  [
    'contains on a big array in a loop',
    'text',
    `{% assign a = (1..19000) %}{% for i in (1..100000) %}{% if a contains 0 %}{% endif %}{% endfor %}${LINK}`,
  ],
  [
    'tablerow in tablerow',
    'html',
    `{% tablerow i in (1..100000) %}{% tablerow j in (1..100000) %}{% endtablerow %}{% endtablerow %}${LINK}`,
  ],
  [
    'a string doubled by append',
    'text',
    `{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}${LINK}`,
  ],
  [
    'a string captured in a loop, then searched',
    'text',
    `{% capture s %}{% for i in (1..1000000) %}${'a'.repeat(4000)}{% endfor %}{% endcapture %}{% if s contains "b" %}{% endif %}${LINK}`,
  ],
  ['output grown by a loop', 'html', `{% for i in (1..1000000) %}${'x'.repeat(40000)}{% endfor %}${LINK}`],
  [
    'a split of a captured string, summed',
    'text',
    `{% capture s %}{% for i in (1..100000) %}a,{% endfor %}{% endcapture %}{{ s | split: "," | sum }}${LINK}`,
  ],
  [
    'replace in a loop',
    'html',
    `{% capture s %}${'a'.repeat(9000)}{% endcapture %}{% for i in (1..100000) %}{% assign t = s | replace: "a", "bbbbbbbbbb" %}{% endfor %}${LINK}`,
  ],
  ['a date padded to a billion characters', 'text', `{{ "now" | date: "%1000000000d" }}${LINK}`],
  ['a body packed with outputs', 'html', LINK.repeat(4900)],
  ['a body packed with assigns', 'text', `${'{% assign x = 1 %}'.repeat(2700)}${LINK}`],
  ['one output with thousands of arguments', 'html', `{{ link | default: ${'link, '.repeat(7000)}link }}`],
  [
    'a condition nested in parentheses',
    'text',
    `${LINK}{% if ${'('.repeat(4900)}true${')'.repeat(4900)} %}{% endif %}`,
  ],
  ['an unclosed output', 'html', `${LINK}{{ link ${'x'.repeat(40000)}`],
  [
    'a subject looping',
    'subject',
    '{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}',
  ],
];

/** Longest a preview may hold the event loop: the 20 ms CPU limit, one tag's bounded work, parsing. */
const BLOCK_BOUND_MS = 50;

describe('template rendering limits', () => {
  const blocks = watchEventLoopBlocks();
  beforeAll(async () => {
    // The first parse and render compile liquidjs's code: not something a template can cause.
    for (const [kind, content] of Object.entries(BUILT_IN.en)) await preview(content, kind as EmailKind);
  });
  afterAll(() => blocks.stop());

  /**
   * The longest block while `work` runs, the smallest of up to three runs: a busy shared host can
   * stretch one run's CPU time, while a template that holds the loop holds it every time.
   */
  async function longestBlockOf<T>(work: () => Promise<T>): Promise<{ result: T; longest: number }> {
    let best: { result: T; longest: number } | undefined;
    for (let run = 0; run < 3 && (best === undefined || best.longest >= BLOCK_BOUND_MS); run++) {
      blocks.reset();
      const result = await work();
      const longest = await blocks.longestMs();
      if (best === undefined || longest < best.longest) best = { result, longest };
    }
    return best!;
  }

  it.each(ADVERSARIAL)('refuses %s in the %s without holding the event loop', async (_, field, source) => {
    const { result: error, longest } = await longestBlockOf(() =>
      preview(withField(field, source)).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_template', details: { field } });
    expect(longest, `longest block ${longest.toFixed(1)} ms`).toBeLessThan(BLOCK_BOUND_MS);
  });

  it('accepts bodies at the markup limits without holding the event loop', async () => {
    const { result: rendered, longest } = await longestBlockOf(() =>
      preview({
        subject: 'Welcome',
        html: LINK.repeat(499),
        text: `${'{% assign x = 1 %}'.repeat(498)}${LINK}`,
      }),
    );
    expect(rendered.html).toContain(LINK_PLACEHOLDER);
    expect(longest, `longest block ${longest.toFixed(1)} ms`).toBeLessThan(BLOCK_BOUND_MS);
  });

  it('still renders an ordinary rich template, loops and filters included', async () => {
    const html = [
      '<h1>{{ organization.name | upcase }}</h1>',
      '{% if inviter.name %}<p>{{ inviter.name }} invited you as {{ invitation.role }}.</p>{% endif %}',
      '{% capture greeting %}Hello {{ recipient.email | split: "@" | first }}{% endcapture %}<p>{{ greeting }}</p>',
      '{% if message %}<blockquote>{{ message | newline_to_br }}</blockquote>{% endif %}',
      '<ul>{% for step in (1..20) %}<li>Step {{ step }} of 20</li>{% endfor %}</ul>',
      `<p>Expires {{ invitation.expires_at }}</p><a href="${LINK}">Join</a>`,
    ].join('\n');
    const rendered = await preview({ subject: 'Join {{ organization.name }}', html, text: `Join: ${LINK}` });
    expect(rendered.html).toContain('<li>Step 20 of 20</li>');
  });

  it('counts markup without parsing, linearly even for unclosed tags', () => {
    expect(markupOf('a {{ b }} c {% if d %}e{% endif %} {f} {')).toEqual({ tags: 3, chars: 7 + 10 + 11 });
    expect(markupOf('{{ unclosed')).toEqual({ tags: 1, chars: 11 });
    const started = performance.now();
    expect(markupOf('{{'.repeat(25_000)).tags).toBe(1);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
