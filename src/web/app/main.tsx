import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import 'dayjs/locale/fr';
import './app.css';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, setOnUnauthenticated } from './api.ts';
import { meQuery } from './auth.ts';
import { buildRouter, isPublicPath } from './router.tsx';
import { theme } from './theme.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});
const router = buildRouter(queryClient);
// Asked now, while React starts: the signed-in check no longer waits for it (not on the login pages).
if (!isPublicPath(location.pathname)) void queryClient.prefetchQuery(meQuery);

setOnUnauthenticated(() => {
  queryClient.setQueryData(['me'], null);
  if (!location.pathname.startsWith('/connexion')) {
    void router.navigate({ to: '/connexion', search: { redirect: location.pathname } });
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      {/* Date pickers in French, weeks starting on Monday. */}
      <DatesProvider settings={{ locale: 'fr', firstDayOfWeek: 1 }}>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  </StrictMode>,
);
