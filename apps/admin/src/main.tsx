import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { takeSetupTokenFromAddress } from './auth/setup-link';
import { adminI18n } from './i18n';
import './styles/app.css';
import './styles/print.css';

// Before anything renders or fetches: a set-up link's token leaves the address bar at once.
const setupToken = takeSetupTokenFromAddress();

// The language remembered on this browser, else the browser's own; Spanish loads before the first screen.
void adminI18n.start().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App setupToken={setupToken} />
    </StrictMode>,
  ),
);
