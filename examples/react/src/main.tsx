import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Registering the elements before React renders: React 19 then sets what an
// element has (post, client…) as a property rather than as an attribute.
import '@ecotone/elements/provider.js';
import '@ecotone/elements/post.js';
import '@ecotone/elements/composer.js';
import { App } from './App.js';
import './app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
