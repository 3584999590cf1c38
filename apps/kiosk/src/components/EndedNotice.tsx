import { useI18n } from '../i18n';
import { endedWords, type EndedInfo } from '../lib/ended';
import { Icon } from './Icon';
import 'messages:ended';

const STAR = 'M12 3.5l2.6 5.3 5.9.9-4.2 4.1 1 5.8-5.3-2.8-5.3 2.8 1-5.8-4.2-4.1 5.9-.9z';
const CLOCK = 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2';
const HEART = 'M12 20s-7.5-4.6-7.5-10A4.2 4.2 0 0 1 12 7.6 4.2 4.2 0 0 1 19.5 10c0 5.4-7.5 10-7.5 10z';
const ICON: Record<EndedInfo['because'], string> = { finished: STAR, expired: CLOCK, ended: HEART, revoked: HEART };

/** The big, kind "your session is over" message at the top of the scan screen. */
export function EndedNotice({ ended }: { ended: EndedInfo }) {
  const { t } = useI18n();
  const { title, message } = endedWords(ended);
  return (
    <section className="notice ended" role="status" aria-label={t('ended.label')}>
      <span className="notice-icon">
        <Icon path={ICON[ended.because]} />
      </span>
      <h2>{t(title)}</h2>
      <p>{t(message)}</p>
    </section>
  );
}
