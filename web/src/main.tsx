import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { initI18n, storedLang } from './i18n';
import { setDevToken } from './lib/api';
import { App } from './App';
// Vazirmatn, served from Mizan itself (no font CDN): Arabic, Persian and Latin letters, regular and bold.
import '@fontsource/vazirmatn/400.css';
import '@fontsource/vazirmatn/700.css';
import './styles.css';

// Development server only (`vite` in dev mode, never the built app): "?token=mzn_…" signs this tab in
// with an API token. Everyone else signs in with their national ID (cookie session).
const params = new URLSearchParams(location.search);
const token = import.meta.env.DEV ? params.get('token') : null;
if (token !== null) {
  setDevToken(token || null);
  params.delete('token');
  history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}${location.hash}`);
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 15_000, refetchOnWindowFocus: true, retry: (count, e) => count < 2 && (e as { status?: number }).status === 0 },
    mutations: { retry: false },
  },
});

const initial = storedLang() ?? (document.documentElement.lang as 'ar' | 'fa' | 'en') ?? 'ar';
await initI18n(initial);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
