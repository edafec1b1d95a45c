import { describe, expect, it } from 'vitest';
import { minutesText, secondsText } from '../../src/shared/durations.ts';

describe('waits in API messages', () => {
  it('says "1 second" and "1 minute", and plurals otherwise', () => {
    expect(secondsText(1)).toBe('1 second');
    expect(secondsText(41)).toBe('41 seconds');
    expect(minutesText(1)).toBe('1 minute');
    expect(minutesText(15)).toBe('15 minutes');
  });
});
