import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { kioskI18n } from './i18n';
import { launch } from './launch/launch';
import { registerServiceWorker } from './register-sw';
import './styles.css';

registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// English is in the bundle and ready at once; a Spanish tablet waits for its small catalog first, so
// no learner sees the first screen in the wrong language.
void kioskI18n.start().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App launch={launch} />
    </StrictMode>,
  ),
);
