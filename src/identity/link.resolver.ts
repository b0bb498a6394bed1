import { FieldResolver, Resolver, Root } from 'type-graphql';
import { readLinkEvidence } from './link.evidence';
import { Link, LinkEvidence } from './link.type';

@Resolver(() => Link)
export class LinkResolver {
  @FieldResolver(() => LinkEvidence, {
    nullable: true,
    description: 'For links matching made: the comparison that decided it, as it was made then (explainMatchByIds scores a pair as it is now). Null for new members, links on a person\'s word or an operator\'s.',
  })
  evidence(@Root() link: Link): LinkEvidence | null {
    return readLinkEvidence(link.evidence);
  }
}
