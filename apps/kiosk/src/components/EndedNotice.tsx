import { useI18n } from '../i18n';
import { endedWords, type EndedInfo } from '../lib/session-view';
import { Icon, type IconName } from './Icon';

const ICON: Record<EndedInfo['because'], IconName> = { finished: 'star', expired: 'clock', ended: 'heart', revoked: 'heart' };

/** The big, kind "your session is over" message at the top of the scan screen. */
export function EndedNotice({ ended }: { ended: EndedInfo }) {
  const { t } = useI18n();
  const { title, message } = endedWords(ended);
  return (
    <section className="notice ended" role="status" aria-label={t('ended.label')}>
      <span className="notice-icon">
        <Icon name={ICON[ended.because]} />
      </span>
      <h2>{t(title)}</h2>
      <p>{t(message)}</p>
    </section>
  );
}
