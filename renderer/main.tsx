import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The theme first, so each component's stylesheet comes after it in the bundle.
import './styles/theme.css';
import { App } from './app/app.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
