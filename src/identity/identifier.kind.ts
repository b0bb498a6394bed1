import { registerEnumType } from 'type-graphql';

export enum IdentifierKind {
  PHONE = 'PHONE',
  EMAIL = 'EMAIL',
  DEVICE_ID = 'DEVICE_ID',
  PAYMENT_ID = 'PAYMENT_ID',
  ID_DOCUMENT = 'ID_DOCUMENT',
}

registerEnumType(IdentifierKind, { name: 'IdentifierKind', description: 'What an identifier is; decides how it is normalized, masked and weighed.' });
