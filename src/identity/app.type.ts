import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One of the ecosystem apps an account lives on.' })
export class App {
  @Field(() => String, { description: 'The app code, e.g. TAOBAO, ELEME, NETEASE_MUSIC.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The life scenario of the membership card: eat, play, listen, watch, shop, travel, health, finance or home.' })
  scenario!: string;

  @Field(() => Boolean, { description: 'True for partners outside the group (NETEASE_MUSIC).' })
  external!: boolean;
}
