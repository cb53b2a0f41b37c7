import type { Server } from 'node:http';
import { listenOnLoopback, type LocalServer } from './servers';

// dynalite ships no types; these are the parts we use.
type DynaliteFactory = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

/**
 * dynalite (a DynamoDB API server on LevelDB) in this process, in memory, on a port the OS picks;
 * tables become ACTIVE at once. It speaks the item calls the publish ledger makes (GetItem,
 * PutItem with condition expressions, BatchGetItem, BatchWriteItem); it has no transactions and
 * never expires items by their time to live (ARCHITECTURE.md section 6c).
 */
export async function startDynalite(): Promise<LocalServer> {
  const dynalite = require('dynalite') as DynaliteFactory;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  return listenOnLoopback(server, { closeConnections: true });
}
