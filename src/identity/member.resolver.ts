import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { selectionOf } from '../platform/selection';
import { eraseMember } from './erasure.service';
import { AuditEvent, AuditEventConnection } from './match.type';
import { auditEventConnection } from './audit.service';
import { Connection } from '../platform/connection';
import { IdentityContext } from './identity.context';
import { Account } from './account.type';
import { requireApp } from './app.registry';
import { Member } from './member.type';
import { requireFirst } from '../platform/page';

@Resolver(() => Member)
export class MemberResolver {
  @Query(() => Member, { nullable: true, description: 'The member with this id, or null.' })
  member(@Arg('id', () => ID) id: string, @Ctx() { readMember }: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<Member | null> {
    return readMember(id, selectionOf(info));
  }

  @Query(() => AuditEventConnection, {
    description: "A member's audit trail by cursor, newest first (a merged-away id reads its survivor's); first: 1 to 100; analysts, and members for themselves.",
  })
  auditEvents(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the page before; null for the first page.' }) after: string | null,
    @Ctx() context: IdentityContext,
  ): Promise<Connection<AuditEvent>> {
    return auditEventConnection(context, memberId, first ?? 20, after ?? null);
  }

  @FieldResolver(() => [Account], { description: 'The member\'s linked accounts, optionally only those on one app.' })
  async accounts(
    @Root() member: Member,
    @Arg('app', () => String, { nullable: true }) app: string | null,
    @Ctx() { loaders }: IdentityContext,
  ): Promise<Account[]> {
    if (app) requireApp(app);
    const accounts = await loaders.accountsByMember.load(member.id);
    return app ? accounts.filter((a) => a.appCode === app) : accounts;
  }

  @FieldResolver(() => [AuditEvent], { nullable: true, description: 'Merges, links, unlinks and review decisions that shaped this member, newest first. Null (with a FORBIDDEN error) for a role that may not read it.' })
  auditTrail(@Root() member: Member, @Arg('first', () => Int, { defaultValue: 50 }) first: number, @Ctx() { loaders }: IdentityContext): Promise<AuditEvent[]> {
    requireFirst(first, 500);
    return loaders.auditTrailByMember.load({ id: member.id, first });
  }

  @Mutation(() => Boolean, { description: 'Erases a member with its accounts, identifiers and links; false when there was no such member.' })
  eraseMember(@Arg('id', () => ID) id: string, @Ctx() { db, config, erasureParts }: IdentityContext): Promise<boolean> {
    return eraseMember(db, config, id, erasureParts);
  }
}
