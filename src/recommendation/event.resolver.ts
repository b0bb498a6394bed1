import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import { RecommendationContext } from './recommendation.context';
import { EventInput } from './event.input';
import { MAX_EVENTS_PER_CALL, recordEvent, recordEvents } from './event.service';

@Resolver()
export class EventResolver {
  @Mutation(() => Boolean, { description: 'Records what a member did on an app; an identical event is stored once.' })
  async recordEvent(@Arg('input', () => EventInput) input: EventInput, @Ctx() { db }: RecommendationContext): Promise<boolean> {
    await recordEvent(db, input);
    return true;
  }

  @Mutation(() => Int, {
    description: `The bulk path: records 1 to ${MAX_EVENTS_PER_CALL} events in one transaction, all or none (an invalid event or an unknown account refuses the batch, extensions.index says which); identical events are stored once. Answers how many were given.`,
  })
  recordEvents(@Arg('inputs', () => [EventInput]) inputs: EventInput[], @Ctx() { db }: RecommendationContext): Promise<number> {
    return recordEvents(db, inputs);
  }
}
