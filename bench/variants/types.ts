/**
 * The contract between the bench runner and one variant (a session library set up one way).
 * A variant is built inside the server child process; everything it needs comes in the context.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/** What a route sees of the session: its data and, for libraries without middleware, a save. */
export interface SessionAccess {
  data: Record<string, unknown>;
  /** Libraries that need an explicit save (iron-session); middleware libraries commit themselves. */
  save?: () => Promise<void>;
}

/** What every built variant provides, whatever serves it. */
interface InstanceBase {
  /** Sessions held in this process' heap (in-memory stores), for heap bytes per session. */
  storedCount?(): Promise<number>;
  /** Backend round trips counted in-process (PostgreSQL queries through a wrapped pool). */
  roundTrips?(): number;
  /** Drops what the variant created (table, key prefix, temp file) and closes its clients. */
  close(): Promise<void>;
}

/** An Express row, served by bench/app.ts' `buildBenchApp`. */
export interface ExpressInstance extends InstanceBase {
  /** Installed before the routes, e.g. `session({...})`. */
  middleware?: RequestHandler;
  /** Returns the session of this request; sync when the library allows it. */
  access(req: IncomingMessage, res: ServerResponse): SessionAccess | Promise<SessionAccess>;
}

/** A Fastify, Koa or Hono row: the framework's own app serving the three routes (variants/<framework>.ts). */
export interface FrameworkInstance extends InstanceBase {
  listener: RequestListener;
}

/** A variant built and ready to serve. */
export type VariantInstance = ExpressInstance | FrameworkInstance;

/** The framework a row runs on; each framework's `group: 'baseline'` row is its rows' ratio base. */
export type Framework = 'express' | 'express4' | 'fastify' | 'koa' | 'hono';

/** The framework's name as the tables print it. */
export const FRAMEWORK_NAMES: Readonly<Record<Framework, string>> = { express: 'Express 5', express4: 'Express 4', fastify: 'Fastify 5', koa: 'Koa 3', hono: 'Hono 4 on @hono/node-server' };

/** Facts the runner hands to a variant. */
export interface VariantContext {
  /** Redis the variant must use (the runner's private instance, so command stats are exact). */
  redisUrl: string;
  postgresUrl: string;
  /** MySQL/MariaDB (`mysql://user@host:port/db`). */
  mysqlUrl: string;
  /** A directory removed after the run. */
  tmpDir: string;
  /** A name unique to this cell, usable as a table name or key prefix. */
  unique: string;
}

/** Which backend a variant talks to; decides how round trips are counted. */
export type Backend = 'none' | 'memory' | 'redis' | 'postgres' | 'mysql' | 'sqlite' | 'cookie';

/** One row of the results table. */
export interface VariantDef {
  id: string;
  label: string;
  /** 'floor': the hand-written minimum satchel is held to (variants/floor/), never shipped. */
  group: 'baseline' | 'floor' | 'peer' | 'satchel';
  /** Unset: Express. */
  framework?: Framework;
  backend: Backend;
  create(ctx: VariantContext): Promise<VariantInstance>;
}

/** satchel's MemoryStore as the framework rows use it (loaded from `dist/`, so typed here). */
export type MemoryStoreClass = new (options: { max: number }) => { length(): Promise<number>; close?(): Promise<void> };

/** Thrown by a satchel variant whose module does not exist yet: the row reads "n/a (not built yet)". */
export class NotBuiltError extends Error {
  override name = 'NotBuiltError';
}
