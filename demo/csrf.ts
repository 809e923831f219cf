import type { Request } from 'express';
import { html, type SafeHtml } from './views/html.js';

/**
 * The hidden `_csrf` field every POST form of the demo carries. A session that already holds a
 * CSRF secret gets its token rendered; a visitor without one gets an empty field that
 * public/csrf.js fills from `tokenUrl` when the form is submitted, so merely viewing a page
 * still creates no session (LC-06) while every POST is still checked.
 */
export function csrfField(req: Request, tokenUrl: string): SafeHtml {
  const session = req.session as unknown as Record<string, unknown> | null;
  const token = typeof session?.csrfSecret === 'string' ? req.csrfToken() : '';
  return html`<input type="hidden" name="_csrf" value="${token}" data-token-url="${tokenUrl}">`;
}
