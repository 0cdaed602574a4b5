import { isDatabaseUnavailable, translateDatabaseError } from './database-errors.js';

/**
 * Found by the bank test under faults (test/reliability): while its PostgreSQL restarted, every request in flight
 * answered 500 COMMON.INTERNAL ("Connection terminated unexpectedly", ECONNREFUSED, 57P01), telling clients the
 * service was at fault when the right answer is 503: nothing was committed, try again with the same key.
 */
describe('a database that is away answers 503, not 500', () => {
  const queryFailed = (driverError: object) => Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError });

  it.each([
    ['the connection dropped mid-query', queryFailed(new Error('Connection terminated unexpectedly'))],
    ['the connection dropped (bare pg error)', new Error('Connection terminated unexpectedly')],
    ['the server refused the connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['the socket was reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['the server is shutting down (57P01)', queryFailed({ code: '57P01', message: 'terminating connection due to administrator command' })],
    ['the server crashed (57P02)', queryFailed({ code: '57P02', message: 'terminating connection because of crash of another server process' })],
    ['the server is starting up (57P03)', queryFailed({ code: '57P03', message: 'the database system is starting up' })],
    ['a connection exception (08006)', queryFailed({ code: '08006', message: 'connection failure' })],
    ['too many connections (53300)', queryFailed({ code: '53300', message: 'sorry, too many clients already' })],
    ['the pool could not connect in time', new Error('timeout exceeded when trying to connect')],
  ])('%s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const translated = translateDatabaseError(error);
    expect(translated).toMatchObject({ status: 503, code: 'COMMON.UNAVAILABLE', extensions: { retryAfterSeconds: 1 } });
  });

  it.each([
    ['a unique violation', queryFailed({ code: '23505', message: 'duplicate key' })],
    ['a syntax error of ours', queryFailed({ code: '42601', message: 'syntax error' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('%s is not a database outage', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(translateDatabaseError(error)?.status).not.toBe(503);
  });
});
