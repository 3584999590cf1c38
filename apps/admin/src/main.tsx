import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { takeSetupTokenFromAddress } from './auth/setup-link';
import './styles/app.css';
import './styles/print.css';

// Before anything renders or fetches: a set-up link's token leaves the address bar at once.
const setupToken = takeSetupTokenFromAddress();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App setupToken={setupToken} />
  </StrictMode>,
);
