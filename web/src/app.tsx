import { lazy, Suspense } from 'react';
import { Link, usePath } from './router.tsx';
import { Dashboard } from './screens/dashboard.tsx';

// Chart-heavy screens load on demand so the first screen's JavaScript stays small.
const AnalysisScreen = lazy(() => import('./screens/analysis.tsx'));
const AccountsScreen = lazy(() => import('./screens/accounts.tsx'));
const WhatIfScreen = lazy(() => import('./screens/what-if.tsx'));
const HistoryScreen = lazy(() => import('./screens/history.tsx'));
const SettingsScreen = lazy(() => import('./screens/settings.tsx'));

const NAV = [
  { href: '/', label: 'Dashboard' },
  { href: '/accounts', label: 'Accounts' },
  { href: '/analysis', label: 'Analysis' },
  { href: '/what-if', label: 'What-if' },
  { href: '/history', label: 'History' },
  { href: '/settings', label: 'Settings' },
];

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

function Screen({ path }: { path: string }) {
  if (path === '/') return <Dashboard />;
  if (path === '/accounts') return <AccountsScreen />;
  if (path === '/analysis') return <AnalysisScreen jobId={null} />;
  const analysis = /^\/analysis\/([\w-]+)$/.exec(path);
  if (analysis?.[1]) return <AnalysisScreen key={analysis[1]} jobId={analysis[1]} />;
  if (path === '/what-if') return <WhatIfScreen />;
  if (path === '/history') return <HistoryScreen />;
  if (path === '/settings') return <SettingsScreen />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no screen at <code>{path}</code>. <Link href="/">Go to the dashboard</Link>.
      </p>
    </section>
  );
}

export function App() {
  const path = usePath();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link href="/" className="brand">
          Alex
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={isCurrent(item.href, path) ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Screen path={path} />
        </Suspense>
      </main>
    </>
  );
}
