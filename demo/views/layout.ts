import { html, type SafeHtml } from './html.js';
import type { LoggedEvent } from '../events.js';
import { clock } from './html.js';

/** What every page passes to {@link page}. */
export interface PageParts {
  title: string;
  /** Path of the nav entry to highlight. */
  here: '/' | '/login' | '/devices' | '/cookie';
  /** Right side of the header: who you are. */
  who: string;
  flash?: { text: string; error?: boolean } | null;
  main: SafeHtml;
  aside: SafeHtml;
  /** The hidden `_csrf` field (demo/csrf.ts) put into every POST form of the page. */
  csrf: SafeHtml;
}

const NAV: Array<[PageParts['here'], string]> = [
  ['/', 'Tutorial'],
  ['/login', 'Log in'],
  ['/devices', 'Your devices'],
  ['/cookie', 'Cookie mode'],
];

/** The whole document around a page's content. */
export function page(parts: PageParts): string {
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${parts.title} · satchel demo</title>
<link rel="stylesheet" href="/assets/demo.css">
<script src="/assets/panel.js" defer></script>
<script src="/assets/csrf.js" defer></script>
</head>
<body>
<header><div class="bar">
  <a class="brand" href="/">satchel demo</a>
  <nav>${NAV.map(([href, label]) => html`<a href="${href}" class="${href === parts.here ? 'here' : ''}">${label}</a>`)}</nav>
  <span class="who" id="who">${parts.who}</span>
</div></header>
<main>
  <div>
    ${parts.flash ? html`<div class="flash ${parts.flash.error ? 'error' : ''}" role="status">${parts.flash.text}</div>` : ''}
    ${parts.main}
  </div>
  <aside>${parts.aside}</aside>
</main>
</body>
</html>
`.value;
  // One place rather than a parameter through every view: no POST form can be left without it.
  return document.replace(/<form method="post"[^>]*>/g, (tag) => tag + parts.csrf.value);
}

/** The lifecycle events card: the server renders it, panel.js refreshes it every 2 s. */
export function eventsCard(events: readonly LoggedEvent[]): SafeHtml {
  return html`<div class="card">
  <h2>Lifecycle events</h2>
  <p class="muted">The last 20, as <code>session().on(…)</code> and <code>cookieSession().on(…)</code> report them. Ids appear only as keyed hashes.</p>
  <ol class="events" id="events">
    ${events.length === 0 ? html`<li class="muted">Nothing yet.</li>` : ''}
    ${events.map(
      (e) => html`<li><span class="tag ${e.mode}">${e.mode}</span><span class="type"> ${e.type}</span><small> ${clock(e.at)}</small><div class="muted">${e.detail}</div></li>`,
    )}
  </ol>
</div>`;
}
