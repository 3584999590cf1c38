import { useState } from 'react';
import { useI18n } from '../i18n';
import { Page } from '../ui/Page';
import { CreateGrantDialog } from './CreateGrantDialog';
import { GrantsSection } from './GrantsSection';
import { PolicySection } from './PolicySection';
import { RequestsSection } from './RequestsSection';
import { useAgentRequestEvents } from './use-agent-request-events';
import 'messages:agents';
import 'messages:nav';

interface AgentsPageProps {
  /** False while the sign-in has lapsed: the request stream pauses until the admin is back. */
  live: boolean;
  onSignedOut: () => void;
}

/**
 * AI agents over MCP: approval requests as they arrive, the grants agents connect with, and the
 * policy that governs them. A module of its own, easy to load lazily.
 */
export function AgentsPage({ live, onSignedOut }: AgentsPageProps) {
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  const events = useAgentRequestEvents({ enabled: live, onSignedOut });
  return (
    <Page
      id="agents"
      title={t('nav.agents')}
      lede={t('agents.lede')}
      actions={
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          {t('agents.newGrant')}
        </button>
      }
    >
      <RequestsSection eventsStatus={events.status} reconnecting={events.reconnecting} />
      <GrantsSection onCreate={() => setCreating(true)} />
      <PolicySection />
      {creating && <CreateGrantDialog onClose={() => setCreating(false)} />}
    </Page>
  );
}
