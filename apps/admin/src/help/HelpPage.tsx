import { useI18n, type AdminMessageId } from '../i18n';
import type { Route } from '../lib/routes';
import { NavLink } from '../ui/NavLink';
import { Page } from '../ui/Page';
import 'messages:help';
import 'messages:nav';

interface Topic {
  id: string;
  title: AdminMessageId;
  text: AdminMessageId[];
  /** The screen where this is done, linked by its name in the navigation. */
  goTo?: { route: Route; label: AdminMessageId };
}

// What teachers ask on their first days, in the order they meet it. Kept short: the full guides
// (HTTPS on a school network, locking a tablet to the app, agents' policy) are in docs/.
const TOPICS: Topic[] = [
  { id: 'start', title: 'help.start.title', text: ['help.start.text'], goTo: { route: 'learners', label: 'nav.learners' } },
  { id: 'class', title: 'help.class.title', text: ['help.class.text'], goTo: { route: 'class', label: 'nav.class' } },
  { id: 'tablets', title: 'help.tablets.title', text: ['help.tablets.text', 'help.tablets.guide'], goTo: { route: 'tablets', label: 'nav.tablets' } },
  { id: 'codes', title: 'help.codes.title', text: ['help.codes.unknown', 'help.codes.tooMany'], goTo: { route: 'live', label: 'nav.live' } },
  { id: 'ending', title: 'help.ending.title', text: ['help.ending.text'], goTo: { route: 'live', label: 'nav.live' } },
  { id: 'lost', title: 'help.lost.title', text: ['help.lost.text'], goTo: { route: 'tablets', label: 'nav.tablets' } },
  { id: 'agents', title: 'help.agents.title', text: ['help.agents.text'], goTo: { route: 'agents', label: 'nav.agents' } },
  { id: 'audit', title: 'help.audit.title', text: ['help.audit.text'], goTo: { route: 'audit', label: 'nav.audit' } },
];

/** Short answers to what a new admin asks, each with a link to the screen where it is done. */
export function HelpPage() {
  const { t } = useI18n();
  return (
    <Page id="help" title={t('help.title')} lede={t('help.lede')}>
      <div className="help-topics">
        {TOPICS.map((topic) => (
          <section key={topic.id} className="panel help-topic" aria-labelledby={`help-${topic.id}`}>
            <h2 id={`help-${topic.id}`}>{t(topic.title)}</h2>
            {topic.text.map((id) => (
              <p key={id}>{t(id)}</p>
            ))}
            {topic.goTo && (
              <p className="help-go">
                <NavLink to={topic.goTo.route} current={false} className="help-go-link">
                  {t('help.goTo', { page: t(topic.goTo.label) })}
                </NavLink>
              </p>
            )}
          </section>
        ))}
      </div>
    </Page>
  );
}
