import { afterAll } from 'vitest';
import { stopStartedServers } from './helpers/server.ts';

afterAll(stopStartedServers);
