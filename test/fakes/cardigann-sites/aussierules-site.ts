// A fake of the Aussierul.es private tracker (TS Special Edition) as the `aussierules` Cardigann
// definition (v11) reads it: `login.php` with a login form (a hidden token the form must carry back),
// `takelogin.php` setting a session cookie or showing "An error has occured!", `browse.php` (login
// required; otherwise a redirect to login.php) with `table#sortabletable`, and `download.php?id=`
// serving .torrent files to logged-in users only.
import { randomBytes } from 'node:crypto';
import { escapeHtml, makeTorrent, startFakeSite, type FakeSite, type SiteReply } from './fake-site.js';

export interface AussieRulesTorrent {
  id: number;
  title: string;
  /** As the site prints it: "27-03-2021 18:34". */
  added: string;
  size: string;
  snatched: number;
  seeders: number;
  leechers: number;
}

export interface AussieRulesSite extends FakeSite {
  infoHashOf(id: number): string;
  /** Forgets every session, as when the site expires them. */
  expireSessions(): void;
}

export async function startAussieRulesSite(
  account: { username: string; password: string },
  torrents: readonly AussieRulesTorrent[],
): Promise<AussieRulesSite> {
  const files = new Map(torrents.map((t) => [t.id, makeTorrent(t.title)]));
  const sessions = new Set<string>();
  const tokens = new Set<string>();
  const loggedIn = (cookies: Record<string, string>) => sessions.has(cookies.tsue_session ?? '');
  const toLogin: SiteReply = { status: 302, headers: { location: '/login.php' } };

  const site = await startFakeSite((request): SiteReply => {
    switch (request.path) {
      case '/login.php': {
        const token = randomBytes(8).toString('hex');
        tokens.add(token);
        return {
          body: `<html><body><form method="post" action="takelogin.php">
<input type="hidden" name="securitytoken" value="${token}">
<input type="text" name="username"><input type="password" name="password">
<input type="checkbox" name="logout" value="yes"><input type="submit" value="Login">
</form></body></html>`,
        };
      }
      case '/takelogin.php': {
        const { form } = request;
        if (request.method !== 'POST' || !tokens.has(form.get('securitytoken') ?? '')) {
          return { status: 400, body: 'missing security token' };
        }
        if (form.get('username') !== account.username || form.get('password') !== account.password) {
          return {
            body: '<table><tr><td>An error has occured! Username or password is wrong.</td></tr></table>',
          };
        }
        const session = randomBytes(12).toString('hex');
        sessions.add(session);
        return {
          status: 302,
          headers: { location: '/index.php', 'set-cookie': `tsue_session=${session}; Path=/; HttpOnly` },
        };
      }
      case '/index.php':
      case '/':
        return loggedIn(request.cookies) ? { body: '<a href="logout.php">Logout</a>' } : toLogin;
      case '/browse.php': {
        if (!loggedIn(request.cookies)) return toLogin;
        const words = (request.query.get('keywords') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const hits = torrents.filter((t) => words.every((w) => t.title.toLowerCase().includes(w)));
        const rows = hits
          .map(
            (t) => `<tr><td><img src="cat.png"></td>
<td><div><a href="details.php?id=${t.id}"><strong>${escapeHtml(t.title)}</strong></a></div><div>${t.added}</div></td>
<td><a href="download.php?id=${t.id}"><img src="dl.png"></a></td><td>0</td>
<td>${t.size}</td><td>${t.snatched}</td><td>${t.seeders}</td><td>${t.leechers}</td></tr>`,
          )
          .join('\n');
        return {
          body: `<html><body><a href="logout.php">Logout</a><table id="sortabletable"><tbody>
<tr><td>Type</td><td>Name</td><td>DL</td><td>C</td><td>Size</td><td>Snatched</td><td>Seeders</td><td>Leechers</td></tr>
${rows}</tbody></table></body></html>`,
        };
      }
      case '/download.php': {
        if (!loggedIn(request.cookies)) return toLogin;
        const file = files.get(Number(request.query.get('id')));
        if (!file) return { status: 404, body: 'no such torrent' };
        return { headers: { 'content-type': 'application/x-bittorrent' }, body: file.torrent };
      }
      default:
        return { status: 404, body: 'not found' };
    }
  });
  return { ...site, infoHashOf: (id) => files.get(id)!.infoHash, expireSessions: () => sessions.clear() };
}
