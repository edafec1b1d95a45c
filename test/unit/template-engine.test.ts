import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.ts';
import { builtIn } from '../../src/templates/builtins/index.ts';
import { renderTemplate, sampleVars, validateTemplate } from '../../src/templates/engine.ts';

const content = (fields: Partial<{ subject: string; html: string; text: string }>) => ({
  subject: 'Join {{ organization.name }}',
  html: '<p><a href="{{ link }}">Join</a></p>',
  text: 'Join: {{ link }}',
  ...fields,
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const e = error as AppError;
  return { status: e.status, code: e.code, message: e.message, details: e.details };
}

describe('template engine', () => {
  it('renders variables, escaping them in HTML and not in text', async () => {
    const rendered = await renderTemplate(
      'invitation',
      content({
        subject: 'Join {{ organization.name }}\r\nBcc: someone',
        html: '<p>{{ organization.name }}</p><a href="{{ link }}">Join</a>',
        text: '{{ organization.name }} {{ link }}',
      }),
      { ...sampleVars('invitation'), organizationName: 'Tom & <Jerry>', link: 'https://x.test/i/1' },
    );
    expect(rendered.html).toBe('<p>Tom &amp; &lt;Jerry&gt;</p><a href="https://x.test/i/1">Join</a>');
    expect(rendered.text).toBe('Tom & <Jerry> https://x.test/i/1');
    // A subject is one line whatever the template says.
    expect(rendered.subject).not.toMatch(/[\r\n]/);
    expect(rendered.subject).toContain('Join Tom & <Jerry>');
  });

  it('accepts every built-in template for its kind', async () => {
    for (const kind of ['invitation', 'reminder', 'password_reset', 'join_verification'] as const) {
      await expect(validateTemplate(kind, builtIn(kind, 'en'))).resolves.toBeUndefined();
    }
  });

  it('refuses an empty subject, an unknown variable and an unknown filter, naming the field and line', async () => {
    expect(await refusal(validateTemplate('invitation', content({ subject: '  ' })))).toEqual({
      status: 400,
      code: 'invalid_template',
      message: 'The subject is empty.',
      details: { field: 'subject' },
    });
    expect(
      await refusal(
        validateTemplate('invitation', content({ text: 'Hi\n{{ recipient.salary }} {{ link }}' })),
      ),
    ).toEqual({
      status: 400,
      code: 'invalid_template',
      message: 'Unknown variable "recipient.salary" on line 2',
      details: { field: 'text', line: 2 },
    });
    const filter = await refusal(
      validateTemplate('invitation', content({ html: '<a href="{{ link }}">{{ link | explode }}</a>' })),
    );
    expect(filter).toMatchObject({ code: 'invalid_template', details: { field: 'html', line: 1 } });
    expect(filter.message).toBe('Unknown filter "explode" on line 1');
  });
});
