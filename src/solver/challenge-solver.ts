// Owns what the indexers see of a challenge solver: one interface, with two implementations, our
// own solver in this process and an external FlareSolverr (or another Omniarr) reached over HTTP
// (flaresolverr.client.ts). Indexers never learn which one they talk to.
import { BadRequestError, UpstreamError } from '../shared/errors.js';
import {
  parseSolverCommand,
  SolverRequestError,
  type InputCookie,
  type Solution,
} from './flaresolverr-protocol.js';
import { ChallengeError, type SolverService } from './solver.service.js';

export interface SolveRequest {
  url: string;
  /** GET unless told; POST sends `postData` (application/x-www-form-urlencoded). */
  method?: 'GET' | 'POST';
  postData?: string;
  cookies?: InputCookie[];
  /** Whole budget for the solve, including waiting for a free browser slot. */
  maxTimeoutMs?: number;
  /** Solve inside a named session, whose cookies persist between calls. */
  session?: string;
  /** Skip the page body and headers when only the clearance cookies matter. */
  returnOnlyCookies?: boolean;
}

export interface SolvedPage extends Solution {
  /** "Challenge solved!" or "Challenge not detected!". */
  message: string;
}

export interface ChallengeSolver {
  /** For logs and errors: "Omniarr solver" or the FlareSolverr URL. */
  readonly name: string;
  /** Throws UpstreamError when the challenge cannot be passed in time. */
  solve(request: SolveRequest, signal?: AbortSignal): Promise<SolvedPage>;
  createSession(id?: string): Promise<string>;
  listSessions(): Promise<string[]>;
  /** Whether a session of that name existed. */
  destroySession(id: string): Promise<boolean>;
}

export const DEFAULT_SOLVE_TIMEOUT_MS = 60_000;

/** Our own solver, called directly: no HTTP, no JSON. */
export class InProcessChallengeSolver implements ChallengeSolver {
  readonly name = 'Omniarr solver';

  constructor(private readonly service: SolverService) {}

  async solve(request: SolveRequest, signal?: AbortSignal): Promise<SolvedPage> {
    const method = request.method ?? 'GET';
    try {
      const command = parseSolverCommand({
        cmd: method === 'GET' ? 'request.get' : 'request.post',
        url: request.url,
        postData: method === 'POST' ? (request.postData ?? '') : undefined,
        maxTimeout: request.maxTimeoutMs ?? DEFAULT_SOLVE_TIMEOUT_MS,
        cookies: request.cookies,
        returnOnlyCookies: request.returnOnlyCookies,
        session: request.session,
      });
      const result = await this.service.run(command, signal);
      if (!result.solution) throw new ChallengeError('the solver answered without a solution');
      return { message: result.message, ...result.solution };
    } catch (error) {
      if (error instanceof ChallengeError)
        throw new UpstreamError(this.name, error.message, { cause: error });
      if (error instanceof SolverRequestError)
        throw new BadRequestError(error.message, undefined, { cause: error });
      throw error;
    }
  }

  async createSession(id?: string): Promise<string> {
    const result = await this.service.run({ cmd: 'sessions.create', session: id });
    return result.session!;
  }

  listSessions(): Promise<string[]> {
    return Promise.resolve(this.service.sessionIds());
  }

  destroySession(id: string): Promise<boolean> {
    return this.service.destroySession(id);
  }
}
