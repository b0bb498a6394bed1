import { buildSchema, execute, parse } from 'graphql';
import { FieldCall, gateEveryField } from '../../src/platform/field.gate';

const sdl = `
  type Query { member(id: ID!): Member }
  type Member { id: ID! name: String accounts: [Account!]! }
  type Account { app: String! }
`;

function gatedSchema(middleware: (call: FieldCall<unknown>, next: () => unknown) => unknown) {
  const schema = buildSchema(sdl);
  schema.getQueryType()!.getFields().member.resolve = (_root, args) => ({ id: args.id, name: 'Li', accounts: [{ app: 'TAOBAO' }, { app: 'ELEME' }] });
  return gateEveryField(schema, middleware);
}

describe('the field gate (platform/field.gate.ts)', () => {
  it('runs the middleware on every field, scalars and list items included, and not on introspection', async () => {
    const seen: string[] = [];
    const schema = gatedSchema((call, next) => {
      seen.push(`${call.info.parentType.name}.${call.info.fieldName}`);
      return next();
    });
    const result = await execute({ schema, document: parse('{ member(id: "m1") { id name accounts { app } } __typename }') });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ member: { id: 'm1', name: 'Li', accounts: [{ app: 'TAOBAO' }, { app: 'ELEME' }] }, __typename: 'Query' });
    expect(seen.sort()).toEqual(['Account.app', 'Account.app', 'Member.accounts', 'Member.id', 'Member.name', 'Query.member']);
  });

  it('answers synchronously when the middleware and the resolver do (type-graphql made every field a promise)', () => {
    const schema = gatedSchema((_call, next) => next());
    const result = execute({ schema, document: parse('{ member(id: "m1") { id accounts { app } } }') });
    expect(result).not.toBeInstanceOf(Promise);
    expect((result as { data: unknown }).data).toEqual({ member: { id: 'm1', accounts: [{ app: 'TAOBAO' }, { app: 'ELEME' }] } });
  });

  it('refuses a field the middleware throws on, with the middleware\'s error, and passes arguments to it', async () => {
    const schema = gatedSchema((call, next) => {
      if (call.info.fieldName === 'name') throw new Error('Not allowed: name');
      if (call.info.fieldName === 'member') expect(call.args).toEqual({ id: 'm2' });
      return next();
    });
    const result = await execute({ schema, document: parse('{ member(id: "m2") { id name } }') });
    expect(result.data).toEqual({ member: { id: 'm2', name: null } });
    expect(result.errors?.map((e) => e.message)).toEqual(['Not allowed: name']);
  });
});
