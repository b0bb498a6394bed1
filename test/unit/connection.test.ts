import { decodeCursor, encodeCursor, Keyset, pageRequest, toConnection } from '../../src/platform/connection';

const keyset: Keyset = { name: 'things', key: ['number', 'string'], maxFirst: 10 };

describe('connection cursors', () => {
  it('round-trips a sort key through an opaque cursor', () => {
    const key = [0.30000000000000004, '2026-12-07T20:00:00.123456789Z'];
    const cursor = encodeCursor(keyset, key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(keyset, cursor)).toEqual(key);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a b'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['another list', encodeCursor({ ...keyset, name: 'others' }, [1, 'x'])],
    ['too few parts', encodeCursor(keyset, [1])],
    ['a part of the wrong type', encodeCursor(keyset, ['1', 'x'])],
    ['not an object at all', Buffer.from('"things"').toString('base64url')],
  ])('refuses a cursor that is %s with BAD_USER_INPUT on after', (_what, cursor) => {
    expect(() => decodeCursor(keyset, cursor)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }));
  });

  it('checks first against the list maximum and asks for one row more', () => {
    expect(pageRequest(keyset, 10, null)).toEqual({ first: 10, after: null, limit: 11 });
    for (const first of [0, 11, 1.5]) expect(() => pageRequest(keyset, first, null)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } }));
  });
});

describe('toConnection', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ node: { i }, key: [i, `k${i}`] }));

  it('cuts the extra row, says there is a next page, and ends at the last edge', async () => {
    const request = pageRequest(keyset, 2, null);
    const count = jest.fn(async () => 7);
    const page = toConnection(keyset, request, rows(3), count);
    expect(page.edges.map((e) => e.node)).toEqual([{ i: 0 }, { i: 1 }]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[1].cursor });
    expect(decodeCursor(keyset, page.pageInfo.endCursor!)).toEqual([1, 'k1']);
    expect(count).not.toHaveBeenCalled();
    expect(await page.totalCount).toBe(7);
    expect(await page.totalCount).toBe(7);
    expect(count).toHaveBeenCalledTimes(1);
  });

  it('answers the last page without a next one, and an empty one without a cursor', () => {
    const request = pageRequest(keyset, 5, null);
    expect(toConnection(keyset, request, rows(3), async () => 3).pageInfo.hasNextPage).toBe(false);
    expect(toConnection(keyset, request, [], async () => 0).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('leaves out an edge whose node is gone, and still ends the page after it', () => {
    const request = pageRequest(keyset, 2, null);
    const page = toConnection(keyset, request, [rows(1)[0], { node: null, key: [1, 'k1'] }, rows(3)[2]], async () => 3);
    expect(page.edges).toHaveLength(1);
    expect(decodeCursor(keyset, page.pageInfo.endCursor!)).toEqual([1, 'k1']);
  });
});
