import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { RecommendationContext } from './recommendation.context';
import { EventInput } from './event.input';
import { recordEvent } from './event.service';

@Resolver()
export class EventResolver {
  @Mutation(() => Boolean, { description: 'Records what a member did on an app; an identical event is stored once.' })
  async recordEvent(@Arg('input', () => EventInput) input: EventInput, @Ctx() { db }: RecommendationContext): Promise<boolean> {
    await recordEvent(db, input);
    return true;
  }
}
