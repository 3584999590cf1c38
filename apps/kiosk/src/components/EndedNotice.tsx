import { endedWords, type EndedInfo } from '../lib/session-view';
import { Icon, type IconName } from './Icon';

const ICON: Record<EndedInfo['because'], IconName> = { finished: 'star', expired: 'clock', ended: 'heart', revoked: 'heart' };

/** The big, kind "your session is over" message at the top of the scan screen. */
export function EndedNotice({ ended }: { ended: EndedInfo }) {
  const { title, message } = endedWords(ended);
  return (
    <section className="notice ended" role="status" aria-label="Session ended">
      <span className="notice-icon">
        <Icon name={ICON[ended.because]} />
      </span>
      <h2>{title}</h2>
      <p>{message}</p>
    </section>
  );
}
