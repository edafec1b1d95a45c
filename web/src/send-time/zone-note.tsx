import { useIntl } from 'react-intl';
import { useT } from '../i18n/use-t.tsx';
import { zoneAbbreviation } from './zoned-time.ts';

/** "Times are in Asia/Tokyo (JST).": which clocks a send time is read on. */
export function ZoneNote({ zone }: { zone: string }) {
  const t = useT();
  const { locale } = useIntl();
  const abbreviation = zoneAbbreviation(zone, locale);
  return (
    <span data-testid="send-time-zone">
      {abbreviation ? t('send-time.zone', { zone, abbreviation }) : t('send-time.zoneOnly', { zone })}
    </span>
  );
}
